import Foundation
internal import CLibXML2

/// Reads XML exports with libxml2's streaming reader (xmlTextReader): one record element at a
/// time, attributes and nested elements flattened to paths (`@id`, `name/first`).
///
/// Secure by default: no network, no DTD loading, no entity expansion. libxml2 2.9 leaves an
/// external entity unexpanded without a word and reports billion laughs at line 0, so Tamis
/// refuses any DOCTYPE that declares entities, and any entity reference, with its own message.
public final class XMLReader: RecordReader {
  public private(set) var profile: FileProfile
  public let fileIssues: [Issue] = []
  public var bytesRead: Int { Int(xmlTextReaderByteConsumed(reader)) }

  private let path: String
  private let reader: xmlTextReaderPtr
  private let errors = XMLErrorSink()
  private let recordName: String
  /// The record element's name with its terminating zero, compared with libxml2's names.
  private let recordNameBytes: ContiguousArray<xmlChar>
  /// The texts of the open elements, one after the other (`textStarts` says where each begins).
  private var texts: [UInt8] = []
  private var textStarts: [Int] = []
  private let recordDepth: Int?
  private var recordNumber = 0
  private var lineSharing = LineSharing()
  /// A record's path up to its number (`/export/contact[`), made once.
  private var recordPathHead = ""
  private var isFinished = false
  /// Paths of the elements and attributes met so far (0: the record element itself), found
  /// by parent path and libxml2's name pointer, its name checked: a record's keys are looked
  /// up rather than joined again from element names for every record. Each path is kept as its
  /// column's number among the records' column names, where its text is.
  private var pathColumns: [Int32] = [0]
  private var columns = ColumnNames([""])
  private var pathNames: [ContiguousArray<xmlChar>] = [[0]]
  /// Each path's children met so far: an element has few, a scan beats hashing.
  private var children: [[(name: UnsafePointer<xmlChar>, isAttribute: Bool, path: Int)]] = [[]]
  private static let pathLimit = 10_000

