/// A recursive-descent JSON parser over bytes that hold one whole value, flattening objects to
/// dotted key paths and arrays to repeated keys as it goes.
///
/// Values and their paths reach the sink as UTF-8, in place where the source needs no decoding:
/// a million records make no string per key, path or value here.
struct JSONValueParser: ~Copyable {
  struct Failure: Error {
    var offset: Int
    var reason: String
  }

  let buffer: UnsafeBufferPointer<UInt8>
  var position: Int
  let maxDepth: Int
  /// Records drop empty strings (a blank cell); an audit event's ids keep them, since its hash covers them.
  var keepsEmptyStrings = false
  private(set) var invalidUTF8Offset: Int?
  private var depth = 0
  /// The dotted key path of the value being parsed.
  private var path = OutputBytes(capacity: 64)
  /// A string's bytes once its escapes are decoded (or its invalid bytes replaced).
  private var decoded: [UInt8] = []

  init(buffer: UnsafeBufferPointer<UInt8>, position: Int, maxDepth: Int) {
    self.buffer = buffer
    self.position = position
    self.maxDepth = maxDepth
  }

  /// Parses the value at `position`, whose values go to `fields` under `path` and below.
  mutating func parseValue<Sink: JSONFieldSink>(path: String, into fields: inout Sink) throws(Failure) {
    self.path.truncate(to: 0)
    self.path.append(path)
    try value(into: &fields)
  }

  private mutating func value<Sink: JSONFieldSink>(into fields: inout Sink) throws(Failure) {
    skipBlanks()
    guard position < buffer.count else { throw Failure(offset: position, reason: "a value is missing") }
    switch buffer[position] {
    case UInt8(ascii: "{"):
      try nest()
      position += 1
      skipBlanks()
      if peek(UInt8(ascii: "}")) { position += 1; depth -= 1; return }
      let parent = path.count
      while true {
        skipBlanks()
        let key = try scanString()
        if parent > 0 { path.append(UInt8(ascii: ".")) }
        if let text = try textInPlace(key) { path.append(text) } else { path.append(decoded) }
        skipBlanks()
        guard peek(UInt8(ascii: ":")) else { throw Failure(offset: position, reason: "expected ':' after a key") }
        position += 1
        try value(into: &fields)
        path.truncate(to: parent)
        skipBlanks()
        if peek(UInt8(ascii: ",")) { position += 1; continue }
        if peek(UInt8(ascii: "}")) { position += 1; break }
        throw Failure(offset: position, reason: "expected ',' or '}' in an object")
      }
      depth -= 1
    case UInt8(ascii: "["):
      try nest()
      position += 1
      skipBlanks()
      if peek(UInt8(ascii: "]")) { position += 1; depth -= 1; return }
      while true {
        try value(into: &fields)
        skipBlanks()
        if peek(UInt8(ascii: ",")) { position += 1; continue }
        if peek(UInt8(ascii: "]")) { position += 1; break }
        throw Failure(offset: position, reason: "expected ',' or ']' in an array")
      }
      depth -= 1
    case UInt8(ascii: "\""):
      let string = try scanString()
      guard keepsEmptyStrings || !string.range.isEmpty else { return }
      let text = try textInPlace(string)
      path.withBytes { path in
        if let text { return fields.append(utf8: text, path: path) }
        decoded.withUnsafeBufferPointer { fields.append(utf8: $0, path: path) }
      }
    default:
      let start = position
      while position < buffer.count {
        let b = buffer[position]
        if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { break }
        position += 1
      }
      let literal = UnsafeBufferPointer(rebasing: buffer[start..<position])
      if literal.elementsEqual("null".utf8) { return }
      guard literal.elementsEqual("true".utf8) || literal.elementsEqual("false".utf8) || isNumber(literal) else {
        let text = String(decoding: literal.prefix(20), as: UTF8.self)
        throw Failure(offset: start, reason: literal.isEmpty ? "a value is missing" : "'\(text)' is not a JSON value (strings need double quotes)")
      }
      path.withBytes { fields.append(utf8: literal, path: $0) }
    }
  }

  private mutating func nest() throws(Failure) {
    depth += 1
    if depth > maxDepth { throw Failure(offset: position, reason: "nesting deeper than \(maxDepth) levels") }
  }

  private func peek(_ byte: UInt8) -> Bool { position < buffer.count && buffer[position] == byte }

  private mutating func skipBlanks() {
    while position < buffer.count, buffer[position] == 0x20 || buffer[position] == 0x0A || buffer[position] == 0x0D || buffer[position] == 0x09 {
      position += 1
    }
  }

