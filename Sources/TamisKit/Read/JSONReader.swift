import Foundation

/// Reads JSON exports as a stream: a top-level array of objects, JSON Lines, or an object holding
/// the array under a key (given by the mapping's `records:` or found as the first array of
/// objects, up to four objects deep: `data.customers`). Nested objects flatten to dotted keys
/// (`address.city`); arrays keep every value.
///
/// Only one record is held at a time, so a 500 MB array is read in flat memory.
public final class JSONReader: RecordReader {
  public private(set) var profile: FileProfile
  public private(set) var fileIssues: [Issue] = []
  public var bytesRead: Int { stream.bytesRead }

  private enum Mode { case array, lines, done }
  private let stream: ByteStream
  private let path: String
  private var buffer: [UInt8] = []
  private var pos = 0
  private var line = 1
  private var lineStart = 0
  private var mode: Mode = .done
  private var pointerPrefix = ""
  private var index = 0
  private var recordNumber = 0
  private var lineSharing = LineSharing()
  private var singleRecord: [SourceField]? = nil
  /// The key paths met so far; begun afresh past ``ColumnNames/limit`` (a file of ever-new keys).
  private var columns = ColumnNames()
  /// Deeper nesting than this is refused rather than risking the stack on a hostile file.
  static let maxDepth = 64
  /// How many objects deep the records' array is looked for when no `records:` key names it.
  static let maxWrapperDepth = 4

  /// - Throws: `ReadError`.
  public init(path: String, options: ReadOptions = ReadOptions(), linesHint: Bool = false) throws {
    self.path = path
    stream = try ByteStream(path: path, encoding: options.encoding)
    profile = FileProfile(file: path, format: linesHint ? .jsonl : .json, encoding: stream.encoding,
                          recordPath: options.recordPath, sizeInBytes: stream.sizeInBytes)
    while buffer.count < 1 << 16, stream.read(into: &buffer) > 0 {}
    skipWhitespace()
    guard pos < buffer.count || refillAndSkip() else {
      fileIssues.append(Issue("FILE_EMPTY", .error, at: Locator(file: path), "the file is empty: no records"))
      return
    }
    switch buffer[pos] {
    case UInt8(ascii: "["):
      pos += 1
      mode = .array
      profile.format = .json
    case UInt8(ascii: "{"):
      // JSON Lines has no wrapper, so a records key (meant for the source's JSON exports) does not apply.
      if linesHint || looksLikeLines() {
        mode = .lines
        profile.format = .jsonl
      } else {
        profile.format = .json
        try enterWrapper(recordPath: options.recordPath)
      }
    default:
      throw ReadError.malformedJSON(here(), reason: "expected '[' or '{' at the start of the file")
    }
  }

  public func next() throws -> SourceRecord? {
    switch mode {
    case .done:
      if let fields = singleRecord {
        singleRecord = nil
        recordNumber += 1
        return SourceRecord(locator: Locator(file: path, line: 1, record: recordNumber, path: ""), fields: fields)
      }
      return nil
    case .lines:
      guard refillAndSkip() else { mode = .done; return nil }
      recordNumber += 1
      let start = here(record: recordNumber)
      do {
        return try readRecord(at: start)
      } catch ReadError.malformedJSON(let at, let reason) {
        // One bad line: quarantine it with the reason, go on at the next line.
        skipToNextLine()
        return SourceRecord(locator: start, fields: [],
                            issues: [Issue("JSON_SYNTAX", .error, at: at.with(record: recordNumber, path: nil),
                                           "this line is not well-formed JSON: \(reason); it was quarantined and the other lines read")])
      }
    case .array:
      guard refillAndSkip() else { throw ReadError.malformedJSON(here(), reason: "the file ends inside the array of records (truncated?)") }
      if buffer[pos] == UInt8(ascii: "]") {
        pos += 1
        mode = .done
        return nil
      }
      if index > 0 {
        guard buffer[pos] == UInt8(ascii: ",") else { throw ReadError.malformedJSON(here(), reason: "expected ',' or ']' after a record") }
        pos += 1
        guard refillAndSkip() else { throw ReadError.malformedJSON(here(), reason: "the file ends inside the array of records (truncated?)") }
      }
      let pointer = "\(pointerPrefix)/\(index)"
      index += 1
      recordNumber += 1
      var locator = here(record: recordNumber, path: pointer)
      locator.rankOnLine = lineSharing.rank(of: locator.line)
      return try readRecord(at: locator)
    }
  }

