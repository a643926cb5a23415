import Foundation
import GRDB

/// A golden record as retention sees it: status, reference dates, source systems, and the
/// archive it is in, if any.
public struct RetentionSubject: Hashable, Sendable {
  public struct Archive: Hashable, Sendable {
    public var on: String
    public var until: String
    public var rule: String
  }

  public var golden: String
  public var status: String?
  public var dates: [ReferenceDate: String]
  /// Its source systems, sorted (read only when a rule names systems).
  public var sources: [String]
  public var archive: Archive?
}

extension ReferentialStore {
  /// The golden record columns retention reads (see ``retentionSubject(_:sources:)``), then
  /// `extra` columns from index 10 on.
  static func referenceDatesSQL(adding extra: String = "") -> String {
    "SELECT id, customerStatus, lastContactAt, lastPurchaseAt, createdAt, lastSeenAt, archivedOn, archivedUntil, archiveRule, contractEndAt"
      + extra + " FROM goldenRecord"
  }

  static func referenceDates(_ row: Row) -> [ReferenceDate: String] {
    var dates: [ReferenceDate: String] = [:]
    for (k, date) in [ReferenceDate.lastContact, .lastPurchase, .created, .lastSeen].enumerated() {
      if let value: String = row[k + 2] { dates[date] = value }
    }
    if let value: String = row[9] { dates[.endOfContract] = value }
    return dates
  }

  /// A row of ``referenceDatesSQL(adding:)`` as retention sees it (no consent date: that is the ledger's).
  static func retentionSubject(_ row: Row, sources: [String]) -> RetentionSubject {
    let archive = (row[7] as String?).map { RetentionSubject.Archive(on: row[6] ?? "", until: $0, rule: row[8] ?? "") }
    return RetentionSubject(golden: row[0], status: row[1], dates: referenceDates(row), sources: sources, archive: archive)
  }

  /// Each live golden record as retention sees it, in id order; its source systems only `withSources`.
  func forEachRetentionSubject(withSources: Bool, _ body: (RetentionSubject) throws -> Void) throws {
    try read { db in
      let sources = withSources ? ", (SELECT group_concat(DISTINCT source) FROM sourceRecord WHERE goldenId = goldenRecord.id)" : ""
      let cursor = try Row.fetchCursor(db, sql: ReferentialStore.referenceDatesSQL(adding: sources)
                                         + " WHERE mergedInto IS NULL ORDER BY id")
      while let row = try cursor.next() {
        let systems = withSources ? ((row[10] as String?) ?? "").split(separator: ",").map(String.init).sorted() : []
        try body(ReferentialStore.retentionSubject(row, sources: systems))
      }
    }
  }

  /// One golden record as retention sees it. - Throws: `StoreError.personNotFound`.
  public func retentionSubject(_ golden: String) throws -> RetentionSubject {
    let found = try read { db -> (Row, [String])? in
      guard let row = try Row.fetchOne(db, sql: ReferentialStore.referenceDatesSQL() + " WHERE id = ?", arguments: [golden]) else { return nil }
      return (row, try String.fetchAll(db, sql: "SELECT DISTINCT source FROM sourceRecord WHERE goldenId = ? ORDER BY source", arguments: [golden]))
    }
    guard let (row, sources) = found else { throw StoreError.personNotFound(Locator(file: path), what: "golden record " + golden) }
    var subject = ReferentialStore.retentionSubject(row, sources: sources)
    subject.dates[.lastConsent] = try lastConsentGiven(golden: golden)
    return subject
  }

