import Foundation
import GRDB
import Testing
@testable import TamisKit

/// The actions beyond `erase` — anonymise, archive — and rules per source system or with a
/// suppression entry, on golden records with known fields and dates.
@Suite struct RetentionActionsTests {
  static func value(_ text: String) -> [GoldenValue] { [GoldenValue(value: text, source: "crm", recordId: "C0")] }

  /// G1: a prospect of Paris born in 1984, known to the CRM, last contact 2023-11-01; G2: a prospect
  /// known to the e-shop only, created 2022-01-10; G3: a customer, last purchase 2021-03-15.
  static func store() throws -> String {
    let path = TestFiles.directory().appendingPathComponent("t.db").path
    let store = try ReferentialStore(path: path)
    var fields = Array(repeating: [GoldenValue](), count: ContactField.count)
    fields[ContactField.country.index] = value("FR")
    fields[ContactField.postalCode.index] = value("75011")
    fields[ContactField.birthDate.index] = value("1984-05-02")
    fields[ContactField.lastName.index] = value("Martin")
    let people: [(id: String, source: String, fields: [[GoldenValue]], dates: ReferenceDates)] = [
      ("G1", "crm", fields, ReferenceDates(customerStatus: "prospect", createdAt: "2020-01-01", lastContactAt: "2023-11-01")),
      ("G2", "eshop", Array(repeating: [], count: ContactField.count), ReferenceDates(customerStatus: "prospect", createdAt: "2022-01-10")),
      ("G3", "crm", Array(repeating: [], count: ContactField.count), ReferenceDates(customerStatus: "customer", lastPurchaseAt: "2021-03-15")),
    ]
    try store.write { writer in
      try writer.insertRun(id: "R000001", startedAt: "a", endedAt: "b", actor: "t", inputs: "{}", summary: "", status: "completed")
      for (k, person) in people.enumerated() {
        try writer.upsertGolden(StoredGolden(GoldenRecord(id: person.id, fields: person.fields, members: []), dates: person.dates), runId: "R000001")
        let match = MatchRecord(source: person.source, recordId: "C\(k)", firstName: "jean", lastName: "martin", emails: ["p\(k)@example.fr"])
        _ = try writer.upsertSourceRecords([StoreWriter.SourceRow(source: person.source, recordId: "C\(k)", fingerprint: "f\(k)", goldenId: person.id,
                                                                  match: MatchRecordCoding.encode(match), survivor: "", original: "{}")],
                                           runId: "R000001", seenAt: "2026-01-01")
      }
    }
    return path
  }

  static func rules(_ yaml: String) throws -> RetentionRules { try RetentionRules.load(TestFiles.write(yaml, name: "retention.yml")) }
  static func count(_ register: RequestsRegister, _ sql: String) throws -> Int { try register.store.read { try Int.fetchOne($0, sql: sql) ?? 0 } }

  /// Anonymising erases the person and leaves one row naming no one: département, birth decade,
  /// years, sources; the statistics count them.
  @Test func anonymiseKeepsStatisticsThatNameNoOne() throws {
    let register = try RequestsRegister(storePath: try Self.store(), actor: "t", writing: true)
    let rules = try Self.rules("rules:\n  - name: prospects\n    status: [prospect]\n    from: [last_contact, created]\n    keep: 3y\n    action: anonymise\n")
    let outcome = try RetentionApply.apply(register: register, rules: rules, asOf: CivilDate(iso: "2026-12-01")!, acting: true)
    #expect(outcome.balance == "past due 2 = erased 0 + anonymised 2 + archived 0 + left for review 0")
    #expect(throws: StoreError.self) { try register.store.retentionSubject("G1") }
    let rows = try register.store.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM anonymisedRecord ORDER BY id").map { row in row.columnNames.map { "\(row[$0] ?? "-")" }.joined(separator: "|") }
    }
    #expect(rows == ["1|prospects|2026-12-01|prospect|FR|75|1980|2020|-|crm|1", "2|prospects|2026-12-01|prospect|-|-|-|2022|-|eshop|1"])
    let statistics = try AnonymisedStatistics.make(store: register.store)
    #expect(statistics.render("csv") == """
      rule,anonymised_on,customer_status,country,departement,birth_decade,people,source_records
      prospects,2026-12-01,prospect,,,,1,1
      prospects,2026-12-01,prospect,FR,75,1980,1,1

