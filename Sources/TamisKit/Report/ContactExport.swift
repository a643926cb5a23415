import Foundation

/// Writes normalised contacts: `normalised.csv` (one column per field, spreadsheet-safe),
/// `normalised.jsonl` (every value with its key and column, and its original where it differs;
/// custom and extra fields),
/// `quarantine.csv` (each quarantined record with every reason and its original values) and
/// `findings.jsonl` (every issue). All files appear atomically on ``commit()``.
public final class ContactExport {
  public static let fileNames = ["normalised.csv", "normalised.jsonl", "quarantine.csv", "findings.jsonl"]
  private let csv: CSVWriter
  private let jsonl: AtomicFile
  private let quarantine: CSVWriter
  private let findings: AtomicFile
  /// Memory of written batches, reused by the next ones.
  private let blocks = ByteBlock.Pool()

  /// - Throws: `ReportError.cannotWrite`.
  public init(directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    csv = CSVWriter(try AtomicFile(directory.appendingPathComponent("normalised.csv")),
                    header: ["source", "record_id", "file", "line", "status"] + ContactField.allCases.map(\.rawValue) + ["issues"])
    jsonl = try AtomicFile(directory.appendingPathComponent("normalised.jsonl"))
    quarantine = CSVWriter(try AtomicFile(directory.appendingPathComponent("quarantine.csv")),
                           header: ContactExport.quarantineHeader)
    findings = try AtomicFile(directory.appendingPathComponent("findings.jsonl"))
  }

  /// A batch's lines in each file, rendered on a worker thread so that writing is only I/O.
  public struct Rendered: Sendable {
    var csv: ByteBlock
    var jsonl: ByteBlock
    var quarantine: [UInt8]
    var findings: ByteBlock
  }

  /// Renders a batch into memory of batches already written.
  public func render(_ contacts: consuming [Contact]) -> Rendered {
    ContactExport.render(consume contacts, reusing: blocks)
  }

  public static func render(_ contacts: consuming [Contact], reusing pool: ByteBlock.Pool? = nil) -> Rendered {
    let fieldKeys = ContactExport.fieldKeys
    var quarantine: [UInt8] = []
    var csv = CSVText.Lines(capacity: contacts.count * 256, reusing: pool)
    var json = JSONText(capacity: contacts.count * 1280, reusing: pool)
    var findings = JSONText(capacity: contacts.count * 128, reusing: pool)
    // Each contact is lent in place (`inout` passes its address), not copied: a copy costs a
    // count per string and array.
    var contacts = contacts
    for index in contacts.indices {
      render(&contacts[index], fieldKeys: fieldKeys, csv: &csv, json: &json, findings: &findings, quarantine: &quarantine)
    }
    return Rendered(csv: csv.block(), jsonl: json.block(), quarantine: quarantine, findings: findings.block())
  }

  /// One contact's CSV row, JSON line, findings and quarantine row; `inout` only so that it is
  /// passed by address, never changed.
  private static func render(_ contact: inout Contact, fieldKeys: FlatStrings, csv: inout CSVText.Lines, json: inout JSONText,
                             findings: inout JSONText, quarantine: inout [UInt8]) {
    let recordId = contact.recordId
    let line = contact.locator.line.map(String.init) ?? ""
    csv.cell(contact.source); csv.cell(recordId); csv.cell(contact.locator.file); csv.cell(line)
    csv.cell(contact.hasErrors ? "quarantined" : "accepted")
    // One cell per field, from the values in place: fields come in order in the record.
    var plainJSON: Bool?
    contact.withValues { values in
      // One look at all the record's bytes for both files: most records have nothing to quote
      // or escape anywhere; the others are looked at again, for each file's own characters.
      let plainForBoth = ContactExport.isPlainForJSONAndCSV(values.text)
      if plainForBoth { plainJSON = true }
      let plain = plainForBoth || !CSVText.mayNeedQuotes(values.text)
      var index = 0
      for field in ContactField.allCases {
        let start = index
        while index < values.count && values.field(index) == field { index += 1 }
        switch index - start {
        case 0: csv.cell("")
        case 1: csv.cell(utf8: values.value(start), plain: plain)
        default: csv.cell((start..<index).filter { !values.value($0).isEmpty }.map { String(decoding: values.value($0), as: UTF8.self) }
                            .joined(separator: " | "))
        }
      }
    }
    csv.cell(contact.issues.isEmpty ? "" : contact.issues.map(\.code).joined(separator: " "))
    csv.endRow()
    write(contact, recordId: recordId, fieldKeys: fieldKeys, plain: plainJSON, into: &json)
    json.endLine()
    for issue in contact.issues {
      write(issue, recordId: recordId, into: &findings)
      findings.endLine()
    }
    if contact.hasErrors { quarantine.append(contentsOf: quarantineLine(contact)) }
  }

