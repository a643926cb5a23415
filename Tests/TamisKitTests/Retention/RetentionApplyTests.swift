import Foundation
import GRDB
import Testing
@testable import TamisKit

/// The report and its application on a store of golden records with known reference dates.
@Suite struct RetentionApplyTests {
  static let asOf = CivilDate(iso: "2026-12-01")!

  /// One golden record with one source record (an email, so the erasure has something to erase) per person.
  static func store(_ people: [(id: String, dates: ReferenceDates)]) throws -> String {
    let path = TestFiles.directory().appendingPathComponent("t.db").path
    let store = try ReferentialStore(path: path)
    try store.write { writer in
      try writer.insertRun(id: "R000001", startedAt: "a", endedAt: "b", actor: "t", inputs: "{}", summary: "", status: "completed")
      for (k, person) in people.enumerated() {
        try writer.upsertGolden(StoredGolden(GoldenRecord(id: person.id, fields: Array(repeating: [], count: ContactField.count), members: []),
                                             dates: person.dates), runId: "R000001")
        let match = MatchRecord(source: "crm", recordId: "C\(k)", firstName: "jean", lastName: "martin\(k)", emails: ["p\(k)@example.fr"])
        _ = try writer.upsertSourceRecords([StoreWriter.SourceRow(source: "crm", recordId: "C\(k)", fingerprint: "f\(k)", goldenId: person.id,
                                                                  match: MatchRecordCoding.encode(match), survivor: "", original: "{}")],
                                           runId: "R000001", seenAt: "2026-01-01")
      }
    }
    return path
  }

  static let people: [(id: String, dates: ReferenceDates)] = [
    ("G1", ReferenceDates(customerStatus: "prospect", createdAt: "2020-01-01", lastContactAt: "2023-11-01")),
    ("G2", ReferenceDates(customerStatus: "prospect", createdAt: "2023-12-20")),
    ("G3", ReferenceDates(customerStatus: "customer", lastContactAt: "2020-01-01", lastPurchaseAt: "2024-02-01")),
    ("G4", ReferenceDates(customerStatus: "customer", lastPurchaseAt: "2025-01-01")),
    ("G5", ReferenceDates(customerStatus: "customer", createdAt: "2010-01-01")),
    ("G6", ReferenceDates(customerStatus: "vip", createdAt: "2010-01-01")),
    ("G7", ReferenceDates(createdAt: "2019-06-30")),
  ]

