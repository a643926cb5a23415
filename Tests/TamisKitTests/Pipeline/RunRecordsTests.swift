import Foundation
import Testing
@testable import TamisKit

/// How a run sorts what it reads against what the store holds: new, changed, unchanged,
/// quarantined, or a second record with an id already met in the run.
@Suite struct RunRecordsTests {
  func prepared(_ id: String, fingerprint: String) -> RunRecords.Prepared {
    (MatchRecord(source: "crm", recordId: id, firstName: "jean"), "view-\(id)", "{}", fingerprint)
  }

  @Test func arrivalsAreSortedAndIndexedTogether() {
    var stored = ReferentialStore.StoredRecords()
    stored.matches = [MatchRecord(source: "crm", recordId: "A"), MatchRecord(source: "crm", recordId: "B"),
                      MatchRecord(source: "crm", recordId: "E")]
    stored.fingerprints = ["fa", "fb", "fe"]
    stored.goldenIds = ["G00000001", "G00000002", "G00000003"]
    stored.lastSeen = ["2026-10-02T09:00:00.000Z", "2026-12-01T09:00:00.000Z", "2026-12-02T09:00:00.000Z"]
    var work = RunRecords(stored: stored, month: "2026-12")
    #expect(work.isIncremental, "the store held records before the run")
    #expect(!RunRecords(stored: ReferentialStore.StoredRecords()).isIncremental)
    #expect(work.add(source: "crm", recordId: "A", prepared: prepared("A", fingerprint: "fa")) == .unchanged)
    #expect(work.add(source: "crm", recordId: "B", prepared: prepared("B", fingerprint: "new")) == .updated)
    #expect(work.add(source: "crm", recordId: "C", prepared: prepared("C", fingerprint: "fc")) == .new)
    #expect(work.add(source: "crm", recordId: "C", prepared: prepared("C", fingerprint: "fc")) == .duplicate)
    #expect(work.add(source: "crm", recordId: "D", prepared: nil) == .quarantined)
    #expect(work.add(source: "crm", recordId: "E", prepared: prepared("E", fingerprint: "fe")) == .unchanged)
    #expect(work.active == [false, true, false, true])
    #expect(work.changed == [1])
    #expect(work.goldenOf == ["G00000001", "G00000002", "G00000003", ""])
    #expect(work.unchangedSeen.map(\.recordId) == ["A"], "last seen in October: moves; E was seen this month already")
    #expect(work.inputRows.map(\.index) == [0, 1, 3, nil, nil, 2], "every input record has its row: nothing is lost")
    #expect(work.touchedClusters([0, 1, 2, 1]) == [1: [1, 3]])
  }
}
