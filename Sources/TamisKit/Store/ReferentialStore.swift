import Foundation
import GRDB
import GRDBSQLite

/// The referential in SQLite (through GRDB): source records with their original values, golden
/// records, review queue, decisions, the trained model, runs and the audit chain.
///
/// The schema grows by named migrations that are never edited once released, so that consent,
/// retention and erasure tables can be added without rebuilding a user's store. The file is
/// created readable by its owner only (SQLite gives its journal the same permissions).
public final class ReferentialStore {
  let queue: DatabaseQueue
  public let path: String

  /// Opens (creating it owner-only, and migrating it) the store at `path`; `:memory:` for tests.
  /// Deleted rows are overwritten with zeros (`secure_delete`), so an erased person leaves no
  /// bytes in the file's free pages.
  /// A store an older Tamis wrote is upgraded by whoever opens it first; a reader (`holdsLock`
  /// false) takes the writer lock for that, waiting up to `wait` seconds, so that an upgrade never
  /// runs under a writer.
  /// - Throws: `StoreError`, `AuditError.brokenBeforeUpgrade`.
  public init(path: String, holdsLock: Bool = false, wait: Double = 30) throws {
    self.path = path
    let at = Locator(file: path)
    if path != ":memory:" && !FileManager.default.fileExists(atPath: path) {
      let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
      guard descriptor >= 0 else { throw StoreError.cannotOpen(at, reason: String(cString: strerror(errno))) }
      close(descriptor)
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(5)
    configuration.label = "tamis"
    configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
    do {
      queue = path == ":memory:" ? try DatabaseQueue(configuration: configuration) : try DatabaseQueue(path: path, configuration: configuration)
      let migrator = StoreMigrations.migrator
      let upToDate = try queue.read { db in
        let applied = try migrator.appliedIdentifiers(db)
        if let unknown = applied.first(where: { !migrator.migrations.contains($0) }) {
          throw StoreError.newerSchema(at, migration: unknown)
        }
        return try migrator.hasCompletedMigrations(db)
      }
      if !upToDate {
        let lock = holdsLock ? nil : try StoreLock(store: path, holder: "an upgrade of the store, started \(AuditLog.now())", wait: wait)
        try withExtendedLifetime(lock) { try migrator.migrate(queue) }
      }
    } catch let error as AuditError {
      if case .brokenBeforeUpgrade(_, let failure) = error { throw AuditError.brokenBeforeUpgrade(at, failure: failure) }
      throw error
    } catch let error as LocatedError {
      throw error
    } catch {
      throw StoreError.cannotOpen(at, reason: "\(error)")
    }
  }

  /// The keyed hasher of one use (`audit_hmac`, `model_hmac`): one key per use, so that keyed
  /// hashes made for one purpose cannot be joined with another's.
  static func hasher(named name: String, in db: Database) throws -> KeyedHasher {
    guard let data = try Data.fetchOne(db, sql: "SELECT value FROM storeSecret WHERE name = ?", arguments: [name]) else {
      throw StoreError.database(Locator(file: "store"), reason: "the store has no key '\(name)'")
    }
    return KeyedHasher(secret: [UInt8](data))
  }

  /// The keyed hasher of `name`'s key.
  public func hasher(_ name: String) throws -> KeyedHasher {
    try wrap { try queue.read { db in try ReferentialStore.hasher(named: name, in: db) } }
  }

  func wrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as LocatedError { throw error } catch {
      throw StoreError.database(Locator(file: path), reason: "\(error)")
    }
  }

  // MARK: - Reading

  /// The stored source records' compact forms, in insertion order, as parallel arrays.
  public struct StoredRecords: Sendable {
    public var matches: [MatchRecord] = []
    public var fingerprints: [String] = []
    public var goldenIds: [String] = []
    /// When each was last in an export (ISO 8601), "" when never recorded.
    public var lastSeen: [String] = []
    public var count: Int { matches.count }
  }

