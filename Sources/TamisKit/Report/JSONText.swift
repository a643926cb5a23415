/// Builds JSON as UTF-8 bytes by hand, with keys in the order given: outputs must be
/// byte-identical from run to run, and this is many times faster than `JSONEncoder` on
/// millions of records.
public struct JSONText {
  public private(set) var bytes: [UInt8] = []
  private var needsComma: [Bool] = []

  public init() {
    bytes.reserveCapacity(512)
  }

  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// A JSON string literal for `string`.
  public static func quote(_ string: String) -> String {
    var bytes: [UInt8] = []
    appendQuoted(string, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  private static let hex = Array("0123456789abcdef".utf8)

  /// Appends `string` as a JSON string literal, escaping only what JSON requires (and U+2028/9).
  public static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
    bytes.append(UInt8(ascii: "\""))
    var string = string
    string.withUTF8 { utf8 in
      var runStart = 0
      var i = 0
      let n = utf8.count
      while i < n {
        let b = utf8[i]
        var escape: [UInt8]? = nil
        if b == UInt8(ascii: "\"") { escape = [92, 34] }
        else if b == UInt8(ascii: "\\") { escape = [92, 92] }
        else if b < 0x20 {
          switch b {
          case 0x0A: escape = [92, UInt8(ascii: "n")]
          case 0x0D: escape = [92, UInt8(ascii: "r")]
          case 0x09: escape = [92, UInt8(ascii: "t")]
          default: escape = [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]]
          }
        } else if b == 0xE2 && i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9) {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
          bytes.append(contentsOf: [92, UInt8(ascii: "u"), 50, 48, 50, utf8[i + 2] == 0xA8 ? 56 : 57])
          i += 3
          runStart = i
          continue
        }
        if let escape {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
          bytes.append(contentsOf: escape)
          runStart = i + 1
        }
        i += 1
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func separate() {
    if let last = needsComma.last {
      if last { bytes.append(UInt8(ascii: ",")) }
      needsComma[needsComma.count - 1] = true
    }
  }

  private mutating func key(_ key: String?) {
    separate()
    if let key {
      JSONText.appendQuoted(key, to: &bytes)
      bytes.append(UInt8(ascii: ":"))
    }
  }

  public mutating func beginObject(_ key: String? = nil) {
    self.key(key)
    bytes.append(UInt8(ascii: "{"))
    needsComma.append(false)
  }

  public mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    needsComma.removeLast()
  }

  public mutating func beginArray(_ key: String? = nil) {
    self.key(key)
    bytes.append(UInt8(ascii: "["))
    needsComma.append(false)
  }

  public mutating func endArray() {
    bytes.append(UInt8(ascii: "]"))
    needsComma.removeLast()
  }

  public mutating func string(_ key: String?, _ value: String) {
    self.key(key)
    JSONText.appendQuoted(value, to: &bytes)
  }

  public mutating func number(_ key: String?, _ value: Int) {
    self.key(key)
    bytes.append(contentsOf: String(value).utf8)
  }

  public mutating func number(_ key: String?, _ value: Double) {
    self.key(key)
    bytes.append(contentsOf: (value.isFinite ? String(value) : "null").utf8)
  }

  public mutating func bool(_ key: String?, _ value: Bool) {
    self.key(key)
    bytes.append(contentsOf: (value ? "true" : "false").utf8)
  }

  public mutating func null(_ key: String?) {
    self.key(key)
    bytes.append(contentsOf: "null".utf8)
  }

  /// Inserts already-encoded JSON.
  public mutating func raw(_ key: String?, _ json: String) {
    self.key(key)
    bytes.append(contentsOf: json.utf8)
  }

  public mutating func raw(_ key: String?, bytes json: [UInt8]) {
    self.key(key)
    bytes.append(contentsOf: json)
  }
}
