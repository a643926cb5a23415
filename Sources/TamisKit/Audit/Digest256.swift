/// A SHA-256 or HMAC-SHA256 value held as four words instead of 64 hex characters: a million of
/// them fit in a set without a heap string each. Ordered as their hex text is.
public struct Digest256: Hashable, Comparable, Sendable {
  private var words: (UInt64, UInt64, UInt64, UInt64)

  /// From a hash's bytes, most significant first (the first 32; missing ones count as zero).
  init(bytes: UnsafeRawBufferPointer) {
    func word(_ at: Int) -> UInt64 {
      var value: UInt64 = 0
      for k in at..<at + 8 { value = value << 8 | UInt64(k < bytes.count ? bytes[k] : 0) }
      return value
    }
    words = (word(0), word(8), word(16), word(24))
  }

  /// From 64 hex digits (either case); nil for anything else.
  public init?(hex: UnsafeBufferPointer<UInt8>) {
    guard hex.count == 64 else { return nil }
    func word(_ at: Int) -> UInt64? {
      var value: UInt64 = 0
      for k in at..<at + 16 {
        let digit = hex[k]
        switch digit {
        case 0x30...0x39: value = value << 4 | UInt64(digit - 0x30)
        case 0x61...0x66: value = value << 4 | UInt64(digit - 0x61 + 10)
        case 0x41...0x46: value = value << 4 | UInt64(digit - 0x41 + 10)
        default: return nil
        }
      }
      return value
    }
    guard let a = word(0), let b = word(16), let c = word(32), let d = word(48) else { return nil }
    words = (a, b, c, d)
  }

  public init?(hex: String) {
    var text = hex
    guard let digest = text.withUTF8({ Digest256(hex: $0) }) else { return nil }
    self = digest
  }

  /// The 64 lowercase hex digits the store holds.
  public var hex: String {
    FileDigest.hex([words.0, words.1, words.2, words.3].flatMap { word in (0..<8).map { UInt8(truncatingIfNeeded: word >> (56 - 8 * $0)) } })
  }

  public static func == (a: Digest256, b: Digest256) -> Bool {
    a.words.0 == b.words.0 && a.words.1 == b.words.1 && a.words.2 == b.words.2 && a.words.3 == b.words.3
  }

  public static func < (a: Digest256, b: Digest256) -> Bool {
    (a.words.0, a.words.1, a.words.2, a.words.3) < (b.words.0, b.words.1, b.words.2, b.words.3)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(words.0)
    hasher.combine(words.1)
  }
}