  /// Every source record's matching form, fingerprint and golden record. Rows are read in
  /// sequence and decoded on every core (an incremental run reloads a million of them).
  public func storedRecords() throws -> StoredRecords {
    try wrap {
      try queue.read { db in
        var result = StoredRecords()
        var raw: [(source: String, recordId: String, match: String)] = []
        try RawRows.scan(db, sql: "SELECT source, recordId, fingerprint, goldenId, match, coalesce(lastSeenAt, '') FROM sourceRecord ORDER BY id") { row in
          raw.append((row.string(0), row.string(1), row.string(4)))
          result.fingerprints.append(row.string(2))
          result.goldenIds.append(row.string(3))
          result.lastSeen.append(row.string(5))
        }
        result.matches = Parallel.map(raw.count, minimumChunk: 10_000) { range in
          range.map { MatchRecordCoding.decode(raw[$0].match, source: raw[$0].source, recordId: raw[$0].recordId) }
        }
        return result
      }
    }
  }

  /// The survivorship views of the members of these golden records.
  public func survivorViews(golden ids: Set<String>) throws -> [String: [SurvivorView]] {
    guard !ids.isEmpty else { return [:] }
    return try wrap {
      try queue.read { db in
        var result: [String: [SurvivorView]] = [:]
        for chunk in Array(ids).sorted().chunked(500) {
          let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
          let rows = try Row.fetchCursor(db, sql: "SELECT goldenId, survivor FROM sourceRecord WHERE goldenId IN (\(marks))",
                                         arguments: StatementArguments(chunk))
          while let row = try rows.next() {
            if let view = SurvivorView(encoded: row[1]) { result[row[0], default: []].append(view) }
          }
        }
        return result
      }
    }
  }

  /// The stored model: its term frequencies, from the `modelTerm` counts, keyed by HMAC (see
  /// ``MatchModel/revealing(_:key:)``).
  public func model() throws -> MatchModel? {
    try wrap {
      try queue.read { db in
        guard let json = try String.fetchOne(db, sql: "SELECT value FROM modelParameter WHERE name = 'model'") else { return nil }
        var model = try JSONDecoder().decode(MatchModel.self, from: Data(json.utf8))
        var counts: [String: [String: Double]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT comparison, hash, count FROM modelTerm") {
          counts[row[0], default: [:]][row[1]] = Double(row[2] as Int)
        }
        for (name, table) in counts {
          // Divided as the run divides, so that `explain` weighs names exactly as the run did.
          let total = table.values.reduce(0, +)
          model.termFrequencies[name] = table.mapValues { $0 / total }
          model.termTotals[name] = total
        }
        return model
      }
    }
  }

  /// A steward's decision on two source records, by reference (`a` < `b`).
  public struct Decision: Hashable, Sendable {
    public var kind: String
    public var a: String
    public var b: String

    public init(kind: String, a: String, b: String) {
      self.kind = kind
      (self.a, self.b) = a < b ? (a, b) : (b, a)
    }
  }

  public func decisions() throws -> [Decision] {
    try wrap {
      try queue.read { db in
        try Row.fetchAll(db, sql: """
          SELECT d.kind, x.source || ':' || x.recordId, y.source || ':' || y.recordId
          FROM decision d JOIN sourceRecord x ON x.id = d.a JOIN sourceRecord y ON y.id = d.b ORDER BY d.id
          """).map { Decision(kind: $0[0], a: $0[1], b: $0[2]) }
      }
    }
  }

  public func counter(_ name: String) throws -> Int {
    try wrap { try queue.read { db in try Int.fetchOne(db, sql: "SELECT value FROM counter WHERE name = ?", arguments: [name]) ?? 0 } }
  }

  /// The rules digest recorded by the last run, if any.
  public func lastRulesDigest() throws -> String? {
    try wrap {
      try queue.read { db in
        guard let inputs = try String.fetchOne(db, sql: "SELECT inputs FROM run ORDER BY id DESC LIMIT 1"),
              let object = try? JSONSerialization.jsonObject(with: Data(inputs.utf8)) as? [String: Any] else { return nil }
        return object["rules_sha256"] as? String
      }
    }
  }

