/// The character encodings exports come in. French Excel writes Windows-1252; most systems
/// write UTF-8, sometimes with a byte-order mark; some Windows tools write UTF-16.
public enum TextEncoding: String, Hashable, Sendable, Codable, CaseIterable {
  case utf8 = "utf-8"
  case utf16LE = "utf-16le"
  case utf16BE = "utf-16be"
  case windows1252 = "windows-1252"

  /// Parses a name given with `--encoding` (`latin1`, `cp1252` and `iso-8859-1` read as
  /// Windows-1252, a superset for printable text).
  public init?(name: String) {
    switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
    case "utf-8", "utf8": self = .utf8
    case "utf-16le", "utf16le", "utf-16", "utf16": self = .utf16LE
    case "utf-16be", "utf16be": self = .utf16BE
    case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "iso8859-1", "ansi": self = .windows1252
    default: return nil
    }
  }
}

/// Guesses an encoding from the first bytes of a file: a byte-order mark wins; otherwise valid
/// UTF-8 is UTF-8 and anything else is Windows-1252 (the encoding of French Excel exports).
public enum EncodingSniffer {
  /// The encoding and the length of the byte-order mark to skip.
  public static func sniff(_ sample: [UInt8]) -> (TextEncoding, bomLength: Int) {
    if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
    if sample.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
    if sample.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
    // UTF-16 without a mark: every other byte zero in ASCII text.
    if sample.count >= 4 {
      let pairs = min(sample.count / 2, 256)
      var evenZero = 0, oddZero = 0
      for i in 0..<pairs {
        if sample[2 * i] == 0 { evenZero += 1 }
        if sample[2 * i + 1] == 0 { oddZero += 1 }
      }
      if oddZero * 10 >= pairs * 9 && evenZero == 0 { return (.utf16LE, 0) }
      if evenZero * 10 >= pairs * 9 && oddZero == 0 { return (.utf16BE, 0) }
    }
    // Valid multi-byte sequences beside a few bad bytes mean a UTF-8 file with errors (reported
    // where they are, the valid names kept intact); bad bytes alone, or with a rare pair that
    // happens to read as UTF-8 (one for twenty bad), mean a single-byte Windows export.
    var valid = 0, invalid = 0
    var i = 0
    let end = sample.count - 3  // a sequence cut by the sample's end is not judged
    while i < end {
      if sample[i] < 0x80 { i += 1; continue }
      if let bad = UTF8Validation.firstInvalidByte(sample[i..<min(sample.count, i + 4)]), bad == i {
        invalid += 1
        i += 1
      } else {
        valid += 1
        i += sample[i] >= 0xF0 ? 4 : sample[i] >= 0xE0 ? 3 : 2
      }
    }
    return invalid > 0 && valid * 20 < invalid ? (.windows1252, 0) : (.utf8, 0)
  }
}

/// Finds bytes that are not UTF-8, so that the reader can name the line and column of a bad
/// byte instead of silently replacing it.
public enum UTF8Validation {
  /// Whether bytes in memory are valid UTF-8; ASCII text (most text) is told eight bytes at a time.
  static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    !ByteWords.hasNonASCII(bytes) || firstInvalidByte(bytes) == nil
  }

  /// Every byte that does not start or continue a valid UTF-8 sequence: each is reported.
  public static func invalidBytes<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> [Int]
  where Bytes.Element == UInt8, Bytes.Index == Int {
    var found: [Int] = []
    var start = bytes.startIndex
    while start < bytes.endIndex, let bad = firstInvalidByte(bytes[start...]) {
      found.append(bad)
      start = bad + 1
    }
    return found
  }

  /// The index of the first byte that does not start or continue a valid UTF-8 sequence.
  /// A sequence cut by the end of `bytes` counts as invalid at its first byte.
  public static func firstInvalidByte<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Int?
  where Bytes.Element == UInt8, Bytes.Index == Int {
    var i = bytes.startIndex
    let end = bytes.endIndex
    while i < end {
      let b = bytes[i]
      if b < 0x80 { i += 1; continue }
      let length: Int
      var minSecond: UInt8 = 0x80, maxSecond: UInt8 = 0xBF
      switch b {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; minSecond = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: length = 3; maxSecond = 0x9F
      case 0xF0: length = 4; minSecond = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; maxSecond = 0x8F
      default: return i
      }
      if i + length > end { return i }
      let second = bytes[i + 1]
      if second < minSecond || second > maxSecond { return i }
      for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
      i += length
    }
    return nil
  }
}
