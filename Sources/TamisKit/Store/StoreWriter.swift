import Foundation
import GRDB
import GRDBSQLite

/// Writes inside one store transaction (see ``ReferentialStore/write(_:)``).
public struct StoreWriter {
  let db: Database

  public func insertRun(id: String, startedAt: String, endedAt: String, actor: String, inputs: String, summary: String, status: String) throws {
    try db.cachedStatement(sql: "INSERT INTO run (id, startedAt, endedAt, actor, inputs, summary, status) VALUES (?, ?, ?, ?, ?, ?, ?)")
                   .execute(arguments: [id, startedAt, endedAt, actor, inputs, summary, status])
  }

  /// A source record as stored: its compact matching and survivorship forms, its values as read.
  public struct SourceRow: Sendable {
    public var source: String
    public var recordId: String
    /// SHA-256 of the values as read and as normalised: a re-run finds unchanged records by it.
    public var fingerprint: String
    public var goldenId: String
    public var match: String
    public var survivor: String
    public var original: String
  }

  public func upsertSourceRecords(_ rows: [SourceRow], runId: String) throws {
    let statement = try db.cachedStatement(sql: """
      INSERT INTO sourceRecord (source, recordId, fingerprint, goldenId, match, survivor, original, runId)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source, recordId) DO UPDATE SET fingerprint = excluded.fingerprint, goldenId = excluded.goldenId,
        match = excluded.match, survivor = excluded.survivor, original = excluded.original, runId = excluded.runId
      """)
    for row in rows {
      try execute(statement, [row.source, row.recordId, row.fingerprint, row.goldenId, row.match, row.survivor, row.original, runId])
    }
  }

  public func moveRecords(from oldGolden: String, to newGolden: String) throws {
    try db.cachedStatement(sql: "UPDATE sourceRecord SET goldenId = ? WHERE goldenId = ?").execute(arguments: [newGolden, oldGolden])
  }

  public func setGolden(of reference: (source: String, recordId: String), to golden: String) throws {
    try db.cachedStatement(sql: "UPDATE sourceRecord SET goldenId = ? WHERE source = ? AND recordId = ?").execute(arguments: [golden, reference.source, reference.recordId])
  }

  public func upsertGolden(id: String, json: String, csv: String, runId: String) throws {
    try execute(db.cachedStatement(sql: """
      INSERT INTO goldenRecord (id, data, csv, createdRun, updatedRun) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET data = excluded.data, csv = excluded.csv, updatedRun = excluded.updatedRun, mergedInto = NULL
      """), [id, json, csv, runId, runId])
  }

  public func markMerged(_ id: String, into survivor: String, runId: String) throws {
    try db.cachedStatement(sql: "UPDATE goldenRecord SET mergedInto = ?, updatedRun = ? WHERE id = ?").execute(arguments: [survivor, runId, id])
  }

  /// Sets a named counter (the last golden id or run number handed out).
  public func setCounter(_ name: String, _ value: Int) throws {
    try db.cachedStatement(sql: "INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                   .execute(arguments: [name, value])
  }

  /// Values (emails, phones) several people share, one per line (see ``ReferentialStore/sharedValues()``).
  public func saveSharedValues(_ values: Set<String>) throws {
    try db.execute(sql: "INSERT INTO modelParameter (name, value) VALUES ('shared_values', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                   arguments: [values.sorted().joined(separator: "\n")])
  }

  public func saveModel(_ model: MatchModel) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(model), as: UTF8.self)
    try db.cachedStatement(sql: "INSERT INTO modelParameter (name, value) VALUES ('model', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                   .execute(arguments: [json])
  }

  public func addReviewPair(a: String, b: String, probability: Double, runId: String) throws {
    let (x, y) = a < b ? (a, b) : (b, a)
    try db.cachedStatement(sql: "INSERT INTO reviewPair (a, b, probability, status, runId) VALUES (?, ?, ?, 'pending', ?) ON CONFLICT (a, b) DO NOTHING")
                   .execute(arguments: [x, y, probability, runId])
  }

  public func setReviewStatus(id: Int, status: String) throws {
    try db.cachedStatement(sql: "UPDATE reviewPair SET status = ? WHERE id = ?").execute(arguments: [status, id])
  }

  public func addDecision(kind: String, a: String, b: String, actor: String, at: String) throws {
    let (x, y) = a < b ? (a, b) : (b, a)
    try db.cachedStatement(sql: "DELETE FROM decision WHERE a = ? AND b = ?").execute(arguments: [x, y])
    try db.cachedStatement(sql: "INSERT INTO decision (kind, a, b, actor, at) VALUES (?, ?, ?, ?, ?)").execute(arguments: [kind, x, y, actor, at])
  }

  public func appendAudit(_ event: AuditEvent) throws {
    let statement = try db.cachedStatement(sql: "INSERT INTO auditEvent (seq, time, actor, runId, kind, line, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
    if let runId = event.runId {
      try execute(statement, integer: event.sequence, [event.time, event.actor, runId, event.kind, event.line, event.hash])
    } else {
      try statement.execute(arguments: [event.sequence, event.time, event.actor, nil, event.kind, event.line, event.hash])
    }
  }

  /// Binds text parameters with their lengths and steps the statement through SQLite's C API:
  /// the run writes millions of rows, and GRDB's general binding costs more than the insert.
  private func execute(_ statement: Statement, integer: Int? = nil, _ texts: [String]) throws {
    let handle = statement.sqliteStatement
    sqlite3_reset(handle)
    var first: Int32 = 1
    if let integer {
      sqlite3_bind_int64(handle, 1, Int64(integer))
      first = 2
    }
    for (offset, text) in texts.enumerated() {
      let code = text.withUTF8Bytes { bytes in
        // An empty string still needs a non-null pointer, or SQLite binds NULL.
        sqlite3_bind_text(handle, first + Int32(offset), bytes.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(StoreWriter.empty),
                          Int32(bytes.count), StoreWriter.transient)
      }
      guard code == SQLITE_OK else { throw error(code) }
    }
    let code = sqlite3_step(handle)
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else { throw error(code) }
  }

  private func error(_ code: Int32) -> DatabaseError { RawRows.error(code, db) }

  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
  private static let empty: UnsafePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return UnsafePointer(pointer)
  }()

  public func survivorViews(of golden: String) throws -> [SurvivorView] {
    try String.fetchAll(db, sql: "SELECT survivor FROM sourceRecord WHERE goldenId = ?", arguments: [golden]).compactMap(SurvivorView.init(encoded:))
  }
}
