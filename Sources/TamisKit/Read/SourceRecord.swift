/// One record as read from one export, before mapping: its fields in file order, the place it
/// came from, and the issues the reader found in it.
public struct SourceRecord: Hashable, Sendable {
  /// File, line, record number and path of the record's start.
  public var locator: Locator
  public var fields: [SourceField]
  /// Reader findings (bad bytes, ragged rows, broken quotes), kept with the record.
  public var issues: [Issue]

  public init(locator: Locator, fields: [SourceField], issues: [Issue] = []) {
    self.locator = locator
    self.fields = fields
    self.issues = issues
  }

  /// The values under `key`, in file order.
  public func values(_ key: String) -> [String] {
    fields.filter { $0.key == key }.map(\.value)
  }
}

/// One value of a column (CSV), dotted key path (JSON) or element path (XML). A key holding
/// several values (a JSON array, repeated XML elements) appears once per value, in order.
public struct SourceField: Hashable, Sendable {
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

/// The kinds of export Tamis reads.
public enum InputFormat: String, Sendable, Codable, CaseIterable {
  case csv, json, jsonl, xml
}

/// What a reader found out about its file, for `tamis inspect` and reports.
public struct FileProfile: Hashable, Sendable, Codable {
  public var file: String
  public var format: InputFormat
  public var encoding: TextEncoding
  /// The CSV delimiter, as a string (`;`, `,`, `\t`, `|`).
  public var delimiter: String?
  /// The JSON key or XML element holding the records, when there is one.
  public var recordPath: String?
  public var sizeInBytes: Int?
}