  /// A quarantined record's row in `quarantine.csv`: its codes, every reason, its original values.
  public static func quarantineLine(_ contact: Contact) -> [UInt8] {
    CSVText.line([
      contact.source, contact.recordId, contact.locator.file, contact.locator.line.map(String.init) ?? "",
      contact.issues.filter { $0.severity == .error }.map(\.code).joined(separator: " "),
      contact.issues.map { "\($0.code): \($0.message)\($0.locator.field.map { " (\($0))" } ?? "")" }.joined(separator: "; "),
      originalJSON(contact),
    ])
  }

  public static let quarantineHeader = ["source", "record_id", "file", "line", "codes", "reasons", "original"]

  /// The quarantine line of an erased person's record: where it is and why, no value of it.
  public static func suppressedLine(_ contact: Contact) -> [UInt8] {
    CSVText.line([contact.source, contact.recordId, contact.locator.file, contact.locator.line.map(String.init) ?? "", "SUPPRESSED",
                  "SUPPRESSED: this person was erased at their request and is on its suppression list: the record is not loaded", ""])
  }

  public func write(_ rendered: Rendered) {
    csv.write(lines: rendered.csv)
    rendered.jsonl.withBytes { jsonl.write(block: $0) }
    quarantine.write(line: rendered.quarantine)
    rendered.findings.withBytes { findings.write(block: $0) }
    for block in [rendered.csv, rendered.jsonl, rendered.findings] { blocks.recycle(block) }
  }

  /// Adds the file-level and feed-level findings (not tied to one record).
  public func write(feedIssues: [Issue]) {
    for issue in feedIssues { findings.write(ContactExport.json(issue, recordId: nil) + "\n") }
  }

  public func commit() throws {
    try csv.commit()
    try jsonl.commit()
    try quarantine.commit()
    try findings.commit()
  }

  /// One contact as a JSON object, keys in a fixed order.
  public static func json(_ contact: Contact) -> String {
    var json = JSONText()
    write(contact, recordId: contact.recordId, into: &json)
    return json.text
  }

  /// Each field's `"name":`, once, by the field's index, lent as bytes: read without counting
  /// references (an array per name was counted at every field of every line, from both workers' cores).
  private static let fieldKeys: FlatStrings = {
    var keys = FlatStrings()
    for field in ContactField.allCases { JSONText.quotedKey(field.rawValue).withUnsafeBufferPointer { keys.append(utf8: $0) } }
    return keys
  }()

  /// `plain` when the contact's bytes are known to need no escaping (else they are looked at).
  static func write(_ contact: Contact, recordId: String, fieldKeys: FlatStrings = fieldKeys, plain: Bool? = nil, into json: inout JSONText) {
    json.beginObject()
    json.string(literal: "source", contact.source)
    json.string(literal: "record_id", recordId)
    json.string(literal: "file", contact.locator.file)
    if let line = contact.locator.line { json.number(literal: "line", line) }
    if let record = contact.locator.record { json.number(literal: "record", record) }
    if let path = contact.locator.path { json.string(literal: "path", path) }
    json.string(literal: "status", contact.hasErrors ? "quarantined" : "accepted")
    json.beginObject(literal: "fields")
    // Values are read in place (borrowed), not copied out string by string.
    contact.withValues { values in
      // One look at all the record's bytes: most records have nothing to escape anywhere.
      let plain = plain ?? !JSONText.needsEscaping(values.text)
      var index = 0
      while index < values.count {
        let field = values.field(index)
        fieldKeys.withUTF8(field.index) { json.beginArray(quotedKey: $0) }
        while index < values.count && values.field(index) == field {
          write(values[index], plain: plain, into: &json)
          index += 1
        }
        json.endArray()
      }
    }
    json.endObject()
    if !contact.custom.isEmpty {
      json.beginObject("custom")
      for item in contact.custom {
        json.beginObject(item.field.name)
        json.string("type", item.field.type.rawValue)
        json.beginArray("values")
        write(item.value, into: &json)
        json.endArray()
        json.endObject()
      }
      json.endObject()
    }
    if !contact.extras.isEmpty {
      json.beginArray("extras")
      for extra in contact.extras {
        json.beginObject()
        json.string("column", extra.key)
        json.string("value", extra.value)
        json.endObject()
      }
      json.endArray()
    }
    json.beginArray(literal: "issues")
    for issue in contact.issues { write(issue, recordId: nil, into: &json) }
    json.endArray()
    json.endObject()
  }

