import Foundation
import PropertyBased
import Testing
@testable import TamisKit

@Suite struct AuditTests {
  static func seal(_ sequence: Int, kind: String, ids: [(String, String)], subject: [(String, String)] = [], after previous: String,
                   time: String = "2026-11-23T04:00:00.000Z") -> SealedEvent {
    AuditChain.sealed(AuditEvent.Draft(sequence: sequence, time: time, actor: "dpo", runId: "R000001", kind: kind, payload: ids, subject: subject),
                      after: previous)
  }

  func chain(_ count: Int) -> [AuditEvent] {
    var previous = AuditLog.genesis
    return (1...count).map { sequence in
      let event = Self.seal(sequence, kind: sequence % 2 == 0 ? "merged" : "golden_created", ids: [("golden", "G\(sequence)")],
                            after: previous, time: "2026-11-23T04:00:0\(sequence % 10).000Z").event
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
    let withSubject = Self.seal(1, kind: "review_decision", ids: [("decision", "must_link")], subject: [("record_a", "crm:C1")], after: AuditLog.genesis)
    #expect(AuditEvent(line: withSubject.event.line) == withSubject.event)
    #expect(!withSubject.event.line.contains("crm:C1"), "the chain holds the subject's digest, not the subject")
  }

  /// Stores written before built-in rules had a digest hold events with an empty one: the
  /// parsed event must keep it, or verifying them would fail.
  @Test func anEmptyIdSurvivesTheRoundTrip() {
    let event = Self.seal(1, kind: "run_started", ids: [("file_1", "crm.csv"), ("rules_sha256", "")], after: AuditLog.genesis).event
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
                                 payload: [("golden", "G999")], previousHash: event.previousHash, hash: event.hash)
      #expect(AuditVerifier.verify(edited)?.position == index + 1)
    }
  }

  /// An erasure looks a person's references up among the strings of subjects' payloads: whatever
  /// the text (quotes, backslashes, control characters, accents), each key and value comes back.
  @Test func aPayloadGivesBackItsKeysAndValues() async {
    let text = Gen<Character?>.element(of: Array("ab:\"\\\n\té€ 1") as [Character]).map { $0! }.string(of: 0...8)
    await propertyCheck(input: zip(text, text).array(of: 1...4)) { fields in
      let payload = AuditSubject.render(fields.enumerated().map { ("k\($0.offset)" + $0.element.0, $0.element.1) })
      let expected = fields.enumerated().flatMap { ["k\($0.offset)" + $0.element.0, $0.element.1] }
      #expect(AuditSubject.strings(inPayload: payload).sorted() == expected.sorted())
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
    inserted.insert(Self.seal(3, kind: "merged", ids: [], after: events[1].hash).event, at: 2)
    #expect(AuditVerifier.verify(inserted)?.position == 4)
    #expect(AuditVerifier.verify(Array(events.dropFirst()))?.position == 1, "events deleted from the start")
  }

  @Test func headsParseAndAreChecked() throws {
    let events = chain(5)
    let kept = AuditHead(sequence: 3, hash: events[2].hash)
    #expect(try AuditHead(parsing: kept.description) == kept)
    #expect(throws: AuditError.malformedHead("3:xyz")) { try AuditHead(parsing: "3:xyz") }
    #expect(try AuditVerifier.verify(EventLog(events: events), head: kept).failure == nil)
    #expect(try AuditVerifier.verify(EventLog(events: events), head: AuditHead(sequence: 3, hash: events[1].hash)).failure?.position == 3)
    #expect(try AuditVerifier.verify(EventLog(events: Array(events.prefix(2))), head: kept).failure != nil, "the kept event is gone")
  }

  /// A subject's digest binds its salt, its place and its payload: another salt, place or
  /// payload gives another digest, so neither a guessed id nor a moved payload matches.
  @Test func subjectDigestsAreSaltedAndAnchored() {
    let salt = [UInt8](repeating: 7, count: 16)
    let digest = AuditSubject.digest(salt: salt, anchor: "event:3", payload: #"{"record":"crm:C1"}"#)
    #expect(digest == FileDigest.sha256(salt + Array("event:3".utf8) + [0] + Array(#"{"record":"crm:C1"}"#.utf8)))
    #expect(digest != AuditSubject.digest(salt: [UInt8](repeating: 8, count: 16), anchor: "event:3", payload: #"{"record":"crm:C1"}"#))
    #expect(digest != AuditSubject.digest(salt: salt, anchor: "event:4", payload: #"{"record":"crm:C1"}"#))
    #expect(AuditSubject([("record", "crm:C1")], anchor: "event:3").salt != AuditSubject([("record", "crm:C1")], anchor: "event:3").salt)
  }
}