  @Test func theReportListsEachStateByRule() throws {
    let store = try ReferentialStore(path: try Self.store(Self.people))
    let report = try RetentionReport.make(store: store, rules: .defaults, asOf: Self.asOf)
    #expect(report.goldenRecords == 7 && report.uncovered == 1)
    #expect(report.lines.map { "\($0.golden) \($0.rule) \($0.state.rawValue) \($0.from) \($0.due)" } == [
      "G1 prospects past_due last_contact 2026-11-01", "G2 prospects due_30 created 2026-12-20", "G3 customers due_90 last_purchase 2027-02-01",
      "G5 customers no_reference_date  ", "G7 prospects past_due created 2022-06-30",
    ])
    #expect(report.counts.map { "\($0.rule) \($0.state.rawValue) \($0.count)" } == [
      "customers due_90 1", "customers no_reference_date 1", "prospects past_due 2", "prospects due_30 1",
    ])
    #expect(report.render("csv").hasPrefix("golden_id,rule,from,reference_date,due,action,state,archive_until,fields\nG1,prospects,last_contact,2023-11-01,2026-11-01,erase,past_due,,\n"))
    #expect(report.render("json").contains(#""not_covered_by_a_rule":1"#))
    for format in ["text", "md", "json", "csv"] {
      #expect(report.render(format) == (try RetentionReport.make(store: store, rules: .defaults, asOf: Self.asOf)).render(format), "deterministic")
    }
  }

  /// Apply erases exactly what the report listed past due, leaves review rules to a person,
  /// keeps the chain valid, and finds nothing more to do the second time.
  @Test func applyErasesWhatIsPastDueOnceAndProvesIt() throws {
    let path = try Self.store(Self.people)
    var rules = RetentionRules.defaults
    rules.rules.insert(RetentionRules.Rule(name: "old_prospects", statuses: ["none"], from: [.created], keep: RetentionPeriod(years: 3),
                                           action: .review), at: 0)
    let register = try RequestsRegister(storePath: path, actor: "t", writing: true)
    let dry = try RetentionApply.apply(register: register, rules: rules, asOf: Self.asOf, acting: false)
    #expect(dry.balance == "past due 2 = erased 1 + anonymised 0 + archived 0 + left for review 1")
    #expect(try register.store.retentionSubject("G1").status == "prospect", "a dry run changes nothing")

    let done = try RetentionApply.apply(register: register, rules: rules, asOf: Self.asOf, acting: true)
    #expect(done.balance == "past due 2 = erased 1 + anonymised 0 + archived 0 + left for review 1")
    #expect(throws: StoreError.self) { try register.store.retentionSubject("G1") }
    #expect(try register.store.retentionSubject("G7").status == nil, "left for review")
    let records = try register.store.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM sourceRecord") }
    let suppressions = try register.store.suppressionLists()
    #expect(records == 6 && suppressions.isEmpty, "no suppression entry: the person did not object")

    let again = try RetentionApply.apply(register: register, rules: rules, asOf: Self.asOf, acting: true)
    #expect(again.balance == "past due 1 = erased 0 + anonymised 0 + archived 0 + left for review 1")
    let verification = try AuditVerifier.verify(register.store)
    #expect(verification.failure == nil && verification.redactions.count == 1)
    let kinds = try register.store.read { try String.fetchAll($0, sql: "SELECT kind FROM auditEvent ORDER BY seq") }
    #expect(kinds.filter { $0 == "retention_applied" }.count == 2 && kinds.contains("erased"))
  }

  /// A consent the person gave restarts the period: G1, past due from its last contact, gave one
  /// in 2025 and is no longer listed; G5, without a date its rule counts from, is judged from its
  /// consent. The report works the consents out only for those listed without them.
  @Test func aConsentGivenRestartsThePeriod() throws {
    let store = try ReferentialStore(path: try Self.store(Self.people))
    let hasher = try store.hasher("consent_hmac")
    let events = [("p0@example.fr", "2025-03-01"), ("p4@example.fr", "2023-12-15")].map { email, day in
      let event = ConsentEvent(subject: .email(email), purpose: "newsletter", decision: .granted, givenAt: day + "T10:00:00Z")
      return (event: event, subjectHash: hasher.hash(event.subject.key), digest: email)
    }
    try store.appendingAudit(actor: "t", kind: "consent_imported", payload: []) { writer, sequence in
      try writer.appendConsentEvents(events, at: "2026-01-01", auditSequence: sequence)
    }
    let report = try RetentionReport.make(store: store, rules: .defaults, asOf: Self.asOf)
    #expect(report.lines.map { "\($0.golden) \($0.state.rawValue) \($0.from) \($0.due)" } == [
      "G2 due_30 created 2026-12-20", "G3 due_90 last_purchase 2027-02-01", "G5 due_30 last_consent 2026-12-15", "G7 past_due created 2022-06-30",
    ])
    #expect(report.goldenRecords == 7 && report.uncovered == 1)
  }

  @Test func theAccessExportSaysWhenTheRuleActs() throws {
    let store = try ReferentialStore(path: try Self.store(Self.people))
    #expect(RetentionRules.defaults.outlook(try store.retentionSubject("G3"))
      == "rule 'customers' (erase 3 years after the latest of last_purchase, last_contact, last_consent): counted from last_purchase 2024-02-01, acts on 2027-02-01")
    #expect(RetentionRules.defaults.outlook(try store.retentionSubject("G6")) == "no retention rule covers the customer status 'vip' and the sources crm")
  }
}