      """)
    #expect(AnonymisedRecord.departement(postalCode: "97110", country: "FR") == "971")
    #expect(AnonymisedRecord.departement(postalCode: "SW1A1", country: "GB") == nil && AnonymisedRecord.departement(postalCode: "1000", country: "BE") == nil)
    #expect(try AuditVerifier.verify(register.store).failure == nil)
  }

  /// Archived people leave the referential files and the contactable lists, are kept until the
  /// archive ends (counted from the day they fell due), then erased; a newer purchase brings one back.
  @Test func archiveKeepsApartThenErases() throws {
    let path = try Self.store()
    let register = try RequestsRegister(storePath: path, actor: "t", writing: true)
    let rules = try Self.rules("rules:\n  - name: customers\n    status: [customer]\n    from: last_purchase\n    keep: 3y\n    action: archive\n    archive_for: 5y\n")
    let first = try RetentionApply.apply(register: register, rules: rules, asOf: CivilDate(iso: "2026-12-01")!, acting: true)
    #expect(first.balance == "past due 1 = erased 0 + anonymised 0 + archived 1 + left for review 0")
    #expect(try register.store.retentionSubject("G3").archive == RetentionSubject.Archive(on: "2026-12-01", until: "2029-03-15", rule: "customers"))
    var exported: [String] = []
    try register.store.forEachGolden { json, _ in exported.append(String(decoding: json, as: UTF8.self)) }
    var contactable: [String] = []
    try register.store.forEachContactFacts { contactable += $0.map(\.golden) }
    #expect(exported.count == 2 && !exported.contains { $0.contains("G3") } && contactable == ["G1", "G2"])
    let again = try RetentionApply.apply(register: register, rules: rules, asOf: CivilDate(iso: "2026-12-01")!, acting: true)
    #expect(again.due == 0 && again.report.archived == 1, "archived once")
    #expect(rules.outlook(try register.store.retentionSubject("G3"))
      == "archived on 2026-12-01 by rule 'customers', kept apart until 2029-03-15, then erased", "what the access export says")

    let end = try RetentionReport.make(store: register.store, rules: rules, asOf: CivilDate(iso: "2029-03-15")!)
    #expect(end.pastDue.map { "\($0.golden) \($0.rule) \($0.from) \($0.reference) \($0.due) \($0.action.rawValue)" } == ["G3 customers archived 2026-12-01 2029-03-15 erase"])
    let erased = try RetentionApply.apply(register: register, rules: rules, asOf: CivilDate(iso: "2029-03-15")!, acting: true)
    #expect(erased.balance == "past due 1 = erased 1 + anonymised 0 + archived 0 + left for review 0")
    #expect(throws: StoreError.self) { try register.store.retentionSubject("G3") }
    #expect(try AuditVerifier.verify(register.store).failure == nil)
  }

  @Test func aNewerPurchaseLiftsTheArchiveAnUnchangedRecordDoesNot() throws {
    let register = try RequestsRegister(storePath: try Self.store(), actor: "t", writing: true)
    let rules = try Self.rules("rules:\n  - name: customers\n    status: [customer]\n    from: last_purchase\n    keep: 3y\n    action: archive\n    archive_for: 5y\n")
    _ = try RetentionApply.apply(register: register, rules: rules, asOf: CivilDate(iso: "2026-12-01")!, acting: true)
    let golden = StoredGolden(GoldenRecord(id: "G3", fields: Array(repeating: [], count: ContactField.count), members: []),
                              dates: ReferenceDates(customerStatus: "customer", lastPurchaseAt: "2021-03-15"))
    try register.store.write { try $0.upsertGolden(golden, runId: "R000001", seenAt: "2026-12-02") }
    #expect(try register.store.retentionSubject("G3").archive != nil, "seen again, nothing new: still archived")
    var back = golden
    back.dates.lastPurchaseAt = "2026-12-02"
    try register.store.write { try $0.upsertGolden(back, runId: "R000001") }
    #expect(try register.store.retentionSubject("G3").archive == nil)
    #expect(try register.store.archivedCount() == 0)
  }

  /// A rule on a source system covers people known to it alone; `suppress` leaves suppression entries.
  @Test func sourceRulesAndSuppression() throws {
    let register = try RequestsRegister(storePath: try Self.store(), actor: "t", writing: true)
    let rules = try Self.rules("""
      rules:
        - name: shop_leads
          source: [eshop]
          from: created
          keep: 1y
          action: erase
          suppress: true
        - name: others
          from: [last_contact, last_purchase, created]
          keep: 10y
          action: erase

      """)
    let report = try RetentionReport.make(store: register.store, rules: rules, asOf: CivilDate(iso: "2026-12-01")!)
    #expect(report.pastDue.map { "\($0.golden) \($0.rule)" } == ["G2 shop_leads"])
    #expect(try register.store.retentionSubject("G1").sources == ["crm"])
    _ = try RetentionApply.apply(register: register, rules: rules, asOf: CivilDate(iso: "2026-12-01")!, acting: true)
    #expect(try Self.count(register, "SELECT count(*) FROM suppression WHERE list = 'erasure:retention:shop_leads:2026-12-01'") == 1,
            "the email's keyed hash (no birth date, so no identity entry)")
  }
}
