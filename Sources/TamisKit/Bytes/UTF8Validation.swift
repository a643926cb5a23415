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