  /// Per live golden record (of those `among`, when given), the day of the latest consent its
  /// members gave (`granted`, any purpose); the keyed hashes are worked out only when the ledger
  /// holds such an event.
  func lastConsentGiven(among goldens: Set<String>? = nil) throws -> [String: String] {
    if goldens?.isEmpty == true { return [:] }
    var given: [Digest256: String] = [:], kinds = Set<String>()
    try read { db in
      let rows = try Row.fetchCursor(db, sql: """
        SELECT subjectHash, subjectKind, max(givenAt) FROM consentEvent WHERE decision = 'granted' GROUP BY subjectHash, subjectKind
        """)
      while let row = try rows.next() {
        guard let subject = Digest256(hex: row[0] as String) else { continue }
        kinds.insert(row[1])
        given[subject] = max(given[subject] ?? "", String((row[2] as String).prefix(10)))
      }
    }
    guard !given.isEmpty else { return [:] }
    var result: [String: String] = [:]
    try forEachConsentKeys(hasher: try hasher("consent_hmac"), kinds: kinds, among: goldens) { id, keys in
      if let latest = keys.compactMap({ given[$0] }).max() { result[id] = latest }
    }
    return result
  }

  /// The day of the latest consent one golden record's members gave.
  func lastConsentGiven(golden: String) throws -> String? {
    let keys = Array(Set(try consentKeys(hasher: try hasher("consent_hmac"), golden: golden))).sorted()
    return try read { db in
      try keys.chunked(500).compactMap { chunk -> String? in
        let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
        return try String.fetchOne(db, sql: "SELECT max(givenAt) FROM consentEvent WHERE decision = 'granted' AND subjectHash IN (\(marks))",
                                   arguments: StatementArguments(Array(chunk)))
      }.max().map { String($0.prefix(10)) }
    }
  }
}

extension ReferentialStore {
  /// Of these golden records, the fields among `fields` a member still holds: a usable value in
  /// its survivorship view, or a value as received in a column its source's field was read from.
  func fieldsHeld(by goldens: Set<String>, among fields: Set<ContactField>) throws -> [String: Set<ContactField>] {
    guard !goldens.isEmpty else { return [:] }
    return try read { db in
      let columns = try FieldErasure.columns(db)
      var held: [String: Set<ContactField>] = [:]
      let rows = try Row.fetchCursor(db, sql: "SELECT goldenId, source, survivor, original FROM sourceRecord")
      while let row = try rows.next() {
        let golden: String = row[0]
        guard goldens.contains(golden) else { continue }
        let (source, original): (String, String) = (row[1], row[3])
        let view = SurvivorView(encoded: row[2])
        for field in fields where !(held[golden]?.contains(field) ?? false) {
          let inView = !(view?.values[field.index].isEmpty ?? true)
          if inView || (columns[source]?[field] ?? []).contains(where: { original.contains("\"\($0)\":") }) { held[golden, default: []].insert(field) }
        }
      }
      return held
    }
  }

  /// How many live golden records are archived apart.
  public func archivedCount() throws -> Int {
    try read { try Int.fetchOne($0, sql: "SELECT count(*) FROM goldenRecord WHERE archivedUntil IS NOT NULL AND mergedInto IS NULL") ?? 0 }
  }

  /// Golden records as anonymisation reads them, in one read: each one's subject (no consent
  /// date), stored JSON and number of source records.
  func anonymisationInputs(_ goldens: [String]) throws -> [(subject: RetentionSubject, json: String, sourceRecords: Int)] {
    try read { db in
      let golden = try db.cachedStatement(sql: ReferentialStore.referenceDatesSQL(adding: ", data") + " WHERE id = ?")
      let sources = try db.cachedStatement(sql: "SELECT source, count(*) FROM sourceRecord WHERE goldenId = ? GROUP BY source ORDER BY source")
      return try goldens.compactMap { id in
        guard let row = try Row.fetchOne(golden, arguments: [id]) else { return nil }
        let counts = try Row.fetchAll(sources, arguments: [id]).map { ($0[0] as String, $0[1] as Int) }
        return (ReferentialStore.retentionSubject(row, sources: counts.map(\.0)), row[10], counts.reduce(0) { $0 + $1.1 })
      }
    }
  }
}
