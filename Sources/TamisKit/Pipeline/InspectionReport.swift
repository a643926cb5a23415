import Foundation

/// Prints an ``Inspection`` as text or JSON.
public enum InspectionReport {
  public static func text(_ inspection: Inspection) -> String {
    let profile = inspection.profile
    var lines = [
      "file:      \(profile.file)",
      "format:    \(profile.format.rawValue)",
      "encoding:  \(profile.encoding.rawValue)",
    ]
    if let delimiter = profile.delimiterName { lines.append("delimiter: \(delimiter)") }
    if let path = profile.recordPath { lines.append("records at: \(path)") }
    if let size = profile.sizeInBytes { lines.append("size:      \(size) bytes") }
    lines.append("records:   \(inspection.records)")
    if let order = inspection.dateOrder { lines.append("dates:     \(order.rawValue) (from the values)") }
    lines.append("")
    let width = max(6, inspection.columns.map(\.column.count).max() ?? 6)
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    lines.append(pad("COLUMN", width) + "  " + pad("FIELD", 18) + "  CONF  SAMPLES")
    for column in inspection.columns {
      let target: String
      switch column.target {
      case .field(let field)?: target = field.rawValue
      case .custom(let custom)?: target = "custom:\(custom.name)"
      case .ignore?: target = "(ignored)"
      case nil: target = "(extra)"
      }
      let samples = column.samples.map { $0.count > 24 ? String($0.prefix(23)) + "…" : $0 }.joined(separator: " | ")
      lines.append(pad(column.column, width) + "  " + pad(target, 18) + "  " + String(format: "%.2f", column.confidence) + "  " + samples)
    }
    if !inspection.issues.isEmpty {
      lines.append("")
      for issue in inspection.issues { lines.append(issue.description) }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  public static func json(_ inspection: Inspection) -> String {
    var json = JSONText()
    json.beginObject()
    json.string("file", inspection.profile.file)
    json.string("format", inspection.profile.format.rawValue)
    json.string("encoding", inspection.profile.encoding.rawValue)
    if let delimiter = inspection.profile.delimiter { json.string("delimiter", delimiter) }
    if let path = inspection.profile.recordPath { json.string("records_at", path) }
    json.number("records", inspection.records)
    if let order = inspection.dateOrder { json.string("date_order", order.rawValue) }
    json.beginArray("columns")
    for column in inspection.columns {
      json.beginObject()
      json.string("column", column.column)
      switch column.target {
      case .field(let field)?: json.string("field", field.rawValue)
      case .custom(let custom)?: json.string("custom", custom.name)
      case .ignore?: json.string("field", "ignore")
      case nil: json.null("field")
      }
      json.number("confidence", column.confidence)
      json.beginArray("samples")
      for sample in column.samples { json.string(nil, sample) }
      json.endArray()
      json.endObject()
    }
    json.endArray()
    json.beginArray("issues")
    for issue in inspection.issues { json.raw(nil, ContactExport.json(issue, recordId: nil)) }
    json.endArray()
    json.endObject()
    return json.text + "\n"
  }
}