  /// Keyed hashes (`model_hmac`) of the values (emails, phones) several people share, saved by
  /// the last run for `explain`.
  public func sharedValueHashes() throws -> Set<String> {
    try wrap {
      try queue.read { db in
        Set(try String.fetchAll(db, sql: "SELECT hash FROM sharedValue"))
      }
    }
  }

  /// Every active golden record's `referential.json` and `referential.csv` lines, as stored
  /// bytes (valid only during the call), in id order; archived people are not in them.
  public func forEachGolden(_ body: (_ json: UnsafeBufferPointer<UInt8>, _ csv: UnsafeBufferPointer<UInt8>) throws -> Void) throws {
    try wrap {
      try queue.read { db in
        try RawRows.scan(db, sql: "SELECT data, csv FROM goldenRecord WHERE mergedInto IS NULL AND archivedUntil IS NULL ORDER BY id") { row in
          try body(row.bytes(0), row.bytes(1))
        }
      }
    }
  }

  /// One golden record's JSON, following merges to the surviving record.
  public func golden(_ id: String) throws -> (id: String, json: String, members: [(reference: String, original: String)]) {
    try wrap {
      try queue.read { db in
        var current = id
        for _ in 0..<100 {
          guard let row = try Row.fetchOne(db, sql: "SELECT data, mergedInto FROM goldenRecord WHERE id = ?", arguments: [current]) else {
            throw StoreError.unknownGolden(Locator(file: path), id: id)
          }
          if let next: String = row[1] { current = next; continue }
          let members = try Row.fetchAll(db, sql: "SELECT source || ':' || recordId, original FROM sourceRecord WHERE goldenId = ? ORDER BY source, recordId",
                                         arguments: [current]).map { (reference: $0[0] as String, original: $0[1] as String) }
          return (current, row[0], members)
        }
        throw StoreError.unknownGolden(Locator(file: path), id: id)
      }
    }
  }

  /// The golden record a source record belongs to, and its stored forms.
  public func sourceRecord(_ reference: String) throws -> (match: MatchRecord, goldenId: String, original: String)? {
    guard let (source, recordId) = MatchRecord.split(reference: reference) else { return nil }
    return try wrap {
      try queue.read { db in
        guard let row = try Row.fetchOne(db, sql: "SELECT match, goldenId, original FROM sourceRecord WHERE source = ? AND recordId = ?",
                                         arguments: [source, recordId]) else { return nil }
        return (MatchRecordCoding.decode(row[0], source: source, recordId: recordId), row[1], row[2])
      }
    }
  }

  public struct ReviewItem: Hashable, Sendable {
    public var id: Int
    public var a: String
    public var b: String
    public var probability: Double
    public var status: String
  }

  public func reviewPairs(status: String? = "pending") throws -> [ReviewItem] {
    try wrap {
      try queue.read { db in
        let sql = """
          SELECT r.id, x.source || ':' || x.recordId AS ra, y.source || ':' || y.recordId AS rb, r.probability, r.status
          FROM reviewPair r JOIN sourceRecord x ON x.id = r.a JOIN sourceRecord y ON y.id = r.b
          """ + (status == nil ? "" : " WHERE r.status = ?") + " ORDER BY r.probability DESC, min(ra, rb), max(ra, rb)"
        return try Row.fetchAll(db, sql: sql, arguments: status.map { [$0] } ?? []).map { row in
          let (a, b): (String, String) = (row[1], row[2])
          return ReviewItem(id: row[0], a: min(a, b), b: max(a, b), probability: row[3], status: row[4])
        }
      }
    }
  }

  /// Runs `body` in one transaction: all of it is written, or none. Writers hold the store's
  /// ``StoreLock`` from before their first read.
  public func write(_ body: (StoreWriter) throws -> Void) throws {
    try wrap {
      try queue.inWritingTransaction { db in try body(StoreWriter(db: db)) }
    }
  }
}

