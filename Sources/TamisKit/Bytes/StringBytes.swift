import Foundation

// String helpers that work on UTF-8 bytes where the hot paths cannot afford grapheme breaking.
extension String {
  /// Splits on an ASCII separator byte without grapheme breaking (the store's compact forms
  /// are read back a million at a time); empty parts are kept.
  func splitBytes(_ separator: UInt8) -> [String] {
    var parts: [String] = []
    withUTF8Bytes { bytes in
      var start = 0
      for i in 0..<bytes.count where bytes[i] == separator {
        parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
        start = i + 1
      }
      parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
    }
    return parts
  }
}

extension String {
  /// Calls `body` with the string's UTF-8 bytes, in place when they are contiguous (always, for
  /// native strings): unlike `withUTF8`, this neither needs nor copies a mutable string.
  @inline(__always)
  func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = self
    return try copy.withUTF8(body)
  }

  /// Without leading and trailing white space and newlines; returns the string itself, without
  /// going through Foundation, when it starts and ends with a visible ASCII character.
  var trimmedWhitespace: String {
    guard let first = utf8.first, let last = utf8.last else { return self }
    if first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80 { return self }
    return trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

extension UnsafeBufferPointer where Element == UInt8 {
  /// Whether both hold the same bytes (not `==` on strings, which equates canonically
  /// equivalent spellings, nor `elementsEqual`, which walks them one at a time).
  func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
    guard count == other.count else { return false }
    guard let p = baseAddress, let q = other.baseAddress else { return true }
    return memcmp(p, q, count) == 0
  }
}

/// Tests on eight bytes at a time, for the checks writers make on every value they write
/// ("does this need escaping / quoting?"), where most values need nothing.
enum ByteWords {
  private static let ones: UInt64 = 0x0101_0101_0101_0101
  private static let highs: UInt64 = 0x8080_8080_8080_8080

  /// A mask whose high bits are not all clear exactly when a byte of `word` is `byte`:
  /// `(x - ones) & ~x` sets a byte's high bit where x has a zero byte (and maybe above it).
  /// Masks of several tests are or-ed, then tested once with ``any(_:)``: no branch per test.
  @inline(__always) static func match(_ byte: UInt8, _ word: UInt64) -> UInt64 {
    let x = word ^ (ones &* UInt64(byte))
    return (x &- ones) & ~x
  }

  /// Like ``match(_:_:)``, for the bytes below 0x20: `byte - 0x20` borrows into the high bit only
  /// for them, when the byte's own high bit is clear.
  @inline(__always) static func control(_ word: UInt64) -> UInt64 { (word &- ones &* 0x20) & ~word }

  /// Whether or-ed ``match(_:_:)`` and ``control(_:)`` masks found a byte.
  @inline(__always) static func any(_ masks: UInt64) -> Bool { masks & highs != 0 }

  /// The high bit of each byte of `word` that equals `byte`, exactly (no carries between bytes):
  /// with ``controlBits(_:)``, a scanner finds the first byte it must stop at by counting zeros.
  @inline(__always) static func bits(of byte: UInt8, in word: UInt64) -> UInt64 {
    let x = word ^ (ones &* UInt64(byte))
    return ~(((x & ~highs) &+ ~highs) | x) & highs
  }

  /// The high bit of each byte of `word` below 0x20, exactly.
  @inline(__always) static func controlBits(_ word: UInt64) -> UInt64 {
    ~((word & ~highs) &+ ones &* 0x60) & ~word & highs
  }

  /// Whether any byte is not ASCII (only then has UTF-8 to be checked).
  static func hasNonASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    any(in: bytes, word: { $0 & highs != 0 }, byte: { $0 >= 0x80 })
  }

  /// Whether `test` holds for a word of `bytes`: whole words, then the last eight bytes again
  /// (overlapping) rather than a byte loop; strings shorter than a word are read by `byte`.
  @inline(__always)
  static func any(in bytes: UnsafeBufferPointer<UInt8>, word test: (UInt64) -> Bool, byte: (UInt8) -> Bool) -> Bool {
    guard let base = UnsafeRawPointer(bytes.baseAddress) else { return false }
    let count = bytes.count
    guard count >= 8 else { return bytes.contains(where: byte) }
    var offset = 0
    while offset + 8 <= count {
      if test(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) { return true }
      offset += 8
    }
    return offset < count && test(base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
  }
}
