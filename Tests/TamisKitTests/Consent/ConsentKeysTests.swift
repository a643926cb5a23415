import Foundation
import Testing
@testable import TamisKit

/// The keyed hashes each golden record's members answer to, read a block at a time: whatever
/// the block size, every golden record comes once with all of its members' keys.
@Suite struct ConsentKeysTests {
  @Test func blocksNeverSplitAGoldenRecord() throws {
    let path = TestFiles.directory().appendingPathComponent("t.db").path
    let store = try ReferentialStore(path: path)
    let members = [("G1", 3), ("G2", 1), ("G3", 2), ("G4", 1)]
    var expected: [String] = []
    let hasher = try store.hasher("consent_hmac")
    try store.write { writer in
      try writer.insertRun(id: "R000001", startedAt: "a", endedAt: "b", actor: "t", inputs: "{}", summary: "", status: "completed")
      var k = 0
      for (golden, count) in members {
        try writer.upsertGolden(StoredGolden(GoldenRecord(id: golden, fields: Array(repeating: [], count: ContactField.count), members: []),
                                             dates: ReferenceDates()), runId: "R000001")
        var keys: [String] = []
        for _ in 0..<count {
          let record = MatchRecord(source: "crm", recordId: "C\(k)", firstName: "a", lastName: "b", emails: ["p\(k)@example.fr"], phones: k % 2 == 0 ? ["+3360000000\(k)"] : [])
          _ = try writer.upsertSourceRecords([StoreWriter.SourceRow(source: "crm", recordId: "C\(k)", fingerprint: "f\(k)", goldenId: golden,
                                                                    match: MatchRecordCoding.encode(record), survivor: "", original: "{}")],
                                             runId: "R000001", seenAt: "2026-01-01")
          keys += ReferentialStore.consentKeys(of: record, reference: "crm:C\(k)", hasher: hasher).map(\.hex)
          k += 1
        }
        expected.append(golden + " " + keys.joined(separator: ","))
      }
    }
    for blockSize in [1, 2, 3, 50_000] {
      var seen: [String] = []
      try store.forEachConsentKeys(hasher: hasher, blockSize: blockSize) { golden, keys in
        seen.append(golden + " " + keys.map(\.hex).joined(separator: ","))
      }
      #expect(seen == expected, "block size \(blockSize)")
    }
    // Only the references when the ledger names records only: no matching form is read.
    var references: [String] = []
    try store.forEachConsentKeys(hasher: hasher, kinds: ["record"]) { _, keys in references += keys.map(\.hex) }
    #expect(references == (0..<7).map { hasher.hash("record:crm:C\($0)") })
    #expect(try store.consentKeys(hasher: hasher, golden: "G3").joined(separator: ",") == expected[2].split(separator: " ")[1])
  }

  /// The bytes a view compares stand for the hex the store holds: the same hash, the same order.
  @Test func aDigestIsTheHashItStandsFor() throws {
    let hasher = KeyedHasher(secret: Array("a key of thirty-two bytes, fixed".utf8))
    var hexes: [String] = []
    for value in ["", "crm:C1", "jeanne.dupont@example.fr", "+33612345678", "é\u{0}\"x", String(repeating: "long ", count: 40)] {
      for subject in [ConsentSubject.record(value), .email(value), .phone(value)] {
        let digest = subject.digest(with: hasher)
        #expect(digest.hex == hasher.hash(subject.key))
        #expect(Digest256(hex: digest.hex) == digest)
        #expect(Digest256(hex: digest.hex.uppercased()) == digest)
        hexes.append(digest.hex)
      }
    }
    #expect(hexes.compactMap { Digest256(hex: $0) }.sorted().map(\.hex) == hexes.sorted())
    #expect(Digest256(hex: "abc") == nil)
    #expect(Digest256(hex: String(repeating: "g", count: 64)) == nil)
  }
}