/// The compact text form of a ``MatchRecord`` in the store: fields separated by U+001E, the
/// last name's phonetic key last (forms stored without it get it computed on reading).
enum MatchRecordCoding {
  static func encode(_ record: MatchRecord) -> String {
    [record.firstName, record.lastName, String(record.birthDate), record.emails.joined(separator: "\u{1F}"),
     record.phones.joined(separator: "\u{1F}"), record.postalCode, record.cityKey, record.streetKey,
     record.identifiers.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: "\u{1F}"),
     record.lastNamePhonetic].joined(separator: "\u{1E}")
  }

  static func decode(_ text: String, source: String, recordId: String) -> MatchRecord {
    let parts = text.splitBytes(0x1E)
    func part(_ index: Int) -> String { index < parts.count ? parts[index] : "" }
    func list(_ index: Int) -> [String] {
      index < parts.count && !parts[index].isEmpty ? parts[index].splitBytes(0x1F) : []
    }
    var identifiers: [String: String] = [:]
    for item in list(8) {
      if let equals = item.firstIndex(of: "=") { identifiers[String(item[..<equals])] = String(item[item.index(after: equals)...]) }
    }
    return MatchRecord(source: source, recordId: recordId, firstName: part(0), lastName: part(1), birthDate: Int(part(2)) ?? 0,
                       emails: list(3), phones: list(4), postalCode: part(5), cityKey: part(6), streetKey: part(7),
                       identifiers: identifiers, lastNamePhonetic: parts.count > 9 ? parts[9] : nil)
  }

  /// The emails and phones of an encoded record, as ``decode(_:source:recordId:)`` reads them:
  /// what the `contactPoint` index holds.
  static func contactPoints(_ text: String) -> [String] {
    let points = emailsAndPhones(text)
    return points.emails + points.phones
  }

  /// The emails and phones of an encoded record, without decoding the rest (the consent views
  /// read a million of them).
  static func emailsAndPhones(_ text: String) -> (emails: [String], phones: [String]) {
    var text = text
    return text.withUTF8 { bytes in
      // The fourth and fifth parts; the bytes after them are not looked at.
      var parts: [Range<Int>] = [], part = 0, start = 0
      for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x1E {
        if part >= 3 { parts.append(start..<index) }
        part += 1
        start = index + 1
        if part > 4 { break }
      }
      func list(_ k: Int) -> [String] {
        guard k < parts.count, !parts[k].isEmpty else { return [] }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[parts[k]]), as: UTF8.self).splitBytes(0x1F)
      }
      return (list(0), list(1))
    }
  }
}

extension Array {
  func chunked(_ size: Int) -> [ArraySlice<Element>] {
    stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
  }
}

/// Rows stepped with SQLite's C API, for the store's million-row reads: columns come as bytes
/// or strings without GRDB's per-row boxing.
enum RawRows {
  struct Row {
    let statement: SQLiteStatement

    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
      guard let text = sqlite3_column_text(statement, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
      return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
    }

    func string(_ column: Int32) -> String { String(decoding: bytes(column), as: UTF8.self) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
  }

  /// SQLite's error for a result code of a statement stepped by hand.
  static func error(_ code: Int32, _ db: Database) -> DatabaseError {
    DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
  }

  static func scan(_ db: Database, sql: String, arguments: StatementArguments = StatementArguments(), _ body: (Row) throws -> Void) throws {
    let statement = try db.makeStatement(sql: sql)
    try statement.setArguments(arguments)
    let handle = statement.sqliteStatement
    defer { sqlite3_reset(handle) }
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else { throw error(code, db) }
      try body(Row(statement: handle))
    }
  }
}

extension DatabaseQueue {
  /// One write transaction with a page cache of 256 MB instead of SQLite's 2 MB: a run inserts a
  /// million rows into indexes each in an order of its own, and with the small cache it wrote out
  /// and read back pages all along. The cache shrinks back once committed: readers stay small.
  func inWritingTransaction(_ body: (Database) throws -> Void) throws {
    try inDatabase { db in
      let usual = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
      try db.execute(sql: "PRAGMA cache_size = -262144")
      defer { try? db.execute(sql: "PRAGMA cache_size = \(usual)") }
      try db.inTransaction {
        try body(db)
        return .commit
      }
    }
  }
}