  // MARK: - Framing

  /// Where the reader is: line and column of `pos`.
  private func here(record: Int? = nil, path pointer: String? = nil) -> Locator {
    Locator(file: path, line: line, column: pos - lineStart + 1, record: record, path: pointer)
  }

  /// Skips blanks, reading more when needed; false at the end of the file.
  private func refillAndSkip() -> Bool {
    while true {
      skipWhitespace()
      if pos < buffer.count { return true }
      if !refill() { return false }
    }
  }

  private func skipWhitespace() {
    while pos < buffer.count {
      let b = buffer[pos]
      if b == 0x0A { line += 1; lineStart = pos + 1 } else if b != 0x20 && b != 0x09 && b != 0x0D { return }
      pos += 1
    }
  }

  private func skipToNextLine() {
    while true {
      while pos < buffer.count {
        if buffer[pos] == 0x0A { pos += 1; line += 1; lineStart = pos; return }
        pos += 1
      }
      if !refill() { return }
    }
  }

  private func refill() -> Bool {
    if stream.isAtEnd { return false }
    if pos > 0 {
      buffer.removeSubrange(0..<pos)
      lineStart -= pos
      pos = 0
    }
    return stream.read(into: &buffer, maximum: max(1 << 20, buffer.count)) > 0
  }

  /// JSON Lines when the first object ends on its line and another value follows.
  private func looksLikeLines() -> Bool {
    guard let end = try? valueEnd(from: pos, atEnd: stream.isAtEnd) else { return false }
    var k = end
    while k < buffer.count, buffer[k] == 0x20 || buffer[k] == 0x09 || buffer[k] == 0x0D { k += 1 }
    guard k < buffer.count, buffer[k] == 0x0A else { return false }
    while k < buffer.count, buffer[k] == 0x20 || buffer[k] == 0x09 || buffer[k] == 0x0D || buffer[k] == 0x0A { k += 1 }
    return k < buffer.count && buffer[k] == UInt8(ascii: "{")
  }

  /// Walks the keys of the top-level object to the array of records.
  private func enterWrapper(recordPath: String?) throws {
    let wanted = recordPath.map { $0.split(separator: ".").map(String.init) }
    var depthPath: [String] = []
    var keptScalars: [SourceField] = []
    pos += 1  // '{'
    while true {
      guard refillAndSkip() else { throw ReadError.malformedJSON(here(), reason: "the file ends inside the top-level object (truncated?)") }
      if buffer[pos] == UInt8(ascii: "}") {
        pos += 1
        if depthPath.isEmpty { break }
        depthPath.removeLast()
        continue
      }
      if buffer[pos] == UInt8(ascii: ",") { pos += 1; continue }
      try ensureValue()
      let keyStart = pos
      let key: String
      do {
        (key, pos) = try buffer.withUnsafeBufferPointer { bytes in
          var parser = JSONValueParser(buffer: bytes, position: pos, maxDepth: JSONReader.maxDepth)
          return (try parser.parseString(), parser.position)
        }
      } catch let failure as JSONValueParser.Failure {
        throw syntaxError(failure)
      }
      guard refillAndSkip(), buffer[pos] == UInt8(ascii: ":") else {
        throw ReadError.malformedJSON(here(), reason: "expected ':' after the key at column \(keyStart - lineStart + 1)")
      }
      pos += 1
      guard refillAndSkip() else { throw ReadError.malformedJSON(here(), reason: "the file ends after a key (truncated?)") }
      let keyPath = depthPath + [key]
      let opener = buffer[pos]
      if let wanted {
        if keyPath == wanted {
          guard opener == UInt8(ascii: "[") else { throw ReadError.noRecordsFound(here(), reason: "'\(wanted.joined(separator: "."))' is not an array") }
          pos += 1
          beginArray(keyPath, besides: keptScalars)
          return
        }
        if opener == UInt8(ascii: "{") && wanted.starts(with: keyPath) {
          pos += 1
          depthPath = keyPath
          continue
        }
      } else if opener == UInt8(ascii: "[") && firstElementIsObject() {
        pos += 1
        beginArray(keyPath, besides: keptScalars)
        return
      } else if opener == UInt8(ascii: "{") && depthPath.count < JSONReader.maxWrapperDepth {
        // An API dump nests its records (`{"data": {"customers": [...]}}`): look inside rather
        // than read the whole object as one value. Its scalars are kept, flattened as before.
        pos += 1
        depthPath = keyPath
        continue
      }
      // Not the records: read it (a small value) and keep it in case the file is one record.
      _ = try readValue(path: keyPath.joined(separator: "."), into: &keptScalars)
    }
    if let wanted {
      throw ReadError.noRecordsFound(Locator(file: path), reason: "no key '\(wanted.joined(separator: "."))' in the top-level object")
    }
    singleRecord = keptScalars
    mode = .done
  }