  /// Whether `utf8` holds nothing JSON escapes (control characters, quote, backslash, 0xE2)
  /// nor CSV quotes (comma, quote, line breaks): one pass, eight bytes at a time, for both files.
  static func isPlainForJSONAndCSV(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    // Of what CSV quotes, all but the comma is among what JSON escapes.
    !ByteWords.any(in: utf8, word: { ByteWords.any(JSONText.escapeMask($0) | ByteWords.match(0x2C, $0)) },
                   byte: { JSONText.mustEscape($0) || $0 == 0x2C })
  }

  /// A value's object; `plain` when its record's bytes need no escaping at all (they are copied).
  static func write(_ value: Contact.ValueBytes, plain: Bool = false, into json: inout JSONText) {
    json.rawElement { output in
      func append(_ text: UnsafeBufferPointer<UInt8>) {
        if plain { output.append(text) } else { JSONText.appendEscaped(text, to: &output) }
      }
      output.append(#"{"value":""#)
      append(value.value)
      // The original only where normalising changed it: the line says what changed, and is ~15 % shorter.
      if !value.valueIsOriginal && !value.original.hasSameBytes(as: value.value) {
        output.append(#"","original":""#)
        append(value.original)
      }
      if !value.keyIsValue && !value.key.hasSameBytes(as: value.value) {
        output.append(#"","key":""#)
        append(value.key)
      }
      if let detail = value.detail {
        output.append(#"","detail":""#)
        append(detail)
      }
      output.append(#"","column":""#)
      append(value.column)
      output.append(#""}"#)
    }
  }

  /// A custom field's value, rendered like a canonical one.
  static func write(_ value: NormalisedValue, into json: inout JSONText) {
    Contact.ValueBytes.with(value) { write($0, into: &json) }
  }

  /// One issue as a JSON object.
  public static func json(_ issue: Issue, recordId: String?) -> String {
    var json = JSONText()
    write(issue, recordId: recordId, into: &json)
    return json.text
  }

  static func write(_ issue: Issue, recordId: String?, into json: inout JSONText) {
    json.beginObject()
    json.string(literal: "code", issue.code)
    json.string(literal: "severity", issue.severity.rawValue)
    json.string(literal: "file", issue.locator.file)
    if let line = issue.locator.line { json.number(literal: "line", line) }
    if let column = issue.locator.column { json.number(literal: "column", column) }
    if let record = issue.locator.record { json.number(literal: "record", record) }
    if let recordId { json.string(literal: "record_id", recordId) }
    if let path = issue.locator.path { json.string(literal: "path", path) }
    if let field = issue.locator.field { json.string(literal: "field", field) }
    json.string(literal: "message", issue.message)
    json.endObject()
  }

  /// The record's source values, as read (for quarantine, so that a steward can fix them).
  static func originalJSON(_ contact: Contact) -> String {
    var json = JSONText()
    writeOriginalValues(contact, into: &json)
    return json.text
  }

  /// What the store keeps of a source record as received: where it was read and its source
  /// values (RGPD art. 15: the data as collected). Its normalised values are in its survivor view.
  public static func storedOriginal(_ contact: Contact) -> (json: String, values: [UInt8]) {
    var writer = JSONText()
    writeOriginalValues(contact, into: &writer)
    let values = writer.bytes
    var json = JSONText(capacity: values.count + 128)
    json.beginObject()
    json.string("file", contact.locator.file)
    if let line = contact.locator.line { json.number("line", line) }
    if let record = contact.locator.record { json.number("record", record) }
    if let path = contact.locator.path { json.string("path", path) }
    json.raw("values", bytes: values)
    json.endObject()
    return (json.text, values)
  }

  /// Each column's original value once, in field order, then custom and extra columns.
  private static func writeOriginalValues(_ contact: Contact, into json: inout JSONText) {
    json.beginObject()
    contact.withValues { values in
      for index in values.indices {
        let value = values[index]
        // A column split into several values (emails, a full name) gave the same original to each.
        let seen = values.indices[..<index].contains { values[$0].column.elementsEqual(value.column) && values[$0].original.elementsEqual(value.original) }
        if !seen { json.string(utf8: value.column, utf8: value.original) }
      }
    }
    for item in contact.custom { json.string(item.value.column, item.value.original) }
    for extra in contact.extras { json.string(extra.key, extra.value) }
    json.endObject()
  }
}
