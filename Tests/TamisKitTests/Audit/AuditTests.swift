import Foundation
import PropertyBased
import Testing
@testable import TamisKit

@Suite struct AuditTests {
  func chain(_ count: Int) -> [AuditEvent] {
    var previous = AuditLog.genesis
    return (1...count).map { sequence in
      let event = AuditEvent.sealed(sequence: sequence, time: "2026-11-23T04:00:0\(sequence % 10).000Z", actor: "dpo", runId: "R000001",
                                    kind: sequence % 2 == 0 ? "record_imported" : "golden_created",
                                    payload: [("record", "crm:C\(sequence)"), ("golden", "G\(sequence)")], previousHash: previous)
      previous = event.hash
      return event
    }
  }

  /// RFC 4231, test case 2 (HMAC-SHA256, key "Jefe").
  @Test func keyedHashesAreHMACSHA256() {
    #expect(KeyedHasher(secret: Array("Jefe".utf8)).hash("what do ya want for nothing?")
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    #expect(FileDigest.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func anIntactChainVerifiesAndLinesRoundTrip() {
    let events = chain(10)
    #expect(AuditVerifier.verify(events) == nil)
    for event in events { #expect(AuditEvent(line: event.line) == event) }
  }

  /// Stores written before built-in rules had a digest hold events with an empty one: the
  /// parsed event must keep it, or verifying them would fail.
  @Test func anEmptyIdSurvivesTheRoundTrip() {
    let event = AuditEvent.sealed(sequence: 1, time: "2026-11-23T04:00:00.000Z", actor: "dpo", runId: "R000001", kind: "run_started",
                                  payload: [("file_1", "crm.csv"), ("rules_sha256", "")], previousHash: AuditLog.genesis)
    let parsed = AuditEvent(line: event.line)
    #expect(parsed == event)
    #expect(AuditVerifier.verify(parsed.map { [$0] } ?? []) == nil)
  }

  @Test func editingAnyEventBreaksVerificationAtItsPosition() async {
    let events = chain(20)
    await propertyCheck(input: Gen.int(in: 0...19)) { index in
      var edited = events
      let event = events[index]
      edited[index] = AuditEvent(sequence: event.sequence, time: event.time, actor: event.actor, runId: event.runId, kind: event.kind,
                                 payload: [("record", "crm:tampered")] + event.payload.dropFirst(), previousHash: event.previousHash,
                                 hash: event.hash)
      #expect(AuditVerifier.verify(edited)?.position == index + 1)
    }
  }

  @Test func deletionInsertionAndReorderingAreFound() {
    let events = chain(6)
    var deleted = events
    deleted.remove(at: 2)
    #expect(AuditVerifier.verify(deleted)?.position == 3)
    var reordered = events
    reordered.swapAt(3, 4)
    #expect(AuditVerifier.verify(reordered)?.position == 4)
    var inserted = events
    inserted.insert(AuditEvent.sealed(sequence: 3, time: "x", actor: "x", runId: nil, kind: "merged", payload: [], previousHash: events[1].hash), at: 2)
    #expect(AuditVerifier.verify(inserted)?.position == 4)
    #expect(AuditVerifier.verify(Array(events.dropFirst()))?.position == 1, "events deleted from the start")
  }
}