  /// Starts reading the records' array; the wrapper's own values read so far (`status`,
  /// `meta.page`) are no records, and the file's findings name their keys.
  private func beginArray(_ keyPath: [String], besides wrapper: [SourceField]) {
    pointerPrefix = "/" + keyPath.joined(separator: "/")
    profile.recordPath = keyPath.joined(separator: ".")
    mode = .array
    var keys: [String] = []
    for field in wrapper where !keys.contains(field.key) { keys.append(field.key) }
    guard !keys.isEmpty else { return }
    let listed = keys.prefix(5).joined(separator: ", ") + (keys.count > 5 ? " and \(keys.count - 5) more" : "")
    fileIssues.append(Issue("JSON_WRAPPER_VALUES", .info, at: Locator(file: path, line: line),
                            "the records are under '\(profile.recordPath ?? "")'; the values beside them (\(listed)) describe the export and are not read as records"))
  }

  private func firstElementIsObject() -> Bool {
    var k = pos + 1
    while true {
      while k < buffer.count, [0x20, 0x09, 0x0D, 0x0A].contains(buffer[k]) { k += 1 }
      if k < buffer.count { return buffer[k] == UInt8(ascii: "{") }
      let offset = k - pos
      if !refill() { return false }
      k = pos + offset
    }
  }

  /// Makes sure the whole value starting at `pos` is in the buffer.
  private func ensureValue() throws {
    while true {
      do {
        if try valueEnd(from: pos, atEnd: stream.isAtEnd) != nil { return }
      } catch let failure as JSONValueParser.Failure {
        throw syntaxError(failure)
      }
      if !refill() {
        if try valueEnd(from: pos, atEnd: true) != nil { return }
        throw ReadError.malformedJSON(here(), reason: "the file ends inside a value (truncated?)")
      }
    }
  }

  /// The end of the value at `start`, or nil when the buffer holds only part of it.
  private func valueEnd(from start: Int, atEnd: Bool) throws -> Int? {
    try buffer.withUnsafeBufferPointer { bytes -> Int? in
      var k = start
      var depth = 0
      var inString = false
      while k < bytes.count {
        let b = bytes[k]
        if inString {
          if b == UInt8(ascii: "\\") { k += 2; continue }
          if b == UInt8(ascii: "\"") {
            inString = false
            if depth == 0 { return k + 1 }
          }
        } else {
          switch b {
          case UInt8(ascii: "\""): inString = true
          case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
            if depth > JSONReader.maxDepth { throw JSONValueParser.Failure(offset: k, reason: "nesting deeper than \(JSONReader.maxDepth) levels") }
          case UInt8(ascii: "}"), UInt8(ascii: "]"):
            depth -= 1
            if depth == 0 { return k + 1 }
            if depth < 0 { throw JSONValueParser.Failure(offset: k, reason: "unexpected '\(UnicodeScalar(b))'") }
          case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
            if depth == 0 { return k }
          default: break
          }
        }
        k += 1
      }
      return atEnd && depth == 0 && !inString && k > start ? k : nil
    }
  }

