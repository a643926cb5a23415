import Foundation
import Testing
@testable import TamisKit

@Suite struct StoreTests {
  static func golden(_ id: String) -> StoredGolden {
    StoredGolden(GoldenRecord(id: id, fields: Array(repeating: [], count: ContactField.count), members: []), dates: ReferenceDates())
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

  /// The consent views read only a stored matching form's emails and phones: the same lists a
  /// full decoding gives, whatever the other parts hold and for forms written without the last parts.
  @Test(arguments: [
    MatchRecord(source: "s", recordId: "1"),
    MatchRecord(source: "s", recordId: "2", firstName: "jean", lastName: "martin", birthDate: 19800315, emails: ["a@b.fr", "c@d.fr"],
                phones: ["+33612345678"], postalCode: "75011", cityKey: "paris", streetKey: "12 bd voltaire", identifiers: ["nir": "185", "x": "=y"]),
    MatchRecord(source: "s", recordId: "3", phones: ["+33612345678", "+33102030405"]),
    MatchRecord(source: "s", recordId: "4", firstName: "é\u{1F}", emails: ["e@f.fr"]),
  ])
  func emailsAndPhonesAreReadAsDecodingReadsThem(record: MatchRecord) {
    let encoded = MatchRecordCoding.encode(record)
    let decoded = MatchRecordCoding.decode(encoded, source: "s", recordId: "")
    let read = MatchRecordCoding.emailsAndPhones(encoded)
    #expect(read.emails == decoded.emails && read.phones == decoded.phones && read.emails == record.emails && read.phones == record.phones)
    let older = encoded.split(separator: "\u{1E}", omittingEmptySubsequences: false).prefix(5).joined(separator: "\u{1E}")
    #expect(MatchRecordCoding.emailsAndPhones(older).emails == record.emails && MatchRecordCoding.emailsAndPhones(older).phones == record.phones)
  }
}
