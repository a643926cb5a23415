/// Builds JSON as UTF-8 bytes by hand, with keys in the order given: outputs must be
/// byte-identical from run to run, and this is many times faster than `JSONEncoder` on
/// millions of records.
public struct JSONText: ~Copyable {
  private var output: OutputBytes
  /// Nesting depth, and per level (a bit each) whether a member was written: the next needs
  /// a comma. Tamis's documents nest a few levels, far from 64.
  private var depth = 0
  private var commaPending: UInt64 = 0

  public init(capacity: Int = 512) {
    output = OutputBytes(capacity: capacity)
  }

  public init(capacity: Int, reusing pool: ByteBlock.Pool?) {
    output = OutputBytes(capacity: capacity, reusing: pool)
  }

  public consuming func block() -> ByteBlock { output.block() }

  /// An element (or member, key included) written by `body` straight into the output after its
  /// comma: for small objects of fixed shape written millions of times, whose keys are literals
  /// with their quotes and commas, where keeping count of commas costs more than the bytes.
  mutating func rawElement(_ body: (inout OutputBytes) -> Void) {
    separate()
    body(&output)
  }

  /// Ends a line of JSON Lines (at the top level, between values).
  public mutating func endLine() {
    output.append(10)
  }

  public var bytes: [UInt8] { output.array }
  public var text: String { output.withBytes { String(decoding: $0, as: UTF8.self) } }

  /// A JSON string literal for `string`.
  public static func quote(_ string: String) -> String {
    var output = OutputBytes(capacity: string.utf8.count + 2)
    appendQuoted(string, to: &output)
    return output.withBytes { String(decoding: $0, as: UTF8.self) }
  }

  private static let hex = Array("0123456789abcdef".utf8)

  /// Appends `string` as a JSON string literal, escaping only what JSON requires (and U+2028/9).
  public static func appendQuoted(_ string: String, to bytes: inout OutputBytes) {
    string.withUTF8Bytes { appendQuoted(utf8: $0, to: &bytes) }
  }

  /// Appends UTF-8 text as a JSON string literal.
  static func appendQuoted(utf8: UnsafeBufferPointer<UInt8>, to bytes: inout OutputBytes) {
    bytes.append(UInt8(ascii: "\""))
    appendEscaped(utf8, to: &bytes)
    bytes.append(UInt8(ascii: "\""))
  }

