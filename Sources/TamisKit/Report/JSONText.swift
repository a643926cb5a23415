/// Builds JSON text by hand, with keys in the order given: outputs must be byte-identical from
/// run to run, and this is several times faster than `JSONEncoder` on millions of records.
public struct JSONText {
  public private(set) var text = ""
  private var needsComma: [Bool] = []

  public init() {}

  public static func quote(_ string: String) -> String {
    var out = "\""
    out.reserveCapacity(string.utf8.count + 2)
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{2028}": out += "\\u2028"
      case "\u{2029}": out += "\\u2029"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
    return out
  }

  private mutating func separate() {
    if let last = needsComma.last {
      if last { text += "," }
      needsComma[needsComma.count - 1] = true
    }
  }

  public mutating func beginObject(_ key: String? = nil) {
    if let key { self.key(key) } else { separate() }
    text += "{"
    needsComma.append(false)
  }

  public mutating func endObject() {
    text += "}"
    needsComma.removeLast()
  }

  public mutating func beginArray(_ key: String? = nil) {
    if let key { self.key(key) } else { separate() }
    text += "["
    needsComma.append(false)
  }

  public mutating func endArray() {
    text += "]"
    needsComma.removeLast()
  }

  private mutating func key(_ key: String) {
    separate()
    text += JSONText.quote(key) + ":"
  }

  public mutating func string(_ key: String?, _ value: String) {
    if let key { self.key(key) } else { separate() }
    text += JSONText.quote(value)
  }

  public mutating func number(_ key: String?, _ value: Int) {
    if let key { self.key(key) } else { separate() }
    text += String(value)
  }

  public mutating func number(_ key: String?, _ value: Double) {
    if let key { self.key(key) } else { separate() }
    text += value.isFinite ? String(value) : "null"
  }

  public mutating func bool(_ key: String?, _ value: Bool) {
    if let key { self.key(key) } else { separate() }
    text += value ? "true" : "false"
  }

  public mutating func null(_ key: String?) {
    if let key { self.key(key) } else { separate() }
    text += "null"
  }

  /// Inserts already-encoded JSON.
  public mutating func raw(_ key: String?, _ json: String) {
    if let key { self.key(key) } else { separate() }
    text += json
  }
}
