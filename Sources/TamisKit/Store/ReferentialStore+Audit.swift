import Foundation
import GRDB

/// The store as a source for ``AuditVerifier``: events, their subjects, and the runs' entries.
extension ReferentialStore: AuditSource {
  /// The last audit event (the chain's anchor for new events, and what a DPO keeps).
  public func auditHead() throws -> AuditHead {
    try wrap {
      try queue.read { db in
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM auditEvent ORDER BY seq DESC LIMIT 1") {
          return AuditHead(sequence: row[0], hash: row[1])
        }
        return AuditHead(sequence: 0, hash: AuditLog.genesis)
      }
    }
  }

  /// Every audit event, in sequence order; an unreadable line becomes an event that fails verification.
  public func auditEvents() throws -> [AuditEvent] {
    try wrap {
      try queue.read { db in
        try String.fetchAll(db, sql: "SELECT line FROM auditEvent ORDER BY seq").map { line in
          AuditEvent(line: line) ?? AuditEvent(sequence: -1, time: "", actor: "", runId: nil, kind: "unreadable", payload: [],
                                               previousHash: "", hash: "")
        }
      }
    }
  }

  public func auditSubjects() throws -> [Int: StoredSubject]? {
    try wrap {
      try queue.read { db in
        var subjects: [Int: StoredSubject] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT seq, salt, payload, redactedBy FROM auditSubject") {
          subjects[row[0]] = StoredSubject(salt: (row[1] as Data?).map { [UInt8]($0) }, payload: row[2], redactedBy: row[3])
        }
        return subjects
      }
    }
  }

  public func forEachAuditEntry(committedBy sequence: Int, _ body: (StoredEntry) throws -> Void) throws {
    try wrap {
      try queue.read { db in
        let rows = try Row.fetchCursor(db, sql: """
          SELECT position, kind, ids, digest, salt, payload, redactedBy FROM auditEntry WHERE event = ? ORDER BY position
          """, arguments: [sequence])
        while let row = try rows.next() {
          let digest: String? = row[3]
          let subject = digest.map { _ in StoredSubject(salt: (row[4] as Data?).map { [UInt8]($0) }, payload: row[5], redactedBy: row[6]) }
          try body(StoredEntry(position: row[0], kind: row[1], ids: row[2], subjectDigest: digest, subject: subject))
        }
      }
    }
  }

  /// The entries of the runs that mention a golden record (for `audit show --golden`).
  public func auditEntries(mentioning golden: String) throws -> [(event: Int, entry: StoredEntry)] {
    try wrap {
      try queue.read { db in
        try Row.fetchAll(db, sql: """
          SELECT event, position, kind, ids, digest, payload, redactedBy FROM auditEntry WHERE ids LIKE ? ESCAPE '\\' ORDER BY event, position
          """, arguments: ["%\"" + golden.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "\"%"]).map { row in
          let digest: String? = row[4]
          return (row[0], StoredEntry(position: row[1], kind: row[2], ids: row[3], subjectDigest: digest,
                                      subject: digest.map { _ in StoredSubject(salt: nil, payload: row[5], redactedBy: row[6]) }))
        }
      }
    }
  }
}

extension ReferentialStore {
  /// Runs `body` in one transaction that also seals one audit event onto the chain (`body` gets its
  /// sequence number): the change and its proof are written together or not at all.
  public func appendingAudit(actor: String, kind: String, payload: [(String, String)], subject: [(String, String)] = [],
                             _ body: (StoreWriter, Int) throws -> Void) throws {
    try wrap {
      try queue.inWritingTransaction { db in
        let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM auditEvent ORDER BY seq DESC LIMIT 1")
        let head = row.map { AuditHead(sequence: $0[0], hash: $0[1]) } ?? AuditHead(sequence: 0, hash: AuditLog.genesis)
        let writer = StoreWriter(db: db)
        let draft = AuditEvent.Draft(sequence: head.sequence + 1, time: AuditLog.now(), actor: actor, runId: nil, kind: kind,
                                     payload: payload, subject: subject)
        var chain = AuditChain(after: head.hash)
        for sealed in chain.seal([draft]) { try writer.appendAudit(sealed) }
        try body(writer, head.sequence + 1)
      }
    }
  }
}
