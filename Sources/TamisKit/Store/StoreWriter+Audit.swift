import Foundation
import GRDB
import GRDBSQLite

/// Writing the audit log: chain events with their subjects, run entries, and redactions.
extension StoreWriter {
  public func appendAudit(_ sealed: SealedEvent) throws {
    let event = sealed.event
    let statement = try db.cachedStatement(sql: "INSERT INTO auditEvent (seq, time, actor, runId, kind, line, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
    try execute(statement, integer: event.sequence, [event.time, event.actor, event.runId, event.kind, event.line, event.hash])
    if let subject = sealed.subject {
      try db.cachedStatement(sql: "INSERT INTO auditSubject (seq, salt, payload) VALUES (?, ?, ?)")
        .execute(arguments: [event.sequence, Data(subject.salt), subject.payload])
    }
  }

  /// Stores entries sealed under the event `sequence` (which is written after them).
  public func appendEntries(_ entries: [SealedEntry], committedBy sequence: Int) throws {
    let statement = try db.cachedStatement(sql: """
      INSERT INTO auditEntry (event, position, kind, ids, digest, salt, payload, sourceKey) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """)
    let handle = statement.sqliteStatement
    for entry in entries {
      sqlite3_reset(handle)
      sqlite3_bind_int64(handle, 1, Int64(sequence))
      sqlite3_bind_int64(handle, 2, Int64(entry.position))
      try bind(entry.kind, 3, handle)
      try bind(entry.ids, 4, handle)
      if let subject = entry.subject {
        try bind(subject.digest, 5, handle)
        let code = subject.salt.withUnsafeBytes { sqlite3_bind_blob(handle, 6, $0.baseAddress, Int32($0.count), StoreWriter.transient) }
        guard code == SQLITE_OK else { throw error(code) }
        try bind(subject.payload, 7, handle)
      } else {
        for column: Int32 in 5...7 { sqlite3_bind_null(handle, column) }
      }
      if let key = entry.sourceKey { sqlite3_bind_int64(handle, 8, Int64(key)) } else { sqlite3_bind_null(handle, 8) }
      let code = sqlite3_step(handle)
      guard code == SQLITE_DONE else { throw error(code) }
    }
    sqlite3_reset(handle)
  }

  private func bind(_ text: String, _ column: Int32, _ handle: OpaquePointer?) throws {
    let code = text.withUTF8Bytes { bytes in
      sqlite3_bind_text(handle, column, bytes.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(StoreWriter.empty),
                        Int32(bytes.count), StoreWriter.transient)
    }
    guard code == SQLITE_OK else { throw error(code) }
  }

  /// Removes the subjects a redaction lists (payload and salt, so the digest left behind cannot
  /// be matched) and appends the `redacted` event that accounts for them.
  public func redact(_ redaction: AuditRedaction, recordedBy sealed: SealedEvent) throws {
    let by = sealed.event.sequence
    let events = try db.cachedStatement(sql: "UPDATE auditSubject SET salt = NULL, payload = NULL, redactedBy = ? WHERE seq = ?")
    for sequence in redaction.events { try events.execute(arguments: [by, sequence]) }
    let entries = try db.cachedStatement(sql: """
      UPDATE auditEntry SET salt = NULL, payload = NULL, sourceKey = NULL, redactedBy = ? WHERE event = ? AND position = ?
      """)
    for entry in redaction.entries { try entries.execute(arguments: [by, entry.event, entry.position]) }
    try appendAudit(sealed)
  }
}
