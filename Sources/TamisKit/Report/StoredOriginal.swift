/// The values of a source record as received, in the form the store keeps them
/// (``ContactExport/storedOriginal(_:)``: where it was read, then its values by column), read
/// back and written again without some columns: a retention rule per field takes them out.
public enum StoredOriginal {
  /// Its members in order: `file`, `line`, `record`, `path`, then `values.<column>` for each value.
  static func members(_ text: String) -> [(String, String)]? { JSONFields.members(of: text) }

  /// Its columns, in order.
  public static func columns(of text: String) -> [String] {
    (members(text) ?? []).compactMap { $0.0.hasPrefix(valuesPrefix) ? String($0.0.dropFirst(valuesPrefix.count)) : nil }
  }

  /// The same text without the values of `columns`, and how many values went; unchanged when none
  /// of them is there (or the text is not one the store wrote).
  public static func removing(columns: Set<String>, from text: String) -> (text: String, removed: Int) {
    guard !columns.isEmpty, let members = members(text) else { return (text, 0) }
    let kept = members.filter { !($0.0.hasPrefix(valuesPrefix) && columns.contains(String($0.0.dropFirst(valuesPrefix.count)))) }
    return kept.count == members.count ? (text, 0) : (render(kept), members.count - kept.count)
  }

  /// Writes members back as ``ContactExport/storedOriginal(_:)`` wrote them.
  static func render(_ members: [(String, String)]) -> String {
    var json = JSONText()
    json.beginObject()
    var inValues = false
    for (path, value) in members {
      if path.hasPrefix(valuesPrefix) {
        if !inValues { json.beginObject("values") }
        inValues = true
        json.string(String(path.dropFirst(valuesPrefix.count)), value)
      } else if path == "line" || path == "record", let number = Int(value) {
        json.number(path, number)
      } else {
        json.string(path, value)
      }
    }
    if !inValues { json.beginObject("values") }
    json.endObject()
    json.endObject()
    return json.text
  }

  private static let valuesPrefix = "values."
}
