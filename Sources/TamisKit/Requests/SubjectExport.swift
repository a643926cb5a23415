import Foundation
import GRDB

/// Everything held about one person (RGPD art. 15 and 20): the golden record with its lineage,
/// every source record with its original values and where it came from, the consent history with
/// proof, and the requests concerning them — as JSON (the portability format), Markdown and a
/// self-contained HTML page the person can open.
public struct SubjectExport: Sendable {
  public var request: String
  public var exportedOn: String
  public var golden: String
  /// The golden record's stored JSON (fields with lineage, members).
  public var goldenJSON: String
  public var records: [(reference: String, source: String, original: String)]
  public var consent: ConsentLedger.PersonConsent
  /// The consent history as `tamis consent status --format json` gives it, proof included.
  public var consentJSON: String
  public var requests: [DataSubjectRequest]
  /// The retention rule that applies and the day it acts.
  public var retention: String

  public var json: String {
    var json = JSONText()
    json.beginObject()
    json.string("request", request)
    json.string("exported_on", exportedOn)
    json.raw("golden_record", goldenJSON)
    json.beginArray("source_records")
    for record in records {
      json.beginObject()
      json.string("record", record.reference)
      json.string("source_system", record.source)
      json.raw("as_read", record.original)
      json.endObject()
    }
    json.endArray()
    json.raw("consent", consentJSON)
    json.string("retention", retention)
    json.beginArray("requests")
    for item in requests {
      json.beginObject()
      json.string("reference", item.reference)
      json.string("type", item.type.rawValue)
      json.string("received", item.received.description)
      json.string("due", item.due.description)
      json.string("status", item.status.rawValue)
      json.endObject()
    }
    json.endArray()
    json.endObject()
    return json.text + "\n"
  }

  /// The golden record's fields as (field, value, from) rows, for the readable versions.
  var goldenRows: [(field: String, value: String, from: String)] {
    guard let record = GoldenRecord(json: goldenJSON) else { return [] }
    return ContactField.allCases.flatMap { field in record[field].map { (field.rawValue, $0.value, $0.source + ":" + $0.recordId) } }
  }

  public var markdown: String {
    var out = "# Your data (request \(request), \(exportedOn))\n\n## Your record\n\n| field | value | from |\n|---|---|---|\n"
    for row in goldenRows { out += "| \(TextTable.cell(row.field)) | \(TextTable.cell(row.value)) | \(TextTable.cell(row.from)) |\n" }
    out += "\n## Where it came from\n\n"
    for record in records { out += "- `\(record.reference)` (source system \(record.source)): \(TextTable.cell(record.original))\n" }
    out += "\n## Consent\n\n"
    for (purpose, state, history) in consent.purposes {
      out += "- **\(purpose)**: \(state?.decision.rawValue ?? "no decision recorded")"
      out += history.isEmpty ? "\n" : " — " + history.map { "\($0.givenAt) \($0.decision.rawValue)" }.joined(separator: "; ") + "\n"
    }
    out += "\n## Retention\n\n\(retention)\n\n## Your requests\n\n"
    for item in requests { out += "- \(item.reference): \(item.type.rawValue), received \(item.received), due \(item.due), \(item.status.rawValue)\n" }
    return out
  }

  /// A page with no script, no external resource and every value escaped.
  public var html: String {
    func e(_ text: String) -> String {
      text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
    var out = """
      <!DOCTYPE html>
      <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
      <title>Your data — request \(e(request))</title>
      <style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .6em;text-align:left}code{word-break:break-all}</style>
      </head><body>
      <h1>Your data</h1><p>Request <strong id="request">\(e(request))</strong>, exported on \(e(exportedOn)).</p>
      <h2>Your record</h2><table id="golden"><tr><th>field</th><th>value</th><th>from</th></tr>

      """
    for row in goldenRows { out += "<tr><td>\(e(row.field))</td><td>\(e(row.value))</td><td>\(e(row.from))</td></tr>\n" }
    out += "</table>\n<h2>Where it came from</h2><ul id=\"records\">\n"
    for record in records { out += "<li><code>\(e(record.reference))</code> (source system \(e(record.source))): <code>\(e(record.original))</code></li>\n" }
    out += "</ul>\n<h2>Consent</h2><ul id=\"consent\">\n"
    for (purpose, state, history) in consent.purposes {
      out += "<li><strong>\(e(purpose))</strong>: \(e(state?.decision.rawValue ?? "no decision recorded"))"
      out += history.isEmpty ? "</li>\n" : " — " + e(history.map { "\($0.givenAt) \($0.decision.rawValue)" }.joined(separator: "; ")) + "</li>\n"
    }
    out += "</ul>\n<h2>Retention</h2><p>\(e(retention))</p>\n<h2>Your requests</h2><ul id=\"requests\">\n"
    for item in requests {
      out += "<li>\(e(item.reference)): \(e(item.type.rawValue)), received \(item.received), due \(item.due), \(e(item.status.rawValue))</li>\n"
    }
    return out + "</ul>\n</body></html>\n"
  }

}

extension RequestsRegister {
  /// Gathers everything about the person for the access request `reference`, and marks it done.
  /// - Throws: `StoreError.personNotFound`, `RequestsError`.
  public func export(_ person: PersonQuery, request reference: String, consentRules: ConsentRules, retentionRules: RetentionRules,
                     on day: CivilDate) throws -> SubjectExport {
    let goldenId = try store.golden(of: person)
    _ = try check(reference, type: .access, golden: goldenId)
    let golden = try store.golden(goldenId)
    let sources = try store.read { db in
      Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT source || ':' || recordId, source FROM sourceRecord WHERE goldenId = ?",
                                                        arguments: [goldenId]).map { ($0[0] as String, $0[1] as String) })
    }
    let ledger = try ConsentLedger(storePath: store.path, rules: consentRules, actor: actor, writing: false)
    let subjects = try subjectHashes(of: goldenId).sorted()
    let requests = try store.read { db in
      try Row.fetchAll(db, sql: """
        SELECT * FROM dataSubjectRequest WHERE subjectHash IN (\(subjects.map { _ in "?" }.joined(separator: ","))) ORDER BY receivedAt, reference
        """, arguments: StatementArguments(subjects)).map(RequestsRegister.request)
    }.map { item in
      var item = item
      if item.reference == reference { (item.status, item.completed) = (.done, day) }
      return item
    }
    let consent = try ledger.status(of: .golden(goldenId))
    let retentionSubject = try store.retentionSubject(goldenId)
    let export = SubjectExport(request: reference, exportedOn: day.description, golden: goldenId, goldenJSON: golden.json,
                               records: golden.members.map { ($0.reference, sources[$0.reference] ?? "", $0.original) },
                               consent: consent, consentJSON: ConsentStatusText.json(consent, rules: consentRules).trimmingCharacters(in: .newlines),
                               requests: requests, retention: retentionRules.outlook(retentionSubject))
    try store.appendingAudit(actor: actor, kind: "subject_exported", payload: [("request", reference), ("records", String(golden.members.count))]) { writer, _ in
      try writer.completeRequest(reference, on: day)
    }
    return export
  }
}
