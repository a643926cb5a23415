import Foundation
import GRDB
import Testing
@testable import TamisKit

/// Rules per field: chosen apart from the rules about the whole person, and their fields taken out
/// of every form a source record is kept in while the person stays.
@Suite struct FieldErasureTests {
  static func original(file: String, line: Int, _ values: [(String, String)]) -> String {
    var json = JSONText()
    json.beginObject()
    json.string("file", file)
    json.number("line", line)
    json.number("record", line - 1)
    json.beginObject("values")
    for (column, value) in values { json.string(column, value) }
    json.endObject()
    json.endObject()
    return json.text
  }

  static func view(_ source: String, _ id: String, _ fields: [ContactField: String]) -> String {
    var values = [[String]](repeating: [], count: ContactField.count)
    for (field, value) in fields { values[field.index] = [value] }
    return SurvivorView(source: source, recordId: id, recency: "2024-01-01", values: values).encoded
  }

  /// G1: Jean Martin, known to the CRM (its columns recorded by a run) and to the e-shop (none
  /// recorded: a store from before, read by header synonyms), each with a birth date.
  static func store() throws -> String {
    let path = TestFiles.directory().appendingPathComponent("t.db").path
    let store = try ReferentialStore(path: path)
    let crm = view("crm", "C1", [.civility: "M", .firstName: "Jean", .lastName: "Martin", .birthDate: "1984-05-02", .email: "jean@example.fr"])
    let eshop = view("eshop", "E1", [.firstName: "Jean", .lastName: "Martin", .birthDate: "1984-05-02", .postalCode: "75011"])
    let members = [SurvivorView(encoded: crm)!, SurvivorView(encoded: eshop)!]
    try store.write { writer in
      try writer.insertRun(id: "R000001", startedAt: "a", endedAt: "b", actor: "t", inputs: "{}", summary: "", status: "completed")
      let golden = GoldenBuilder(rules: SurvivorshipRules())
      try writer.upsertGolden(try golden.build(id: "G1", members: Set(members.map(\.reference)), fresh: members, stored: []), runId: "R000001",
                              seenAt: "2026-01-01")
      try writer.recordSourceColumns([SourceColumn(source: "crm", column: "Naissance", field: .birthDate),
                                      SourceColumn(source: "crm", column: "Civ.", field: .civility)])
      let rows = [
        StoreWriter.SourceRow(source: "crm", recordId: "C1", fingerprint: "f1", goldenId: "G1",
                              match: MatchRecordCoding.encode(MatchRecord(source: "crm", recordId: "C1", firstName: "jean", lastName: "martin",
                                                                           birthDate: 19840502, emails: ["jean@example.fr"])),
                              survivor: crm, original: original(file: "crm.csv", line: 2, [("Civ.", "M."), ("Nom", "Martin"), ("Naissance", "02/05/1984"),
                                                                                           ("Courriel", "jean@example.fr")])),
        StoreWriter.SourceRow(source: "eshop", recordId: "E1", fingerprint: "f2", goldenId: "G1",
                              match: MatchRecordCoding.encode(MatchRecord(source: "eshop", recordId: "E1", firstName: "jean", lastName: "martin",
                                                                           birthDate: 19840502, phones: ["+33612345678"], postalCode: "75011")),
                              survivor: eshop, original: original(file: "web.json", line: 3, [("name.last", "Martin"), ("birthdate", "1984-05-02"),
                                                                                             ("address.zip", "75011")])),
      ]
      _ = try writer.upsertSourceRecords(rows, runId: "R000001", seenAt: "2026-01-01")
    }
    return path
  }

