import Foundation
import Testing
@testable import TamisKit

/// The audit log as the store keeps it: subjects and run entries beside the chain, erasable by
/// the erasure path only.
@Suite struct AuditStoreTests {
  /// A store holding one run: a decision event with a subject, and five record entries.
  func store() throws -> (ReferentialStore, String) {
    let path = TestFiles.directory().appendingPathComponent("audit.db").path
    let store = try ReferentialStore(path: path)
    var trail = RunTrail(runId: "R000001", actor: "steward", time: "2026-11-23T04:00:00.000Z", after: try store.auditHead())
    try store.write { writer in
      try writer.insertRun(id: "R000001", startedAt: "a", endedAt: "b", actor: "steward", inputs: "{}", summary: "", status: "completed")
      for sealed in trail.seal([("run_started", [("file_1", "crm.csv")])]) { try writer.appendAudit(sealed) }
      let committing = trail.head.sequence + 1
      let entries = (0..<5).map { (k: Int) in
        AuditEntry(kind: "record_imported", ids: [("golden", "G0000000\(k)")], subject: [("record", "crm:SECRET\(k)")], sourceKey: k)
      }
      try writer.appendEntries(trail.seal(entries: entries), committedBy: committing)
      try writer.appendAudit(trail.commitEntries())
    }
    let head = try store.auditHead()
    try store.write { writer in
      let decision = AuditEvent.Draft(sequence: head.sequence + 1, time: "t", actor: "dpo", runId: nil, kind: "review_decision",
                                      payload: [("decision", "must_link")], subject: [("record_a", "crm:SECRET1"), ("record_b", "crm:SECRET2")])
      try writer.appendAudit(AuditChain.sealed(decision, after: head.hash))
    }
    return (store, path)
  }

  func execute(_ store: ReferentialStore, _ sql: String) throws {
    try store.queue.write { db in try db.execute(sql: sql) }
  }

  @Test func anIntactLogVerifiesWithItsEntries() throws {
    let (store, _) = try store()
    let verification = try AuditVerifier.verify(store)
    #expect(verification.failure == nil)
    #expect(verification.events == 3 && verification.entries == 5)
    #expect(verification.head == (try store.auditHead()))
  }

  /// An erasure removes subjects and records it; the chain still verifies and names the request,
  /// and the file no longer holds the removed ids anywhere (secure_delete zeroes freed bytes).
  @Test func aRedactedLogStillVerifiesAndForgets() throws {
    let (store, path) = try store()
    let head = try store.auditHead()
    let redaction = AuditRedaction(request: "DSR-2026-001", events: [head.sequence], entries: [(event: 2, position: 1), (event: 2, position: 2)])
    try store.write { writer in
      try writer.redact(redaction, recordedBy: AuditChain.sealed(redaction.draft(sequence: head.sequence + 1, time: "t", actor: "dpo"), after: head.hash))
    }
    let verification = try AuditVerifier.verify(store)
    #expect(verification.failure == nil, "\(String(describing: verification.failure))")
    #expect(verification.redactions == [AuditVerifier.Redaction(request: "DSR-2026-001", sequence: head.sequence + 1, removed: 3)])
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    for erased in ["crm:SECRET1", "crm:SECRET2"] { #expect(bytes.range(of: Data(erased.utf8)) == nil, "\(erased) left in the file") }
    #expect(bytes.range(of: Data("crm:SECRET3".utf8)) != nil, "what was not erased stays")
  }

  @Test(arguments: [
    ("UPDATE auditEntry SET payload = '{\"record\":\"crm:OTHER\"}' WHERE position = 3", "entry 3"),
    ("DELETE FROM auditEntry WHERE position = 2", "entry 2 is missing"),
    ("UPDATE auditEntry SET ids = '{\"golden\":\"G99\"}' WHERE position = 4", "do not hash to the root"),
    ("UPDATE auditEntry SET salt = NULL, payload = NULL, redactedBy = 4 WHERE position = 0", "records no erasure"),
    ("DELETE FROM auditSubject", "identifying part is missing"),
    ("UPDATE auditSubject SET payload = '{\"record_a\":\"crm:OTHER\"}'", "does not match its digest"),
  ])
  func tamperingOutsideTheErasurePathIsFound(sql: String, reason: String) throws {
    let (store, _) = try store()
    try execute(store, sql)
    let failure = try AuditVerifier.verify(store).failure
    #expect(failure?.reason.contains(reason) == true, "\(String(describing: failure))")
  }

  @Test func swappedEntriesAreFoundAtTheirPlace() throws {
    let (store, _) = try store()
    try execute(store, """
      UPDATE auditEntry SET position = -1 WHERE position = 1; UPDATE auditEntry SET position = 1 WHERE position = 2;
      UPDATE auditEntry SET position = 2 WHERE position = -1;
      """)
    #expect(try AuditVerifier.verify(store).failure?.reason.contains("entry 1") == true)
  }

  /// The schema refuses to edit or delete chain events, and a redaction's count cannot be faked.
  @Test func chainEventsAreAppendOnlyInTheSchema() throws {
    let (store, _) = try store()
    #expect(throws: (any Error).self) { try execute(store, "UPDATE auditEvent SET actor = 'mallory'") }
    #expect(throws: (any Error).self) { try execute(store, "DELETE FROM auditEvent WHERE seq = 2") }
    #expect(throws: (any Error).self) { try execute(store, "UPDATE auditSubject SET payload = NULL, salt = NULL") }
  }
}