  /// Appends UTF-8 text escaped for a JSON string literal, without its quotes.
  static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout OutputBytes) {
    // Most values need no escape at all: copy them in one go.
    guard needsEscaping(utf8) else {
      bytes.append(utf8)
      return
    }
    var runStart = 0
    var i = 0
    let n = utf8.count
    func escape(_ sequence: UInt8...) {
      bytes.append(UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
      bytes.append(sequence)
    }
    while i < n {
      let b = utf8[i]
      var length = 1
      switch b {
      case 0x22: escape(92, 34)
      case 0x5C: escape(92, 92)
      case 0x0A: escape(92, UInt8(ascii: "n"))
      case 0x0D: escape(92, UInt8(ascii: "r"))
      case 0x09: escape(92, UInt8(ascii: "t"))
      case 0..<0x20: escape(92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)])
      case 0xE2 where i + 2 < n && utf8[i + 1] == 0x80 && (utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9):
        escape(92, UInt8(ascii: "u"), 50, 48, 50, utf8[i + 2] == 0xA8 ? 56 : 57)
        length = 3
      default:
        i += 1
        continue
      }
      i += length
      runStart = i
    }
    bytes.append(UnsafeBufferPointer(rebasing: utf8[runStart..<n]))
  }

  /// Whether any byte is a control character, a quote, a backslash or 0xE2 (which starts
  /// U+2028/9): eight bytes at a time, as most values have none.
  static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    ByteWords.any(in: utf8, word: { ByteWords.any(escapeMask($0)) }, byte: mustEscape)
  }

  /// ``ByteWords`` masks of the bytes JSON escapes, for ``needsEscaping(_:)`` and tests that add to it.
  @inline(__always) static func escapeMask(_ word: UInt64) -> UInt64 {
    ByteWords.control(word) | ByteWords.match(0x22, word) | ByteWords.match(0x5C, word) | ByteWords.match(0xE2, word)
  }

  @inline(__always) static func mustEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 }

  private mutating func separate() {
    guard depth > 0 else { return }
    let bit: UInt64 = 1 << UInt64(depth - 1)
    if commaPending & bit != 0 { output.append(UInt8(ascii: ",")) }
    commaPending |= bit
  }

  private mutating func key(_ key: String?) {
    separate()
    if let key {
      JSONText.appendQuoted(key, to: &output)
      output.append(UInt8(ascii: ":"))
    }
  }

  /// A key known when compiling (ASCII, nothing to escape): copied without scanning.
  private mutating func key(literal key: StaticString) {
    separate()
    output.appendQuotedKey(key)
  }

  /// A member with a literal key: the hot path of record exports.
  public mutating func string(literal key: StaticString, _ value: String) {
    self.key(literal: key)
    JSONText.appendQuoted(value, to: &output)
  }

  /// A member whose key and value are both given as UTF-8.
  mutating func string(utf8 key: UnsafeBufferPointer<UInt8>, utf8 value: UnsafeBufferPointer<UInt8>) {
    separate()
    JSONText.appendQuoted(utf8: key, to: &output)
    output.append(UInt8(ascii: ":"))
    JSONText.appendQuoted(utf8: value, to: &output)
  }

  public mutating func number(literal key: StaticString, _ value: Int) {
    self.key(literal: key)
    output.append(String(value))
  }

  public mutating func beginObject(literal key: StaticString) {
    self.key(literal: key)
    open(UInt8(ascii: "{"))
  }

  public mutating func beginArray(literal key: StaticString) {
    self.key(literal: key)
    open(UInt8(ascii: "["))
  }

  /// Opens an array under a key already quoted and followed by its colon (``quotedKey(_:)``).
  mutating func beginArray(quotedKey key: UnsafeBufferPointer<UInt8>) {
    separate()
    output.append(key)
    open(UInt8(ascii: "["))
  }

  /// `"key":` as bytes, for keys used on every line but not known when compiling.
  public static func quotedKey(_ key: String) -> [UInt8] {
    var output = OutputBytes(capacity: key.utf8.count + 3)
    appendQuoted(key, to: &output)
    output.append(UInt8(ascii: ":"))
    return output.array
  }

  /// Opens a level: its first member needs no comma.
  private mutating func open(_ bracket: UInt8) {
    output.append(bracket)
    depth += 1
    commaPending &= ~(1 << UInt64(depth - 1))
  }

  private mutating func close(_ bracket: UInt8) {
    output.append(bracket)
    depth -= 1
  }

  public mutating func beginObject(_ key: String? = nil) {
    self.key(key)
    open(UInt8(ascii: "{"))
  }

  public mutating func endObject() {
    close(UInt8(ascii: "}"))
  }

  public mutating func beginArray(_ key: String? = nil) {
    self.key(key)
    open(UInt8(ascii: "["))
  }

  public mutating func endArray() {
    close(UInt8(ascii: "]"))
  }

  public mutating func string(_ key: String?, _ value: String) {
    self.key(key)
    JSONText.appendQuoted(value, to: &output)
  }

  /// An object of counts under `key`, its members in key order (outputs are byte-identical from
  /// run to run, whatever a dictionary's order).
  public mutating func counts(_ key: String, _ values: [String: Int]) {
    beginObject(key)
    for (name, count) in values.sorted(by: { $0.key < $1.key }) { number(name, count) }
    endObject()
  }

  public mutating func number(_ key: String?, _ value: Int) {
    self.key(key)
    output.append(String(value))
  }

  public mutating func number(_ key: String?, _ value: Double) {
    self.key(key)
    output.append(value.isFinite ? String(value) : "null")
  }

  public mutating func bool(_ key: String?, _ value: Bool) {
    self.key(key)
    output.append(value ? "true" : "false")
  }

  public mutating func null(_ key: String?) {
    self.key(key)
    output.append("null")
  }

  /// Inserts already-encoded JSON.
  public mutating func raw(_ key: String?, _ json: String) {
    self.key(key)
    output.append(json)
  }

  public mutating func raw(_ key: String?, bytes json: [UInt8]) {
    self.key(key)
    output.append(json)
  }
}