  static let options: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOWARNING.rawValue)

  /// - Throws: `ReadError`.
  public init(path: String, options: ReadOptions = ReadOptions()) throws {
    self.path = path
    XMLReader.installEntityLoader()
    try XMLPrologScanner.refuseEntityDeclarations(path: path)
    let target: (name: String, depth: Int?)
    if let given = options.recordPath {
      target = (given, nil)
    } else {
      target = try XMLReader.detectRecordElement(path: path)
    }
    recordName = target.name
    recordNameBytes = ContiguousArray(target.name.utf8) + [0]
    recordPathHead = "/" + target.name + "["
    recordDepth = target.depth
    guard let reader = xmlReaderForFile(path, options.encoding.map { $0.rawValue }, XMLReader.options) else {
      throw ReadError.cannotOpen(Locator(file: path), reason: "libxml2 cannot open it")
    }
    self.reader = reader
    xmlTextReaderSetStructuredErrorHandler(reader, xmlErrorCallback, Unmanaged.passUnretained(errors).toOpaque())
    var size: Int?
    if let attributes = try? FileManager.default.attributesOfItem(atPath: path) { size = (attributes[.size] as? NSNumber)?.intValue }
    profile = FileProfile(file: path, format: .xml, encoding: options.encoding ?? .utf8, recordPath: target.name, sizeInBytes: size)
  }

  deinit { xmlFreeTextReader(reader) }

  /// A refusing loader: even if some option asked for it, no external entity or DTD is fetched.
  private static let loaderInstalled: Void = {
    xmlSetExternalEntityLoader { _, _, _ in nil }
  }()

  private static func installEntityLoader() { _ = loaderInstalled }

  private var line: Int32 { xmlTextReaderGetParserLineNumber(reader) }
  private var column: Int32 { xmlTextReaderGetParserColumnNumber(reader) }

  private func name() -> String {
    guard let raw = xmlTextReaderConstLocalName(reader) else { return "" }
    return String(cString: raw)
  }

  /// Advances libxml2 and gives the new node's type; nil at the end, throws on a malformed
  /// document or an entity.
  private func step() throws -> Int32? {
    let status = xmlTextReaderRead(reader)
    if status == 1 {
      let type = xmlTextReaderNodeType(reader)
      if type == 5 {  // XML_READER_TYPE_ENTITY_REFERENCE
        let nodeLine = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? 0
        throw ReadError.xmlEntityReference(Locator(file: path, line: nodeLine > 0 ? nodeLine : Int(line)), name: name())
      }
      return type
    }
    if status == 0 { return nil }
    throw malformed()
  }

  private func malformed() -> ReadError {
    let failure = errors.last
    let reason = failure?.message ?? "libxml2 stopped reading"
    if let failure, failure.code == 89 || reason.contains("entity") {  // XML_ERR_ENTITY_LOOP and kin
      return .xmlEntityReference(Locator(file: path, line: failure.line, column: failure.column), name: failure.detail ?? "?")
    }
    return .malformedXML(Locator(file: path, line: failure?.line ?? Int(line), column: failure?.column), reason: reason)
  }

  public func next() throws -> SourceRecord? {
    guard !isFinished else { return nil }
    while let type = try step() {
      guard type == 1 else { continue }  // element start
      let depth = Int(xmlTextReaderDepth(reader))
      if depth == 0 { recordPathHead = "/" + name() + "/" + recordName + "[" }
      let isRecord = recordNameBytes.withUnsafeBufferPointer { xmlStrEqual(xmlTextReaderConstLocalName(reader), $0.baseAddress) == 1 }
      guard isRecord, recordDepth == nil || recordDepth == depth else { continue }
      return try readRecord(depth: depth)
    }
    isFinished = true
    return nil
  }

  private func readRecord(depth recordDepth: Int) throws -> SourceRecord {
    recordNumber += 1
    let nodeLine = xmlTextReaderCurrentNode(reader).map { Int(xmlGetLineNo($0)) } ?? Int(line)
    var locator = Locator(file: path, line: nodeLine > 0 ? nodeLine : Int(line), record: recordNumber,
                          path: recordPathHead + String(recordNumber) + "]")
    locator.rankOnLine = lineSharing.rank(of: locator.line)
    if pathColumns.count > XMLReader.pathLimit { forgetPaths() }  // a file of ever-new element names
    var record = SourceRecord(locator: locator, columns: columns, cells: 16, bytes: 256)
    readAttributes(of: 0, into: &record)
    if xmlTextReaderIsEmptyElement(reader) == 1 { return record }
    var stack: [Int] = []  // open elements' paths
    // The text buffers are this object's (kept between records) but used as locals: a stored
    // property of a class is checked for exclusive access at every use.
    var texts: [UInt8] = [], textStarts: [Int] = []
    swap(&texts, &self.texts)
    swap(&textStarts, &self.textStarts)
    defer {
      swap(&texts, &self.texts)
      swap(&textStarts, &self.textStarts)
    }
    texts.removeAll(keepingCapacity: true)
    textStarts.removeAll(keepingCapacity: true)
    textStarts.append(0)
    while let type = try step() {
      switch type {
      case 1:  // element start
        let element = childPath(of: stack.last ?? 0, isAttribute: false)
        readAttributes(of: element, into: &record)
        if xmlTextReaderIsEmptyElement(reader) == 0 {
          stack.append(element)
          textStarts.append(texts.count)
        }
      case 3, 4:  // text, CDATA
        if let raw = xmlTextReaderConstValue(reader) { texts.append(contentsOf: UnsafeBufferPointer(start: raw, count: strlen(raw))) }
      case 15:  // element end
        let start = textStarts.removeLast()
        let element = stack.popLast()
        texts.withUnsafeBufferPointer { texts in
          let text = UnsafeBufferPointer(rebasing: texts[start...])
          if let element {
            XMLReader.appendTrimmed(text, column: pathColumns[element], to: &record)
          } else {
            XMLReader.appendTrimmed(text, column: columns.number(for: "#text"), to: &record)
          }
        }
        texts.removeSubrange(start...)
        if element == nil { return record }
      default:
        continue
      }
    }
    throw malformed()
  }

  /// Adds an element's text without its leading and trailing white space, unless empty: ASCII
  /// white space is trimmed on bytes; text that then starts or ends outside ASCII, or is not
  /// UTF-8, goes through `trimmedWhitespace`, as it did when texts were strings.
  private static func appendTrimmed(_ text: UnsafeBufferPointer<UInt8>, column: Int32, to record: inout SourceRecord) {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
    var low = 0, high = text.count
    while low < high && isSpace(text[low]) { low += 1 }
    while high > low && isSpace(text[high - 1]) { high -= 1 }
    let trimmed = UnsafeBufferPointer(rebasing: text[low..<high])
    if trimmed.isEmpty { return }
    if trimmed[0] < 0x80 && trimmed[trimmed.count - 1] < 0x80 && UTF8Validation.isValid(trimmed) {
      record.append(trimmed, column: column)
      return
    }
    let string = String(decoding: text, as: UTF8.self).trimmedWhitespace
    if !string.isEmpty { string.withUTF8Bytes { record.append($0, column: column) } }
  }

  /// An attribute's value as libxml2 gives it (UTF-8, checked), unless empty.
  private static func appendValue(_ raw: UnsafePointer<xmlChar>, column: Int32, to record: inout SourceRecord) {
    let bytes = UnsafeBufferPointer(start: raw, count: strlen(raw))
    if bytes.isEmpty { return }
    if UTF8Validation.isValid(bytes) { return record.append(bytes, column: column) }
    String(cString: raw).withUTF8Bytes { record.append($0, column: column) }
  }

  private func readAttributes(of element: Int, into record: inout SourceRecord) {
    guard xmlTextReaderHasAttributes(reader) == 1 else { return }
    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
      if xmlStrEqual(xmlTextReaderConstLocalName(reader), "xmlns") == 1 || xmlStrEqual(xmlTextReaderConstPrefix(reader), "xmlns") == 1 {
        continue
      }
      if let raw = xmlTextReaderConstValue(reader) {
        XMLReader.appendValue(raw, column: pathColumns[childPath(of: element, isAttribute: true)], to: &record)
      }
    }
    xmlTextReaderMoveToElement(reader)
  }

  /// The path of the current element or attribute under `parent` (`name/first`, `name/@type`).
  private func childPath(of parent: Int, isAttribute: Bool) -> Int {
    guard let raw = xmlTextReaderConstLocalName(reader) else { return parent }
    for child in children[parent] where child.name == raw && child.isAttribute == isAttribute
      && pathNames[child.path].withUnsafeBufferPointer({ xmlStrEqual($0.baseAddress, raw) == 1 }) {
      return child.path
    }
    let name = String(cString: raw)
    let prefix = columns[pathColumns[parent]]
    pathColumns.append(columns.number(for: (prefix.isEmpty ? "" : prefix + "/") + (isAttribute ? "@" : "") + name))
    pathNames.append(ContiguousArray(name.utf8) + [0])
    children.append([])
    children[parent].append((raw, isAttribute, pathColumns.count - 1))
    return pathColumns.count - 1
  }

  private func forgetPaths() {
    columns = ColumnNames([""])
    pathColumns = [0]
    pathNames = [[0]]
    children = [[]]
  }

  /// The record element: the shallowest element name that repeats under one parent in the
  /// first thousand elements (or the root's first child when nothing repeats).
  static func detectRecordElement(path: String) throws -> (name: String, depth: Int?) {
    guard let reader = xmlReaderForFile(path, nil, options) else {
      throw ReadError.cannotOpen(Locator(file: path), reason: "libxml2 cannot open it")
    }
    defer { xmlFreeTextReader(reader) }
    let sink = XMLErrorSink()
    xmlTextReaderSetStructuredErrorHandler(reader, xmlErrorCallback, Unmanaged.passUnretained(sink).toOpaque())
    var counts: [String: Int] = [:]  // "depth|parent index|name" → count
    var parents: [Int] = [0]
    var elementIndex = 0
    var firstAtDepthOne: String?
    var best: (name: String, depth: Int)?
    while elementIndex < 1000 {
      let status = xmlTextReaderRead(reader)
      if status != 1 { break }
      guard xmlTextReaderNodeType(reader) == 1 else { continue }
      elementIndex += 1
      let depth = Int(xmlTextReaderDepth(reader))
      let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
      if parents.count > depth + 1 { parents.removeSubrange((depth + 1)...) }
      while parents.count < depth + 1 { parents.append(elementIndex) }
      parents[depth] = elementIndex
      if depth == 1 && firstAtDepthOne == nil { firstAtDepthOne = name }
      guard depth >= 1 else {
        if xmlTextReaderIsEmptyElement(reader) == 1 { break }
        continue
      }
      let key = "\(depth)|\(parents[depth - 1])|\(name)"
      let count = (counts[key] ?? 0) + 1
      counts[key] = count
      if count >= 2 && (best == nil || depth < best!.depth) { best = (name, depth) }
    }
    if let best { return (best.name, best.depth) }
    if let firstAtDepthOne { return (firstAtDepthOne, 1) }
    if let failure = sink.last {
      throw ReadError.malformedXML(Locator(file: path, line: failure.line, column: failure.column), reason: failure.message)
    }
    return ("record", 1)
  }
}

/// The last error libxml2 reported, kept for the message and locator of a `ReadError`.
final class XMLErrorSink {
  struct Failure {
    var code: Int
    var message: String
    var line: Int
    var column: Int?
    var detail: String?
  }
  var last: Failure?
}

private func xmlErrorCallback(_ context: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {
  guard let context, let error else { return }
  let sink = Unmanaged<XMLErrorSink>.fromOpaque(context).takeUnretainedValue()
  let level = error.pointee.level
  guard level == XML_ERR_ERROR || level == XML_ERR_FATAL else { return }
  if sink.last != nil && level != XML_ERR_FATAL { return }
  let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown error"
  sink.last = XMLErrorSink.Failure(code: Int(error.pointee.code), message: message, line: Int(error.pointee.line),
                                   column: error.pointee.int2 > 0 ? Int(error.pointee.int2) : nil,
                                   detail: error.pointee.str1.map { String(cString: $0) })
}
