import Foundation

/// Reads a file in chunks and hands them on as UTF-8, transcoding Windows-1252 and UTF-16 on
/// the way, so that parsers work on UTF-8 bytes and memory stays flat in the file's size.
final class ByteStream {
  let path: String
  let encoding: TextEncoding
  let sizeInBytes: Int?
  private let handle: UnsafeMutablePointer<FILE>
  private(set) var bytesRead = 0
  private var carry: [UInt8] = []   // an odd byte or lone high surrogate of UTF-16 across chunks
  private var raw = [UInt8](repeating: 0, count: 1 << 20)
  private(set) var isAtEnd = false

  /// Opens `path`; with no `encoding` given, sniffs it from the first 64 KiB.
  /// - Throws: `ReadError.cannotOpen`.
  init(path: String, encoding: TextEncoding?) throws {
    self.path = path
    guard let handle = fopen(path, "rb") else {
      throw ReadError.cannotOpen(Locator(file: path), reason: String(cString: strerror(errno)))
    }
    self.handle = handle
    var info = stat()
    sizeInBytes = fstat(fileno(handle), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
    var sample = [UInt8](repeating: 0, count: 1 << 16)
    let n = fread(&sample, 1, sample.count, handle)
    sample.removeSubrange(n...)
    let (sniffed, bom) = EncodingSniffer.sniff(sample)
    self.encoding = encoding ?? sniffed
    let skip = encoding == nil || encoding == sniffed ? bom : 0
    fseek(handle, skip, SEEK_SET)
    bytesRead = skip
  }

  deinit { fclose(handle) }

  /// Appends at most about `maximum` decoded bytes to `buffer`; returns how many it appended,
  /// 0 at the end of the file.
  func read(into buffer: inout [UInt8], maximum: Int = 1 << 20) -> Int {
    if raw.count < maximum { raw = [UInt8](repeating: 0, count: maximum) }
    let n = raw.withUnsafeMutableBytes { fread($0.baseAddress, 1, maximum, handle) }
    bytesRead += n
    if n == 0 {
      isAtEnd = true
      if !carry.isEmpty {  // a lone trailing byte: keep it visible as U+FFFD
        buffer.append(contentsOf: [0xEF, 0xBF, 0xBD])
        carry.removeAll()
        return 3
      }
      return 0
    }
    let before = buffer.count
    switch encoding {
    case .utf8:
      buffer.append(contentsOf: raw[0..<n])
    case .windows1252:
      buffer.reserveCapacity(buffer.count + n + n / 4)
      raw.withUnsafeBufferPointer { bytes in
        // Runs of ASCII are copied as they are, in one go.
        var start = 0
        for i in 0..<n where bytes[i] >= 0x80 {
          buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
          appendScalar(Windows1252.scalar(bytes[i]), to: &buffer)
          start = i + 1
        }
        buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n]))
      }
    case .utf16LE, .utf16BE:
      var units = carry
      units.append(contentsOf: raw[0..<n])
      carry.removeAll()
      let little = encoding == .utf16LE
      var i = 0
      while i + 1 < units.count {
        let unit = little ? UInt32(units[i]) | UInt32(units[i + 1]) << 8 : UInt32(units[i]) << 8 | UInt32(units[i + 1])
        if unit >= 0xD800 && unit <= 0xDBFF {
          guard i + 3 < units.count else { break }
          let low = little ? UInt32(units[i + 2]) | UInt32(units[i + 3]) << 8 : UInt32(units[i + 2]) << 8 | UInt32(units[i + 3])
          if low >= 0xDC00 && low <= 0xDFFF {
            appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), to: &buffer)
            i += 4
          } else {
            appendScalar(0xFFFD, to: &buffer)
            i += 2
          }
          continue
        }
        appendScalar(unit >= 0xDC00 && unit <= 0xDFFF ? 0xFFFD : unit, to: &buffer)
        i += 2
      }
      if i < units.count { carry = Array(units[i...]) }
    }
    return buffer.count - before
  }

  private func appendScalar(_ value: UInt32, to buffer: inout [UInt8]) {
    switch value {
    case ..<0x80: buffer.append(UInt8(value))
    case ..<0x800:
      buffer.append(UInt8(0xC0 | value >> 6)); buffer.append(UInt8(0x80 | value & 0x3F))
    case ..<0x10000:
      buffer.append(UInt8(0xE0 | value >> 12)); buffer.append(UInt8(0x80 | value >> 6 & 0x3F))
      buffer.append(UInt8(0x80 | value & 0x3F))
    default:
      buffer.append(UInt8(0xF0 | value >> 18)); buffer.append(UInt8(0x80 | value >> 12 & 0x3F))
      buffer.append(UInt8(0x80 | value >> 6 & 0x3F)); buffer.append(UInt8(0x80 | value & 0x3F))
    }
  }
}

/// Windows-1252's bytes 0x80–0x9F, which differ from Latin-1; the rest map to the same code point.
enum Windows1252 {
  private static let high: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
    0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]
  static func scalar(_ byte: UInt8) -> UInt32 {
    byte >= 0x80 && byte <= 0x9F ? high[Int(byte - 0x80)] : UInt32(byte)
  }
}
