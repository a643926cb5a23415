import Foundation
import Testing
@testable import TamisKit

@Suite struct StoreTests {
  static func golden(_ id: String) -> StoredGolden {
    StoredGolden(GoldenRecord(id: id, fields: Array(repeating: [], count: ContactField.count), members: []), dates: ReferenceDates())
  }

  /// A person is found by the keyed hash of their email or phone; a record whose email changes
  /// answers to the new one only, and an erased record to none.
  @Test func peopleAreFoundByTheirCurrentKeyedHashes() throws {
    let store = try ReferentialStore(path: TestFiles.directory().appendingPathComponent("t.db").path)
    func write(_ email: String) throws {
      let match = MatchRecord(source: "crm", recordId: "C1", firstName: "jean", lastName: "dupont", emails: [email], phones: ["+33612345678"])
      try store.write { writer in
        try writer.upsertGolden(StoreTests.golden("G00000001"), runId: "R000001")
        _ = try writer.upsertSourceRecords([StoreWriter.SourceRow(source: "crm", recordId: "C1", fingerprint: email, goldenId: "G00000001",
                                                                  match: MatchRecordCoding.encode(match), survivor: "", original: "{}")],
                                           runId: "R000001", seenAt: "2026-01-01")
      }
    }
    try store.write { try $0.insertRun(id: "R000001", startedAt: "a", endedAt: "b", actor: "t", inputs: "{}", summary: "", status: "completed") }
    try write("old@x.fr")
    #expect(try store.golden(of: .email("Old@X.fr")) == "G00000001" && store.golden(of: .phone("06 12 34 56 78")) == "G00000001")
    try write("new@x.fr")
    #expect(throws: StoreError.self) { try store.golden(of: .email("old@x.fr")) }
    #expect(try store.golden(of: .email("new@x.fr")) == "G00000001")
    #expect(try store.consentKeys().map(\.keys.count) == [3], "record, email, phone")
    try store.write { writer in try writer.db.execute(sql: "DELETE FROM sourceRecord") }
    #expect(try store.consentKeys().isEmpty)
  }

  @Test(arguments: [true, false])
  func writesAndReadsBack(inMemory: Bool) throws {
    let path = inMemory ? ":memory:" : TestFiles.directory().appendingPathComponent("t.db").path
    let store = try ReferentialStore(path: path)
    let match = MatchRecord(source: "crm", recordId: "C1", firstName: "jean", lastName: "dupont", birthDate: 19800315,
                            emails: ["j@x.fr"], phones: ["+33612345678", "+33142600000"], postalCode: "75011", identifiers: ["loyalty": "AB12"])
    var values = [[String]](repeating: [], count: ContactField.count)
    values[ContactField.firstName.index] = ["Jean"]
    let view = SurvivorView(source: "crm", recordId: "C1", recency: "2024-01-01", values: values)
    try store.write { writer in
      try writer.insertRun(id: "R000001", startedAt: "a", endedAt: "b", actor: "t", inputs: "{}", summary: "", status: "completed")
      try writer.upsertGolden(StoreTests.golden("G00000001"), runId: "R000001")
      let keys = try writer.upsertSourceRecords([StoreWriter.SourceRow(source: "crm", recordId: "C1", fingerprint: "f1", goldenId: "G00000001", match: MatchRecordCoding.encode(match), survivor: view.encoded, original: "{}")], runId: "R000001", seenAt: "2026-01-01")
      #expect(keys == [1])
    }
    let stored = try store.storedRecords()
    #expect(stored.count == 1)
    #expect(stored.matches == [match])
    #expect(stored.goldenIds == ["G00000001"])
    #expect(try store.survivorViews(golden: ["G00000001"])["G00000001"] == [view])
    #expect(try store.hasher("audit_hmac").hash("x") != store.hasher("model_hmac").hash("x"), "one key per use")
    if !inMemory {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "owner-only")
      // Reopening migrates nothing and keeps the data.
      #expect(try ReferentialStore(path: path).storedRecords().count == 1)
    }
  }

  @Test func aFailedTransactionWritesNothing() throws {
    let store = try ReferentialStore(path: ":memory:")
    struct Interrupted: Error {}
    #expect(throws: (any Error).self) {
      try store.write { writer in
        try writer.upsertGolden(StoreTests.golden("G00000001"), runId: "R")
        throw Interrupted()
      }
    }
    var goldens = 0
    try store.forEachGolden { _, _ in goldens += 1 }
    #expect(goldens == 0)
  }

  @Test func aStoreFromANewerTamisIsRefused() throws {
    let path = TestFiles.directory().appendingPathComponent("new.db").path
    let store = try ReferentialStore(path: path)
    try store.queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
    let error = #expect(throws: StoreError.self) { try ReferentialStore(path: path) }
    #expect(error == .newerSchema(Locator(file: path), migration: "v99-future"))
  }
}
