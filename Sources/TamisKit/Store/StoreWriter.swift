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

  /// Inserts or updates source records seen at `seenAt`, with their emails and phones in the
  /// `contactPoint` index (a trigger empties it when a record's form changes); returns each
  /// row's key, in order.
  public func upsertSourceRecords(_ rows: [SourceRow], runId: String, seenAt: String) throws -> [Int] {
    let statement = try db.cachedStatement(sql: """
      INSERT INTO sourceRecord (source, recordId, fingerprint, goldenId, match, survivor, original, runId, lastSeenAt)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (source, recordId) DO UPDATE SET fingerprint = excluded.fingerprint, goldenId = excluded.goldenId,
        match = excluded.match, survivor = excluded.survivor, original = excluded.original, runId = excluded.runId,
        lastSeenAt = excluded.lastSeenAt
      RETURNING id
      """)
    let contactPoint = try db.cachedStatement(sql: "INSERT OR IGNORE INTO contactPoint (record, value) VALUES (?, ?)")
    return try rows.map { row in
      let key = try execute(statement, [row.source, row.recordId, row.fingerprint, row.goldenId, row.match, row.survivor, row.original, runId, seenAt]) ?? 0
      for value in MatchRecordCoding.contactPoints(row.match) { try execute(contactPoint, integer: key, [value]) }
      return key
    }
  }

  /// Records that unchanged source records were in this run's exports (retention's "last seen").
  public func markSeen(_ references: [(source: String, recordId: String)], at time: String) throws {
    let statement = try db.cachedStatement(sql: "UPDATE sourceRecord SET lastSeenAt = ? WHERE source = ? AND recordId = ?")
    for reference in references { try execute(statement, [time, reference.source, reference.recordId]) }
  }

  /// These golden records had a member in this run's exports.
  public func markGoldenSeen(_ ids: Set<String>, at time: String) throws {
    let statement = try db.cachedStatement(sql: "UPDATE goldenRecord SET lastSeenAt = ? WHERE id = ?")
    for id in ids.sorted() { try statement.execute(arguments: [time, id]) }
  }

  public func moveRecords(from oldGolden: String, to newGolden: String) throws {
    try db.cachedStatement(sql: "UPDATE sourceRecord SET goldenId = ? WHERE goldenId = ?").execute(arguments: [newGolden, oldGolden])
  }

  public func setGolden(of reference: (source: String, recordId: String), to golden: String) throws {
    try db.cachedStatement(sql: "UPDATE sourceRecord SET goldenId = ? WHERE source = ? AND recordId = ?").execute(arguments: [golden, reference.source, reference.recordId])
  }

  /// An archived person whose last contact or purchase moved came back: the archive is lifted.
  static let cameBack = """
    excluded.lastContactAt IS NOT goldenRecord.lastContactAt OR excluded.lastPurchaseAt IS NOT goldenRecord.lastPurchaseAt
    OR excluded.contractEndAt IS NOT goldenRecord.contractEndAt
    """

  /// Writes a golden record's outputs and the reference dates retention counts from; `seenAt`
  /// when one of its members is in this run's exports. An archived person stays archived unless
  /// they came back (a newer contact, purchase or contract end).
  public func upsertGolden(_ record: StoredGolden, runId: String, seenAt: String? = nil) throws {
    let dates = record.dates
    try execute(db.cachedStatement(sql: """
      INSERT INTO goldenRecord (id, data, csv, createdRun, updatedRun, customerStatus, createdAt, lastContactAt, lastPurchaseAt, lastSeenAt,
        contractEndAt)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET data = excluded.data, csv = excluded.csv, updatedRun = excluded.updatedRun, mergedInto = NULL,
        customerStatus = excluded.customerStatus, createdAt = excluded.createdAt, lastContactAt = excluded.lastContactAt,
        lastPurchaseAt = excluded.lastPurchaseAt, lastSeenAt = coalesce(excluded.lastSeenAt, goldenRecord.lastSeenAt),
        contractEndAt = excluded.contractEndAt,
        archivedOn = CASE WHEN \(StoreWriter.cameBack) THEN NULL ELSE goldenRecord.archivedOn END,
        archivedUntil = CASE WHEN \(StoreWriter.cameBack) THEN NULL ELSE goldenRecord.archivedUntil END,
        archiveRule = CASE WHEN \(StoreWriter.cameBack) THEN NULL ELSE goldenRecord.archiveRule END
      """), [record.id, record.json, record.csv, runId, runId, dates.customerStatus, dates.createdAt, dates.lastContactAt, dates.lastPurchaseAt,
             seenAt, dates.contractEndAt])
  }

  /// Remembers the columns each source's fields were read from. Never forgotten: a column a
  /// mapping no longer reads still holds values in the records read before.
  public func recordSourceColumns(_ columns: Set<SourceColumn>) throws {
    let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO sourceColumn (source, columnName, field) VALUES (?, ?, ?)")
    for column in columns.sorted() { try statement.execute(arguments: [column.source, column.column, column.field.rawValue]) }
  }

  public func markMerged(_ id: String, into survivor: String, runId: String) throws {
    try db.cachedStatement(sql: "UPDATE goldenRecord SET mergedInto = ?, updatedRun = ? WHERE id = ?").execute(arguments: [survivor, runId, id])
  }

  /// Sets a named counter (the last golden id or run number handed out).
  public func setCounter(_ name: String, _ value: Int) throws {
    try db.cachedStatement(sql: "INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                   .execute(arguments: [name, value])
  }

  /// Keyed hashes (`model_hmac`) of the values (emails, phones) several people share, replacing
  /// those saved (see ``ReferentialStore/sharedValueHashes()``): model parameters hold no personal value.
  public func saveSharedValueHashes(_ hashes: Set<String>) throws {
    try db.execute(sql: "DELETE FROM sharedValue")
    let insert = try db.cachedStatement(sql: "INSERT INTO sharedValue (hash) VALUES (?)")
    for hash in hashes.sorted() { try execute(insert, [hash]) }
  }

  /// Saves the model: its parameters, and each name's count in `modelTerm` keyed by HMAC, never
  /// by name, so that an erasure can take a person's names out of it.
  public func saveModel(_ model: MatchModel, hasher: KeyedHasher) throws {
    let pseudonymised = model.pseudonymised(hasher.hash)
    try saveTermCounts(of: pseudonymised)
    var parameters = pseudonymised
    parameters.termFrequencies = [:]
    try saveModelParameters(parameters)
  }

  /// The model's own row, as JSON with sorted keys.
  func saveModelParameters(_ model: MatchModel) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(model), as: UTF8.self)
    try db.cachedStatement(sql: "INSERT INTO modelParameter (name, value) VALUES ('model', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                   .execute(arguments: [json])
  }

  /// Replaces the stored name counts with those of `model` (already keyed by HMAC).
  func saveTermCounts(of model: MatchModel) throws {
    try db.execute(sql: "DELETE FROM modelTerm")
    let insert = try db.cachedStatement(sql: "INSERT INTO modelTerm (comparison, hash, count) VALUES (?, ?, ?)")
    for name in model.termFrequencies.keys.sorted() {
      for (hash, count) in model.termCounts(name).sorted(by: { $0.key < $1.key }) where count > 0 {
        try insert.execute(arguments: [name, hash, count])
      }
    }
  }

  /// Queues a pair for review, by the records' references; a pair already queued keeps its place.
  public func addReviewPair(a: String, b: String, probability: Double, runId: String) throws {
    guard let x = MatchRecord.split(reference: a), let y = MatchRecord.split(reference: b) else { return }
    try db.cachedStatement(sql: """
      INSERT INTO reviewPair (a, b, probability, status, runId)
      SELECT min(x.id, y.id), max(x.id, y.id), ?, 'pending', ? FROM sourceRecord x, sourceRecord y
      WHERE x.source = ? AND x.recordId = ? AND y.source = ? AND y.recordId = ? AND x.id <> y.id
      ON CONFLICT (a, b) DO NOTHING
      """).execute(arguments: [probability, runId, x.source, x.recordId, y.source, y.recordId])
  }

  public func setReviewStatus(id: Int, status: String) throws {
    try db.cachedStatement(sql: "UPDATE reviewPair SET status = ? WHERE id = ?").execute(arguments: [status, id])
  }

  /// Records a decision on two source records, by reference; a later one replaces it.
  public func addDecision(kind: String, a: String, b: String, actor: String, at: String) throws {
    guard let x = MatchRecord.split(reference: a), let y = MatchRecord.split(reference: b) else { return }
    try db.cachedStatement(sql: """
      INSERT INTO decision (kind, a, b, actor, at)
      SELECT ?, min(x.id, y.id), max(x.id, y.id), ?, ? FROM sourceRecord x, sourceRecord y
      WHERE x.source = ? AND x.recordId = ? AND y.source = ? AND y.recordId = ? AND x.id <> y.id
      ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, actor = excluded.actor, at = excluded.at
      """).execute(arguments: [kind, actor, at, x.source, x.recordId, y.source, y.recordId])
  }

  /// Binds text parameters with their lengths and steps the statement through SQLite's C API:
  /// the run writes millions of rows, and GRDB's general binding costs more than the insert.
  @discardableResult
  func execute(_ statement: Statement, integer: Int? = nil, _ texts: [String?]) throws -> Int? {
    let handle = statement.sqliteStatement
    sqlite3_reset(handle)
    var first: Int32 = 1
    if let integer {
      sqlite3_bind_int64(handle, 1, Int64(integer))
      first = 2
    }
    for (offset, text) in texts.enumerated() {
      guard let text else {
        sqlite3_bind_null(handle, first + Int32(offset))
        continue
      }
      let code = text.withUTF8Bytes { bytes in
        // An empty string still needs a non-null pointer, or SQLite binds NULL.
        sqlite3_bind_text(handle, first + Int32(offset), bytes.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(StoreWriter.empty),
                          Int32(bytes.count), StoreWriter.transient)
      }
      guard code == SQLITE_OK else { throw error(code) }
    }
    var code = sqlite3_step(handle)
    var returned: Int?
    if code == SQLITE_ROW {
      returned = Int(sqlite3_column_int64(handle, 0))
      code = sqlite3_step(handle)
    }
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else { throw error(code) }
    return returned
  }

  func error(_ code: Int32) -> DatabaseError { RawRows.error(code, db) }

  static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
  static let empty: UnsafePointer<CChar> = {
    let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: 1)
    pointer.initialize(to: 0)
    return UnsafePointer(pointer)
  }()

  public func survivorViews(of golden: String) throws -> [SurvivorView] {
    try String.fetchAll(db, sql: "SELECT survivor FROM sourceRecord WHERE goldenId = ?", arguments: [golden]).compactMap(SurvivorView.init(encoded:))
  }
}