  private func isNumber(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
    !literal.isEmpty && literal.allSatisfy { b in
      (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
        || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }
  }

  /// A string's contents in `buffer`, whether it holds escapes, and whether all its bytes are ASCII.
  private struct StringToken {
    var range: Range<Int>
    var escaped: Bool
    var ascii: Bool
  }

  /// Finds the string at `position` and moves past it.
  private mutating func scanString() throws(Failure) -> StringToken {
    guard peek(UInt8(ascii: "\"")) else { throw Failure(offset: position, reason: "expected a string in double quotes") }
    let open = position
    position += 1
    let start = position
    var escaped = false
    // The high bits of the bytes passed (the string's own, not those after its closing quote).
    var highBits: UInt64 = 0
    let words = UnsafeRawPointer(buffer.baseAddress)
    while position < buffer.count {
      // Eight bytes at a time to the first quote, backslash or control character.
      if let words {
        while position + 8 <= buffer.count {
          let word = words.loadUnaligned(fromByteOffset: position, as: UInt64.self)
          let stops = (ByteWords.bits(of: UInt8(ascii: "\""), in: word) | ByteWords.bits(of: UInt8(ascii: "\\"), in: word)
            | ByteWords.controlBits(word)).littleEndian
          if stops != 0 {
            let before = stops.trailingZeroBitCount >> 3
            highBits |= word.littleEndian & 0x8080_8080_8080_8080 & ((1 << (8 * UInt64(before))) &- 1)
            position += before
            break
          }
          highBits |= word & 0x8080_8080_8080_8080
          position += 8
        }
      }
      guard position < buffer.count else { break }
      let b = buffer[position]
      if b == UInt8(ascii: "\"") { break }
      if b == UInt8(ascii: "\\") { escaped = true; position += 2; continue }
      if b < 0x20 { throw Failure(offset: position, reason: "a control character inside a string (escape newlines as \\n)") }
      highBits |= UInt64(b & 0x80)
      position += 1
    }
    guard position < buffer.count else { throw Failure(offset: open, reason: "a string is not closed") }
    position += 1
    return StringToken(range: start..<position - 1, escaped: escaped, ascii: highBits == 0)
  }

  /// Parses a string at `position`, decoding escapes (`\n`, `\u00e9`, surrogate pairs).
  mutating func parseString() throws(Failure) -> String {
    let token = try scanString()
    if let text = try textInPlace(token) { return String(decoding: text, as: UTF8.self) }
    return String(decoding: decoded, as: UTF8.self)
  }

  /// Makes a string's text valid UTF-8: returns where it is in `buffer` when it needs no decoding,
  /// else nil with the text in `decoded` (bytes that are not UTF-8 become U+FFFD, and are reported).
  private mutating func textInPlace(_ token: StringToken) throws(Failure) -> UnsafeBufferPointer<UInt8>? {
    if !token.escaped {
      let slice = UnsafeBufferPointer(rebasing: buffer[token.range])
      guard !token.ascii, let bad = UTF8Validation.firstInvalidByte(slice) else { return slice }
      if invalidUTF8Offset == nil { invalidUTF8Offset = token.range.lowerBound + bad }
      decoded.removeAll(keepingCapacity: true)
      decoded.append(contentsOf: String(decoding: slice, as: UTF8.self).utf8)
      return nil
    }
    try decodeEscapes(token.range)
    if UTF8Validation.firstInvalidByte(decoded) != nil {
      if invalidUTF8Offset == nil { invalidUTF8Offset = token.range.lowerBound }
      decoded = Array(decoded.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }.utf8)
    }
    return nil
  }

  /// Decodes the escapes of a scanned string into `decoded`.
  private mutating func decodeEscapes(_ range: Range<Int>) throws(Failure) {
    decoded.removeAll(keepingCapacity: true)
    var k = range.lowerBound
    while k < range.upperBound {
      let b = buffer[k]
      guard b == UInt8(ascii: "\\") else { decoded.append(b); k += 1; continue }
      let e = buffer[k + 1]
      k += 2
      switch e {
      case UInt8(ascii: "n"): decoded.append(0x0A)
      case UInt8(ascii: "t"): decoded.append(0x09)
      case UInt8(ascii: "r"): decoded.append(0x0D)
      case UInt8(ascii: "b"): decoded.append(0x08)
      case UInt8(ascii: "f"): decoded.append(0x0C)
      case UInt8(ascii: "u"):
        guard k + 4 <= range.upperBound, var scalar = hex4(at: k) else {
          throw Failure(offset: k - 2, reason: "a \\u escape needs four hex digits")
        }
        k += 4
        if scalar >= 0xD800 && scalar <= 0xDBFF, k + 6 <= range.upperBound, buffer[k] == UInt8(ascii: "\\"), buffer[k + 1] == UInt8(ascii: "u"),
           let low = hex4(at: k + 2), low >= 0xDC00 && low <= 0xDFFF {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          k += 6
        }
        decoded.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
      default: decoded.append(e)  // \" \\ \/
      }
    }
  }

  private func hex4(at k: Int) -> UInt32? {
    var value: UInt32 = 0
    for b in buffer[k..<k + 4] {
      value <<= 4
      switch b {
      case 0x30...0x39: value |= UInt32(b - 0x30)
      case 0x41...0x46: value |= UInt32(b - 0x41 + 10)
      case 0x61...0x66: value |= UInt32(b - 0x61 + 10)
      default: return nil
      }
    }
    return value
  }
}

/// Where the parser puts the values it finds, each under its dotted key path, both as UTF-8
/// valid only during the call: a record's bytes, or a list of fields (an audit event's ids).
protocol JSONFieldSink {
  mutating func append(utf8 value: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>)
  /// Forgets the values of a parse that has to start again.
  mutating func removeAllValues()
}

/// Fields in the order the parser finds them (an audit event's ids).
struct JSONFields: JSONFieldSink {
  var fields: [(String, String)] = []

  /// The members of the JSON object that `text` starts with, in order, as dotted paths (an array's
  /// items under its key, repeated), empty strings kept; nil when it is not JSON.
  static func members(of text: String, maxDepth: Int = 4) -> [(String, String)]? {
    var sink = JSONFields()
    let parsed = Array(text.utf8).withUnsafeBufferPointer { bytes in
      var parser = JSONValueParser(buffer: bytes, position: 0, maxDepth: maxDepth)
      parser.keepsEmptyStrings = true
      return (try? parser.parseValue(path: "", into: &sink)) != nil
    }
    return parsed ? sink.fields : nil
  }

  mutating func removeAllValues() { fields.removeAll() }

  mutating func append(utf8 value: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) {
    fields.append((String(decoding: path, as: UTF8.self), String(decoding: value, as: UTF8.self)))
  }
}
