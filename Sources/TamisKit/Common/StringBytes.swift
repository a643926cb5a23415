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
