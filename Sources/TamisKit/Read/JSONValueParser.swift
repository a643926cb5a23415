/// A recursive-descent JSON parser over a buffer that holds one whole value, flattening
/// objects to dotted keys and arrays to repeated keys as it goes.
struct JSONValueParser {
  struct Failure: Error {
    var offset: Int
    var reason: String
  }

  let buffer: [UInt8]
  var position: Int
  let maxDepth: Int
  /// Records drop empty strings (a blank cell); an audit event's ids keep them, since its hash covers them.
  var keepsEmptyStrings = false
  private(set) var invalidUTF8Offset: Int?
  private var depth = 0

  init(buffer: [UInt8], position: Int, maxDepth: Int) {
    self.buffer = buffer
    self.position = position
    self.maxDepth = maxDepth
  }

  mutating func parseValue<Sink: JSONFieldSink>(path: String, into fields: inout Sink) throws {
    skipBlanks()
    guard position < buffer.count else { throw Failure(offset: position, reason: "a value is missing") }
    switch buffer[position] {
    case UInt8(ascii: "{"):
      try nest()
      position += 1
      skipBlanks()
      if peek(UInt8(ascii: "}")) { position += 1; depth -= 1; return }
      while true {
        skipBlanks()
        let key = try parseString()
        skipBlanks()
        guard peek(UInt8(ascii: ":")) else { throw Failure(offset: position, reason: "expected ':' after a key") }
        position += 1
        try parseValue(path: path.isEmpty ? key : path + "." + key, into: &fields)
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
        try parseValue(path: path, into: &fields)
        skipBlanks()
        if peek(UInt8(ascii: ",")) { position += 1; continue }
        if peek(UInt8(ascii: "]")) { position += 1; break }
        throw Failure(offset: position, reason: "expected ',' or ']' in an array")
      }
      depth -= 1
    case UInt8(ascii: "\""):
      let value = try parseString()
      if keepsEmptyStrings || !value.isEmpty { fields.append(value, key: path) }
    default:
      let start = position
      while position < buffer.count {
        let b = buffer[position]
        if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { break }
        position += 1
      }
      let literal = String(decoding: buffer[start..<position], as: UTF8.self)
      switch literal {
      case "null": return
      case "true", "false": fields.append(literal, key: path)
      default:
        guard isNumber(start..<position) else {
          throw Failure(offset: start, reason: literal.isEmpty ? "a value is missing" : "'\(literal.prefix(20))' is not a JSON value (strings need double quotes)")
        }
        fields.append(literal, key: path)
      }
    }
  }

  private mutating func nest() throws {
    depth += 1
    if depth > maxDepth { throw Failure(offset: position, reason: "nesting deeper than \(maxDepth) levels") }
  }

  private func peek(_ byte: UInt8) -> Bool { position < buffer.count && buffer[position] == byte }

  private mutating func skipBlanks() {
    while position < buffer.count, buffer[position] == 0x20 || buffer[position] == 0x0A || buffer[position] == 0x0D || buffer[position] == 0x09 {
      position += 1
    }
  }

  private func isNumber(_ range: Range<Int>) -> Bool {
    guard !range.isEmpty else { return false }
    for k in range {
      let b = buffer[k]
      if !(b >= 0x30 && b <= 0x39) && b != UInt8(ascii: "-") && b != UInt8(ascii: "+") && b != UInt8(ascii: ".")
        && b != UInt8(ascii: "e") && b != UInt8(ascii: "E") { return false }
    }
    return true
  }

  /// Parses a string at `position`, decoding escapes (`\n`, `\u00e9`, surrogate pairs).
  mutating func parseString() throws -> String {
    guard peek(UInt8(ascii: "\"")) else { throw Failure(offset: position, reason: "expected a string in double quotes") }
    let open = position
    position += 1
    let start = position
    var plain = true
    while position < buffer.count {
      let b = buffer[position]
      if b == UInt8(ascii: "\"") { break }
      if b == UInt8(ascii: "\\") { plain = false; position += 2; continue }
      if b < 0x20 { throw Failure(offset: position, reason: "a control character inside a string (escape newlines as \\n)") }
      position += 1
    }
    guard position < buffer.count else { throw Failure(offset: open, reason: "a string is not closed") }
    let end = position
    position += 1
    if plain { return makeString(start..<end) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(end - start)
    var k = start
    while k < end {
      let b = buffer[k]
      guard b == UInt8(ascii: "\\") else { bytes.append(b); k += 1; continue }
      let e = buffer[k + 1]
      k += 2
      switch e {
      case UInt8(ascii: "n"): bytes.append(0x0A)
      case UInt8(ascii: "t"): bytes.append(0x09)
      case UInt8(ascii: "r"): bytes.append(0x0D)
      case UInt8(ascii: "b"): bytes.append(0x08)
      case UInt8(ascii: "f"): bytes.append(0x0C)
      case UInt8(ascii: "u"):
        guard var scalar = hex4(at: k) else { throw Failure(offset: k - 2, reason: "a \\u escape needs four hex digits") }
        k += 4
        if scalar >= 0xD800 && scalar <= 0xDBFF, k + 6 <= end, buffer[k] == UInt8(ascii: "\\"), buffer[k + 1] == UInt8(ascii: "u"),
           let low = hex4(at: k + 2), low >= 0xDC00 && low <= 0xDFFF {
          scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          k += 6
        }
        let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        bytes.append(contentsOf: Array(String(character).utf8))
      default: bytes.append(e)  // \" \\ \/
      }
    }
    return bytes.withUnsafeBufferPointer { b in
      if invalidUTF8Offset == nil, UTF8Validation.firstInvalidByte(b) != nil { invalidUTF8Offset = start }
      return String(decoding: b, as: UTF8.self)
    }
  }

  private mutating func makeString(_ range: Range<Int>) -> String {
    buffer.withUnsafeBufferPointer { all in
      let slice = UnsafeBufferPointer(rebasing: all[range])
      var ascii = true
      for b in slice where b >= 0x80 { ascii = false; break }
      if !ascii, invalidUTF8Offset == nil, let bad = UTF8Validation.firstInvalidByte(slice) { invalidUTF8Offset = range.lowerBound + bad }
      return String(decoding: slice, as: UTF8.self)
    }
  }

  private func hex4(at k: Int) -> UInt32? {
    guard k + 4 <= buffer.count else { return nil }
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

/// Where the parser puts the values it finds, each under its dotted key: a record's bytes,
/// or a list of fields (an audit event's ids).
protocol JSONFieldSink {
  mutating func append(_ value: String, key: String)
}

extension Array: JSONFieldSink where Element == SourceField {
  mutating func append(_ value: String, key: String) { append(SourceField(key: key, value: value)) }
}

extension SourceRecord: JSONFieldSink {}
