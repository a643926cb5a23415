import GRDB

/// The keyed hashes (`consent_hmac`) a source record answers to — `record:<source:id>`, each
/// email and each phone — as the `consentKey` table keeps them: consent events name people by the
/// same hashes, so a person is found by index, never by hashing the referential again.
enum ConsentKeys {
  /// One record's hashes.
  static func of(_ record: MatchRecord, hasher: KeyedHasher) -> [String] {
    [hasher.hash(ConsentSubject.record(record.reference).key)] + record.emails.map { hasher.hash(ConsentSubject.email($0).key) }
      + record.phones.map { hasher.hash(ConsentSubject.phone($0).key) }
  }

  static func hasher(_ db: Database) throws -> KeyedHasher { try ReferentialStore.hasher(named: "consent_hmac", in: db) }

  /// Replaces a source record's hashes (an updated record may have a new email).
  static func replace(of sourceKey: Int, with keys: [String], in db: Database) throws {
    try db.cachedStatement(sql: "DELETE FROM consentKey WHERE sourceKey = ?").execute(arguments: [sourceKey])
    let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO consentKey (sourceKey, hash) VALUES (?, ?)")
    for key in keys { try insert.execute(arguments: [sourceKey, key]) }
  }

  /// Works out the hashes of every stored source record (a store made before the table).
  static func fill(_ db: Database) throws {
    let hasher = try hasher(db)
    var rows: [(key: Int, source: String, recordId: String, match: String)] = []
    let cursor = try Row.fetchCursor(db, sql: "SELECT id, source, recordId, match FROM sourceRecord ORDER BY id")
    while let row = try cursor.next() { rows.append((row[0], row[1], row[2], row[3])) }
    let keys = Parallel.map(rows.count, minimumChunk: 5_000) { range in
      range.map { ConsentKeys.of(MatchRecordCoding.decode(rows[$0].match, source: rows[$0].source, recordId: rows[$0].recordId), hasher: hasher) }
    }
    let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO consentKey (sourceKey, hash) VALUES (?, ?)")
    for (row, hashes) in zip(rows, keys) { for hash in hashes { try insert.execute(arguments: [row.key, hash]) } }
  }
}