  @Test func aFieldLeavesEveryFormTheRecordIsKeptInAndThePersonStays() throws {
    let store = try ReferentialStore(path: try Self.store())
    let erased = try FieldErasure.erase([.birthDate], of: ["G1"], rule: "birth_dates", on: CivilDate(iso: "2026-12-01")!, store: store, actor: "t")
    #expect(erased == FieldErasure.Outcome(goldenRecords: 1, sourceRecords: 2, values: 4), "a view's value and a column as received, twice")
    let rows = try store.read { try Row.fetchAll($0, sql: "SELECT match, survivor, original FROM sourceRecord ORDER BY source") }
    #expect(rows.map { $0[2] as String } == [
      Self.original(file: "crm.csv", line: 2, [("Civ.", "M."), ("Nom", "Martin"), ("Courriel", "jean@example.fr")]),
      Self.original(file: "web.json", line: 3, [("name.last", "Martin"), ("address.zip", "75011")]),
    ])
    #expect(rows.allSatisfy { MatchRecordCoding.decode($0[0], source: "", recordId: "").birthDate == 0 })
    #expect(rows.allSatisfy { SurvivorView(encoded: $0[1])?.values[ContactField.birthDate.index] == [] })
    #expect(SurvivorView(encoded: rows[0][1])?.values[ContactField.civility.index] == ["M"], "another field stays")
    let golden = try store.golden("G1").json
    #expect(!golden.contains("birth_date") && golden.contains(#""last_name":{"value":"Martin""#) && golden.contains("civility"))
    let points = try store.read { try String.fetchAll($0, sql: "SELECT value FROM contactPoint ORDER BY value") }
    #expect(points == ["+33612345678", "jean@example.fr"], "the contact points follow the changed matching form")
    let verification = try AuditVerifier.verify(store)
    #expect(verification.failure == nil)
    #expect(try store.read { try String.fetchAll($0, sql: "SELECT kind FROM auditEvent") } == ["fields_erased"])

    let again = try FieldErasure.erase([.birthDate], of: ["G1"], rule: "birth_dates", on: CivilDate(iso: "2026-12-01")!, store: store, actor: "t")
    #expect(again == FieldErasure.Outcome(), "nothing left to take out")
  }

  /// The report lists a rule per field beside the person's rule, only for fields a record holds.
  @Test func theReportListsOnlyFieldsTheRecordsHold() throws {
    let store = try ReferentialStore(path: try Self.store())
    let rules = try RetentionRules.load(TestFiles.write("""
      rules:
        - name: companies
          fields: [company]
          from: created
          keep: 1y
        - name: birth_dates
          fields: [birth_date, job_title]
          from: [last_seen]
          keep: 90d
          action: erase
        - name: everyone
          from: [last_seen]
          keep: 3y

      """, name: "retention.yml"))
    #expect(rules.rule(for: "prospect")?.name == "everyone" && rules.fieldRules(for: nil).map(\.name) == ["companies", "birth_dates"])
    let report = try RetentionReport.make(store: store, rules: rules, asOf: CivilDate(iso: "2026-12-01")!)
    #expect(report.lines.map { "\($0.rule) \($0.state.rawValue) \($0.fields.map(\.rawValue))" } == ["birth_dates past_due [\"birth_date\"]"])
    #expect(report.pastDue.isEmpty && report.fieldsPastDue.count == 1 && report.count(.pastDue) == 0 && report.fieldCount(.pastDue) == 1)
  }

  /// A golden record read back from its JSON line is the same record, whatever its values hold.
  @Test func goldenRecordsReadBackFromTheirJSON() {
    var fields = [[GoldenValue]](repeating: [], count: ContactField.count)
    fields[ContactField.lastName.index] = [GoldenValue(value: "O'Brien \"Jr\" \\ é", source: "crm", recordId: "C.1")]
    fields[ContactField.email.index] = [GoldenValue(value: "a@b.fr", source: "crm", recordId: "C1"), GoldenValue(value: "", source: "web", recordId: "W1")]
    fields[ContactField.street.index] = [GoldenValue(value: "1 rue A", source: "crm", recordId: "C1"), GoldenValue(value: "bât. B", source: "crm", recordId: "C1")]
    let record = GoldenRecord(id: "G1", fields: fields, members: ["crm:C.1", "crm:C1", "web:W1"])
    #expect(GoldenRecord(json: record.json) == record)
    #expect(GoldenRecord(json: record.removing([.street]).json)?[.street] == [] && record.removing([.street])[.email] == record[.email])
    #expect(GoldenRecord(json: #"{"golden_id":"G1","fields":{"shoe_size":{"value":"42"}}}"#) == nil)
  }

  /// The values kept as received are written back exactly as the store wrote them, whatever their columns hold.
  @Test(arguments: [
    [("Nom", "Martin")], [], [("a.b", "x\"y"), ("back\\slash", "tab\there"), ("é", "\u{1}ctrl"), ("Naissance", "")],
    [("phones", "+33612345678"), ("phones", "+33698765432")],
  ])
  func storedOriginalsRoundTrip(values: [(String, String)]) {
    let text = Self.original(file: "a \"file\".csv", line: 12, values)
    #expect(StoredOriginal.render(StoredOriginal.members(text) ?? []) == text)
    #expect(StoredOriginal.columns(of: text) == values.map(\.0))
    #expect(StoredOriginal.removing(columns: ["absent"], from: text) == (text, 0))
    if let first = values.first {
      let kept = values.filter { $0.0 != first.0 }
      #expect(StoredOriginal.removing(columns: [first.0], from: text) == (Self.original(file: "a \"file\".csv", line: 12, kept), values.count - kept.count))
    }
  }
}
