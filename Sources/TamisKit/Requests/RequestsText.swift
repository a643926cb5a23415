import Foundation

/// The register and an erasure plan as text, JSON or CSV.
public enum RequestsText {
  public static func render(_ requests: [DataSubjectRequest], format: String, on day: CivilDate) -> String {
    let rows = requests.map { request -> [String] in
      let left = request.due.dayNumber - day.dayNumber
      return [request.reference, request.type.rawValue, request.received.description, request.due.description, request.status.rawValue,
              request.status == .open ? String(left) : "", request.isLate(on: day) ? "late" : "", request.completed?.description ?? "",
              request.extensionReason ?? ""]
    }
    let header = ["reference", "type", "received", "due", "status", "days_left", "late", "completed", "extension_reason"]
    switch format {
    case "csv":
      return ([header] + rows).map { String(decoding: CSVText.line($0), as: UTF8.self) }.joined()
    case "json":
      var json = JSONText()
      json.beginArray()
      for row in rows {
        json.beginObject()
        for (key, value) in zip(header, row) where !value.isEmpty { json.string(key, value) }
        json.endObject()
      }
      json.endArray()
      return json.text + "\n"
    default:
      guard !rows.isEmpty else { return "no requests\n" }
      return TextTable.render([header.prefix(8).map { $0 }] + rows.map { Array($0.prefix(8)) }, markdown: false)
    }
  }

  /// What an erasure would remove, shown before anything is done.
  public static func plan(_ plan: ErasurePlan) -> String {
    var out = "found golden record \(plan.golden)"
    if !plan.retiredGoldens.isEmpty { out += " (with \(plan.retiredGoldens.count) golden records merged into it)" }
    out += "\nsource records (\(plan.members.count)): " + plan.members.map(\.reference).joined(separator: ", ")
    out += "\nsources: " + plan.sources.joined(separator: ", ")
    out += "\nconsent events: \(plan.consentEvents); audit subjects to redact: \(plan.auditEvents.count + plan.auditEntries.count)\n"
    if plan.likelyMatches.isEmpty {
      out += "no likely match outside the golden record\n"
    } else {
      out += "likely matches NOT erased (check them; erase them with their own request if they are the same person):\n"
      for match in plan.likelyMatches { out += "  \(match.reference) (golden \(match.golden)): \(match.why)\n" }
    }
    return out
  }
}
