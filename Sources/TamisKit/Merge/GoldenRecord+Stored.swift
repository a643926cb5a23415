extension GoldenRecord {
  /// Reads back a golden record from its `referential.json` line (``json``); nil when the text is
  /// not one Tamis wrote.
  public init?(json text: String) {
    guard let members = JSONFields.members(of: text, maxDepth: 5) else { return nil }
    var id: String?
    var fields = [[GoldenValue]](repeating: [], count: ContactField.count)
    var people: [String] = []
    for (path, value) in members {
      if path == "golden_id" { id = value; continue }
      if path == "members" { people.append(value); continue }
      let parts = path.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0] == "fields", let field = ContactField(rawValue: String(parts[1])) else { return nil }
      switch parts[2] {
      case "value": fields[field.index].append(GoldenValue(value: value, source: "", recordId: ""))
      case "source" where !fields[field.index].isEmpty: fields[field.index][fields[field.index].count - 1].source = value
      case "record_id" where !fields[field.index].isEmpty: fields[field.index][fields[field.index].count - 1].recordId = value
      default: return nil
      }
    }
    guard let id else { return nil }
    self.init(id: id, fields: fields, members: people)
  }

  /// The same golden record without these fields' values.
  public func removing(_ removed: [ContactField]) -> GoldenRecord {
    var record = self
    for field in removed { record.fields[field.index] = [] }
    return record
  }
}
