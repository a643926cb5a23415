import Foundation

/// Looks at the prolog of an XML file, before libxml2 parses it, for a DOCTYPE that declares
/// entities: the way into billion-laughs and XXE attacks, which Tamis refuses outright.
enum XMLPrologScanner {
  /// How far into the file a DOCTYPE may reach.
  static let window = 1 << 20

  /// - Throws: `ReadError.xmlEntityDeclared` or `.malformedXML` for a DOCTYPE too large to check.
  static func refuseEntityDeclarations(path: String) throws {
    let stream = try ByteStream(path: path, encoding: nil)
    var bytes: [UInt8] = []
    while bytes.count < window, stream.read(into: &bytes, maximum: 1 << 16) > 0 {}
    guard let doctype = find(Array("<!DOCTYPE".utf8), in: bytes, from: 0) else { return }
    // Only the prolog counts: a DOCTYPE after the root element starts is libxml2's error to report.
    if let root = firstElementStart(bytes), root < doctype { return }
    var k = doctype
    var inSubset = false
    var quote: UInt8? = nil
    while k < bytes.count {
      let b = bytes[k]
      if let q = quote {
        if b == q { quote = nil }
      } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
        quote = b
      } else if b == UInt8(ascii: "[") {
        inSubset = true
      } else if b == UInt8(ascii: "]") {
        inSubset = false
      } else if b == UInt8(ascii: ">") && !inSubset {
        return
      } else if inSubset && b == UInt8(ascii: "<") && bytes[k...].starts(with: Array("<!ENTITY".utf8)) {
        var (line, column) = (1, 1)
        for c in bytes[0..<k] {
          if c == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        var nameStart = k + 8
        while nameStart < bytes.count, bytes[nameStart] == 0x20 || bytes[nameStart] == 0x25 || bytes[nameStart] == 0x09 { nameStart += 1 }
        var nameEnd = nameStart
        while nameEnd < bytes.count, bytes[nameEnd] > 0x20, nameEnd - nameStart < 64 { nameEnd += 1 }
        throw ReadError.xmlEntityDeclared(Locator(file: path, line: line, column: column),
                                          name: String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self))
      }
      k += 1
    }
    throw ReadError.malformedXML(Locator(file: path, line: 1), reason: "the DOCTYPE runs past the first MiB; Tamis does not read DTDs")
  }

  private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
    guard bytes.count >= needle.count else { return nil }
    var k = start
    while k + needle.count <= bytes.count {
      if bytes[k] == needle[0] && bytes[k..<k + needle.count].elementsEqual(needle) { return k }
      k += 1
    }
    return nil
  }

  private static func firstElementStart(_ bytes: [UInt8]) -> Int? {
    var k = 0
    while k + 1 < bytes.count {
      if bytes[k] == UInt8(ascii: "<") {
        let next = bytes[k + 1]
        if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { return k }
      }
      k += 1
    }
    return nil
  }
}
