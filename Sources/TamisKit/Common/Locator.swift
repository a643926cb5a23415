/// Where something was found: a file and, when known, its line, column, record number,
/// path inside the record (JSON pointer or XML path) and field.
///
/// Rendered the way compilers do (`file:line:column`), so that editors and CI logs link to it.
public struct Locator: Hashable, Sendable, Codable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  public var column: Int?
  /// 1-based position of the record in its file.
  public var record: Int?
  /// JSON pointer (`/3/email`) or XML path (`/export/contact[3]`) of the record or value.
  public var path: String?
  /// Source column, key or canonical field the finding is about.
  public var field: String?
  /// A record's rank among the records that begin on its line, from 2 (minified JSON, one-line
  /// XML); nil for the first, as in most files. It keeps `line:N` record ids apart.
  public var rankOnLine: Int?

  public init(file: String, line: Int? = nil, column: Int? = nil, record: Int? = nil,
              path: String? = nil, field: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.record = record
    self.path = path
    self.field = field
  }

  /// The same place, narrowed to one field.
  public func with(field: String?) -> Locator {
    var copy = self
    copy.field = field
    return copy
  }

  /// `file:line:column`, then the record, path and field when known.
  public var description: String {
    var text = file
    if let line {
      text += ":\(line)"
      if let column { text += ":\(column)" }
    }
    var extra: [String] = []
    if let record { extra.append("record \(record)") }
    if let path { extra.append(path) }
    if let field { extra.append("field '\(field)'") }
    if !extra.isEmpty { text += " (" + extra.joined(separator: ", ") + ")" }
    return text
  }
}