  private func readRecord(at locator: Locator) throws -> SourceRecord {
    if columns.count > ColumnNames.limit { columns = ColumnNames() }
    var record = SourceRecord(locator: locator, columns: columns, cells: 16, bytes: 256)
    let bare = buffer[pos] != UInt8(ascii: "{")
    var issues = try readValue(path: bare ? "value" : "", into: &record)
    if bare {
      issues.append(Issue("JSON_NOT_AN_OBJECT", .error, at: Locator(file: path, line: locator.line, column: locator.column),
                          "a record must be a JSON object; this one is a bare value"))
    }
    record.issues = issues
    return record
  }

  /// Parses the value at `pos` into `fields`, reading more of the file while the buffer holds
  /// only part of it: parsing first and checking only on failure reads a record once, not twice.
  private func readValue<Sink: JSONFieldSink>(path keyPath: String, into fields: inout Sink) throws -> [Issue] {
    let startLine = line, startColumn = pos - lineStart + 1
    var exhausted = stream.isAtEnd
    while true {
      let opener = buffer[pos]
      let parsed: Result<(end: Int, invalidUTF8: Int?), JSONValueParser.Failure> = buffer.withUnsafeBufferPointer { bytes in
        var parser = JSONValueParser(buffer: bytes, position: pos, maxDepth: JSONReader.maxDepth)
        do throws(JSONValueParser.Failure) {
          try parser.parseValue(path: keyPath, into: &fields)
          return .success((parser.position, parser.invalidUTF8Offset))
        } catch {
          return .failure(error)
        }
      }
      switch parsed {
      case .success(let outcome):
        // A bare number or literal ends where the buffer does: it may go on in the file.
        let mayBeCut = outcome.end == buffer.count && !exhausted
          && opener != UInt8(ascii: "{") && opener != UInt8(ascii: "[") && opener != UInt8(ascii: "\"")
        if !mayBeCut {
          let start = pos
          advance(to: outcome.end)
          guard let offset = outcome.invalidUTF8 else { return [] }
          return [Issue("ENCODING_INVALID_BYTE", .error, at: Locator(file: path, line: startLine, column: startColumn, record: recordNumber),
                        "a string holds bytes that are not UTF-8 (at byte \(offset - start + 1) of the record); re-save the file as UTF-8")]
        }
      case .failure(let failure):
        let complete: Int?
        do { complete = try valueEnd(from: pos, atEnd: exhausted) } catch let failure as JSONValueParser.Failure { throw syntaxError(failure) }
        if complete != nil { throw syntaxError(failure) }
        if exhausted { throw ReadError.malformedJSON(here(), reason: "the file ends inside a value (truncated?)") }
      }
      // Only part of the value is in the buffer: read more and parse it again.
      fields.removeAllValues()
      if !refill() { exhausted = true }
    }
  }

  /// Moves to `end`, counting the lines passed.
  private func advance(to end: Int) {
    buffer.withUnsafeBufferPointer { bytes in
      // memchr: a record of JSON Lines holds no newline, and a byte loop over it costs ~5 instructions a byte.
      guard let base = bytes.baseAddress else { return }
      var k = pos
      while k < end, let found = memchr(base + k, 0x0A, end - k) {
        k = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
        line += 1
        lineStart = k
      }
    }
    pos = end
  }

  private func syntaxError(_ failure: JSONValueParser.Failure) -> ReadError {
    var errorLine = line, errorStart = lineStart
    var k = pos
    while k < failure.offset && k < buffer.count {
      if buffer[k] == 0x0A { errorLine += 1; errorStart = k + 1 }
      k += 1
    }
    return .malformedJSON(Locator(file: path, line: errorLine, column: failure.offset - errorStart + 1), reason: failure.reason)
  }
}

extension Locator {
  func with(record: Int?, path: String?) -> Locator {
    var copy = self
    copy.record = record
    copy.path = path
    return copy
  }
}
