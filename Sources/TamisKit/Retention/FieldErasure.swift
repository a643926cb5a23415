import GRDB

/// Takes the fields of a rule per field out of golden records while the people stay: from each
/// source record's survivorship view, matching form and values kept as received, and from the
/// golden record, whose other values stay as survivorship chose them (gone from every member,
/// the field has nothing left to choose from). A record's fingerprint is kept, so the same export
/// read again is recognised as unchanged and does not bring the value back; a changed record
/// brings what its export holds, and the next apply takes it out again if it is still due.
public enum FieldErasure {
  public struct Outcome: Hashable, Sendable {
    public var goldenRecords = 0
    public var sourceRecords = 0
    /// Values taken out: usable values of the survivorship views and columns kept as received.
    public var values = 0
  }

  /// Erases `fields` of the golden records `goldens` in one transaction, with a `fields_erased`
  /// audit event naming the rule, the fields and the count (no person).
  /// - Throws: `StoreError`.
  public static func erase(_ fields: [ContactField], of goldens: [String], rule: String, on day: CivilDate, store: ReferentialStore,
                           actor: String) throws -> Outcome {
    var outcome = Outcome()
    try store.appendingAudit(actor: actor, kind: "fields_erased", payload: [
      ("rule", rule), ("as_of", day.description), ("fields", fields.map(\.rawValue).joined(separator: " ")),
      ("golden_records", String(goldens.count)),
    ]) { writer, _ in
      let columns = try Self.columns(writer.db)
      for golden in goldens {
        let erased = try erase(fields, of: golden, columns: columns, writer: writer)
        outcome.goldenRecords += erased.sourceRecords > 0 ? 1 : 0
        outcome.sourceRecords += erased.sourceRecords
        outcome.values += erased.values
      }
    }
    return outcome
  }

  /// Per source system and field, the columns its exports were read from (`sourceColumn`).
  static func columns(_ db: Database) throws -> [String: [ContactField: Set<String>]] {
    var columns: [String: [ContactField: Set<String>]] = [:]
    for row in try Row.fetchAll(db, sql: "SELECT source, columnName, field FROM sourceColumn") {
      guard let field = ContactField(rawValue: row[2]) else { continue }
      columns[row[0], default: [:]][field, default: []].insert(row[1])
    }
    return columns
  }

  private static func erase(_ fields: [ContactField], of golden: String, columns: [String: [ContactField: Set<String>]],
                            writer: StoreWriter) throws -> (sourceRecords: Int, values: Int) {
    let db = writer.db
    let members = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, source, recordId, match, survivor, original FROM sourceRecord WHERE goldenId = ?"),
                                   arguments: [golden])
    var touched = (sourceRecords: 0, values: 0)
    for row in members {
      let (key, source, recordId): (Int, String, String) = (row[0], row[1], row[2])
      let (storedMatch, storedView, original): (String, String, String) = (row[3], row[4], row[5])
      var values = 0
      var view = SurvivorView(encoded: storedView)
      for field in fields where view != nil {
        values += view?.values[field.index].count ?? 0
        view?.values[field.index] = []
      }
      let read = StoredOriginal.removing(columns: columnsOf(fields, source: source, in: columns, original: original), from: original)
      values += read.removed
      let stored = MatchRecordCoding.decode(storedMatch, source: source, recordId: recordId)
      let match = stored.without(fields)
      guard values > 0 || match != stored else { continue }
      touched.sourceRecords += 1
      touched.values += values
      try db.cachedStatement(sql: "UPDATE sourceRecord SET survivor = ?, original = ? WHERE id = ?")
        .execute(arguments: [view?.encoded ?? storedView, read.text, key])
      if match != stored {
        // The trigger empties the record's contact points when its form changes: they are added back.
        let encodedMatch = MatchRecordCoding.encode(match)
        try db.cachedStatement(sql: "UPDATE sourceRecord SET match = ? WHERE id = ?").execute(arguments: [encodedMatch, key])
        let point = try db.cachedStatement(sql: "INSERT OR IGNORE INTO contactPoint (record, value) VALUES (?, ?)")
        for value in MatchRecordCoding.contactPoints(encodedMatch) { try point.execute(arguments: [key, value]) }
      }
    }
    let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT data FROM goldenRecord WHERE id = ?"), arguments: [golden])
    if let record = stored.flatMap(GoldenRecord.init(json:)), fields.contains(where: { !record[$0].isEmpty }) {
      let kept = record.removing(fields)
      try db.cachedStatement(sql: "UPDATE goldenRecord SET data = ?, csv = ? WHERE id = ?").execute(arguments: [kept.json, kept.csvLine, golden])
    }
    return touched
  }

  /// The columns of a source that hold `fields`: those runs recorded; for a source no run recorded
  /// (a store written before runs kept them), the columns the header synonyms read as these fields.
  static func columnsOf(_ fields: [ContactField], source: String, in columns: [String: [ContactField: Set<String>]],
                        original: String) -> Set<String> {
    if let known = columns[source] { return Set(fields.flatMap { known[$0] ?? [] }) }
    return Set(StoredOriginal.columns(of: original).filter { column in HeaderSynonyms.detect(column).map { fields.contains($0.field) } ?? false })
  }
}

extension MatchRecord {
  /// The matching form without these fields' keys.
  func without(_ fields: [ContactField]) -> MatchRecord {
    var record = self
    for field in fields {
      switch field {
      case .birthDate: record.birthDate = 0
      case .postalCode: record.postalCode = ""
      case .city: record.cityKey = ""
      case .street: record.streetKey = ""
      default: continue
      }
    }
    return record
  }
}
