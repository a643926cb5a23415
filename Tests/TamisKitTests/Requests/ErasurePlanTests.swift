import Foundation
import GRDB
import Testing
@testable import TamisKit

/// An erasure takes the person out of the model parameters and the contact-point index, finds
/// the audit subjects naming them, and leaves everyone else's entries as they were.
@Suite struct ErasurePlanTests {
  static let records = [
    MatchRecord(source: "crm", recordId: "C0", firstName: "jean", lastName: "martin", emails: ["home@example.fr"], phones: ["+33600000001"]),
    MatchRecord(source: "crm", recordId: "C1", firstName: "paul", lastName: "martin", emails: ["home@example.fr"]),
    MatchRecord(source: "crm", recordId: "C2", firstName: "luc", lastName: "zorglub", emails: ["luc@example.fr"]),
  ]

  /// One golden record per record above, the model trained on them, the household email shared.
  func register() throws -> RequestsRegister {
    let path = TestFiles.directory().appendingPathComponent("t.db").path
    let store = try ReferentialStore(path: path)
    let hasher = try store.hasher("model_hmac")
    var model = MatchModel(comparisons: Comparison.defaults)
    ExpectationMaximisation.estimateTermFrequencies(&model, records: Self.records)
    try store.write { writer in
      try writer.insertRun(id: "R000001", startedAt: "a", endedAt: "b", actor: "t", inputs: "{}", summary: "", status: "completed")
      for (k, record) in Self.records.enumerated() {
        try writer.upsertGolden(StoredGolden(GoldenRecord(id: "G\(k)", fields: Array(repeating: [], count: ContactField.count), members: []),
                                             dates: ReferenceDates(customerStatus: "prospect")), runId: "R000001")
        _ = try writer.upsertSourceRecords([StoreWriter.SourceRow(source: "crm", recordId: record.recordId, fingerprint: "f\(k)", goldenId: "G\(k)",
                                                                  match: MatchRecordCoding.encode(record), survivor: "", original: "{}")],
                                           runId: "R000001", seenAt: "2026-01-01")
      }
      try writer.saveModel(model, hasher: hasher)
      try writer.saveSharedValueHashes([hasher.hash("home@example.fr")])
    }
    return try RequestsRegister(storePath: path, actor: "t", writing: true)
  }

  func counts(_ store: ReferentialStore) throws -> [String: Int] {
    let hasher = try store.hasher("model_hmac")
    let names = ["jean", "paul", "luc", "martin", "zorglub"]
    let rows = try store.queue.read { db in try Row.fetchAll(db, sql: "SELECT comparison, hash, count FROM modelTerm") }
    return Dictionary(uniqueKeysWithValues: rows.compactMap { row in
      names.first { hasher.hash($0) == row[1] }.map { ("\(row[0] as String):\($0)", row[2] as Int) }
    })
  }

  @Test func theModelKeepsCountsTheRunDividesAsItDid() throws {
    let register = try register()
    #expect(try counts(register.store) == ["first_name:jean": 1, "first_name:paul": 1, "first_name:luc": 1, "last_name:martin": 2, "last_name:zorglub": 1])
    var trained = MatchModel(comparisons: Comparison.defaults)
    ExpectationMaximisation.estimateTermFrequencies(&trained, records: Self.records)
    let hasher = try register.store.hasher("model_hmac")
    #expect(try register.store.model()?.termFrequencies == trained.pseudonymised(hasher.hash).termFrequencies, "explain weighs names as the run did")
  }

  @Test func anErasureLowersItsNamesAndUnsharesWhatNoOneElseShares() throws {
    let register = try register()
    let day = CivilDate(iso: "2026-12-01")!
    let hasher = try register.store.hasher("model_hmac")
    var report = try register.erase([try register.planErasure(of: .golden("G2"))], reason: "R-1", suppressing: false, completing: nil, on: day)
    #expect(try counts(register.store) == ["first_name:jean": 1, "first_name:paul": 1, "last_name:martin": 2])
    #expect(report.modelEntries == 2)
    #expect(try register.store.sharedValueHashes() == [hasher.hash("home@example.fr")])

    report = try register.erase([try register.planErasure(of: .golden("G0"))], reason: "R-2",
                                suppressing: false, completing: nil, on: day)
    #expect(try counts(register.store) == ["first_name:paul": 1, "last_name:martin": 1])
    #expect(report.modelEntries == 3, "jean removed, martin lowered, the household email no longer shared")
    #expect(try register.store.sharedValueHashes().isEmpty)
  }

  @Test func contactPointsFollowTheirRecord() throws {
    let register = try register()
    let store = register.store
    #expect(try store.golden(of: .email("HOME@example.fr")) == "G0")
    #expect(try store.golden(of: .phone("06 00 00 00 01")) == "G0")
    var moved = Self.records[0]
    moved.emails = ["new@example.fr"]
    moved.phones = []
    try store.write { writer in
      _ = try writer.upsertSourceRecords([StoreWriter.SourceRow(source: "crm", recordId: "C0", fingerprint: "g", goldenId: "G0",
                                                                match: MatchRecordCoding.encode(moved), survivor: "", original: "{}")],
                                         runId: "R000001", seenAt: "2026-02-01")
    }
    #expect(try store.golden(of: .email("home@example.fr")) == "G1", "C0 no longer holds it")
    #expect(try store.golden(of: .email("new@example.fr")) == "G0")
    #expect(throws: StoreError.self) { try store.golden(of: .phone("+33600000001")) }
    _ = try register.erase([try register.planErasure(of: .golden("G0"))], reason: "R-1", suppressing: false, completing: nil, on: CivilDate(iso: "2026-12-01")!)
    let left = try store.queue.read { db in try String.fetchAll(db, sql: "SELECT value FROM contactPoint ORDER BY value") }
    #expect(left == ["home@example.fr", "luc@example.fr"])
  }

  /// Retention plans its batches with one index of audit subjects: a subject naming people of two
  /// batches (a decision on two records) is redacted by the first and left alone by the second.
  @Test func aSubjectRedactedByAnEarlierBatchIsNotRedactedAgain() throws {
    let register = try register()
    try register.store.appendingAudit(actor: "t", kind: "decision_recorded", payload: [],
                                      subject: [("record_a", "crm:C0"), ("record_b", "crm:C2")]) { _, _ in }
    let subjects = try register.auditSubjectIndex()
    let day = CivilDate(iso: "2026-12-01")!
    let first = try register.planErasures(of: ["G0"], subjects: subjects)
    #expect(first[0].auditEvents.count == 1)
    _ = try register.erase(first, reason: "retention:a", suppressing: false, completing: nil, on: day)
    let second = try register.planErasures(of: ["G2"], subjects: subjects)
    #expect(second[0].auditEvents.isEmpty)
    _ = try register.erase(second, reason: "retention:b", suppressing: false, completing: nil, on: day)
    #expect(try AuditVerifier.verify(register.store).failure == nil)
  }
}
