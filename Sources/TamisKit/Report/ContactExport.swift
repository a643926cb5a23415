import Foundation

/// Writes normalised contacts: `normalised.csv` (one column per field, spreadsheet-safe),
/// `normalised.jsonl` (every value with its original, key and column; custom and extra fields),
/// `quarantine.csv` (each quarantined record with every reason and its original values) and
/// `findings.jsonl` (every issue). All files appear atomically on ``commit()``.
public final class ContactExport {
  public static let fileNames = ["normalised.csv", "normalised.jsonl", "quarantine.csv", "findings.jsonl"]
  private let csv: CSVWriter
  private let jsonl: AtomicFile
  private let quarantine: CSVWriter
  private let findings: AtomicFile

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

  /// One contact's lines in each file, rendered on a worker thread so that writing is only I/O.
  public struct Rendered: Sendable {
    var csv: [UInt8]
    var jsonl: [UInt8]
    var quarantine: [UInt8]?
    var findings: [UInt8]
  }

  public static func render(_ contact: Contact) -> Rendered {
    let status = contact.hasErrors ? "quarantined" : "accepted"
    let recordId = contact.recordId
    var row = [contact.source, recordId, contact.locator.file, contact.locator.line.map(String.init) ?? "", status]
    row.reserveCapacity(6 + ContactField.count)
    for field in ContactField.allCases {
      let values = contact[field]
      row.append(values.count == 1 ? values[0].value : values.filter(\.isUsable).map(\.value).joined(separator: " | "))
    }
    row.append(contact.issues.map(\.code).joined(separator: " "))
    var jsonl = jsonBytes(contact)
    jsonl.append(10)
    var findings: [UInt8] = []
    for issue in contact.issues {
      findings.append(contentsOf: jsonBytes(issue, recordId: recordId))
      findings.append(10)
    }
    return Rendered(csv: CSVWriter.line(row), jsonl: jsonl, quarantine: contact.hasErrors ? quarantineLine(contact) : nil, findings: findings)
  }

  /// A quarantined record's row in `quarantine.csv`: its codes, every reason, its original values.
  public static func quarantineLine(_ contact: Contact) -> [UInt8] {
    CSVWriter.line([
      contact.source, contact.recordId, contact.locator.file, contact.locator.line.map(String.init) ?? "",
      contact.issues.filter { $0.severity == .error }.map(\.code).joined(separator: " "),
      contact.issues.map { "\($0.code): \($0.message)\($0.locator.field.map { " (\($0))" } ?? "")" }.joined(separator: "; "),
      originalJSON(contact),
    ])
  }

  public static let quarantineHeader = ["source", "record_id", "file", "line", "codes", "reasons", "original"]

  public func write(_ rendered: [Rendered]) {
    for item in rendered {
      csv.write(line: item.csv)
      jsonl.write(bytes: item.jsonl)
      if let quarantined = item.quarantine { quarantine.write(line: quarantined) }
      if !item.findings.isEmpty { findings.write(bytes: item.findings) }
    }
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
  public static func json(_ contact: Contact) -> String { String(decoding: jsonBytes(contact), as: UTF8.self) }

  static func jsonBytes(_ contact: Contact) -> [UInt8] {
    var json = JSONText()
    json.beginObject()
    json.string("source", contact.source)
    json.string("record_id", contact.recordId)
    json.string("file", contact.locator.file)
    if let line = contact.locator.line { json.number("line", line) }
    if let record = contact.locator.record { json.number("record", record) }
    if let path = contact.locator.path { json.string("path", path) }
    json.string("status", contact.hasErrors ? "quarantined" : "accepted")
    json.beginObject("fields")
    for field in ContactField.allCases where !contact[field].isEmpty {
      json.beginArray(field.rawValue)
      for value in contact[field] { write(value, into: &json) }
      json.endArray()
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
    json.beginArray("issues")
    for issue in contact.issues { json.raw(nil, bytes: ContactExport.jsonBytes(issue, recordId: nil)) }
    json.endArray()
    json.endObject()
    return json.bytes
  }

  static func write(_ value: NormalisedValue, into json: inout JSONText) {
    json.beginObject()
    json.string("value", value.value)
    json.string("original", value.original)
    if value.key != value.value { json.string("key", value.key) }
    if let detail = value.detail { json.string("detail", detail) }
    json.string("column", value.column)
    json.endObject()
  }

  /// One issue as a JSON object.
  public static func json(_ issue: Issue, recordId: String?) -> String {
    String(decoding: jsonBytes(issue, recordId: recordId), as: UTF8.self)
  }

  static func jsonBytes(_ issue: Issue, recordId: String?) -> [UInt8] {
    var json = JSONText()
    json.beginObject()
    json.string("code", issue.code)
    json.string("severity", issue.severity.rawValue)
    json.string("file", issue.locator.file)
    if let line = issue.locator.line { json.number("line", line) }
    if let column = issue.locator.column { json.number("column", column) }
    if let record = issue.locator.record { json.number("record", record) }
    if let recordId { json.string("record_id", recordId) }
    if let path = issue.locator.path { json.string("path", path) }
    if let field = issue.locator.field { json.string("field", field) }
    json.string("message", issue.message)
    json.endObject()
    return json.bytes
  }

  /// The record's source values, as read (for quarantine, so that a steward can fix them).
  static func originalJSON(_ contact: Contact) -> String {
    var json = JSONText()
    writeOriginalValues(contact, into: &json)
    return json.text
  }

  /// What the store keeps of a source record as received: where it was read and its source
  /// values (RGPD art. 15: the data as collected). Its normalised values are in its survivor view.
  public static func storedOriginal(_ contact: Contact) -> (json: [UInt8], values: [UInt8]) {
    var values = JSONText()
    writeOriginalValues(contact, into: &values)
    var json = JSONText()
    json.beginObject()
    json.string("file", contact.locator.file)
    if let line = contact.locator.line { json.number("line", line) }
    if let record = contact.locator.record { json.number("record", record) }
    if let path = contact.locator.path { json.string("path", path) }
    json.raw("values", bytes: values.bytes)
    json.endObject()
    return (json.bytes, values.bytes)
  }

  /// Each column's original value once, in field order, then custom and extra columns.
  private static func writeOriginalValues(_ contact: Contact, into json: inout JSONText) {
    json.beginObject()
    var written: [(column: String, original: String)] = []
    for field in ContactField.allCases {
      for value in contact[field] where !written.contains(where: { $0.column == value.column && $0.original == value.original }) {
        written.append((value.column, value.original))
        json.string(value.column, value.original)
      }
    }
    for item in contact.custom { json.string(item.value.column, item.value.original) }
    for extra in contact.extras { json.string(extra.key, extra.value) }
    json.endObject()
  }
}
