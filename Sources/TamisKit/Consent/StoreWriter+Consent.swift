import GRDB

/// Writing the consent ledger and the suppression lists.
extension StoreWriter {
  /// Keeps each notice's text once per version.
  public func saveNotices(_ notices: [ConsentRules.Notice]) throws {
    let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO consentNotice (id, version, sha256, text) VALUES (?, ?, ?, ?)")
    for notice in notices { try statement.execute(arguments: [notice.id, notice.version, notice.sha256, notice.text]) }
  }

  /// Appends events (already checked new by digest), imported under the audit event `sequence`.
  public func appendConsentEvents(_ events: [(event: ConsentEvent, subjectHash: String, digest: String)], at time: String, auditSequence: Int) throws {
    // Bound through SQLite's C API: a file of a million events spent as long in GRDB's general
    // binding as in SQLite.
    let statement = try db.cachedStatement(sql: """
      INSERT INTO consentEvent (importedBy, digest, subjectKind, subjectHash, purpose, decision, givenAt, legalBasis, channel, sourceSystem,
        form, campaign, noticeId, noticeVersion, method, evidence, importedAt)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING
      """)
    for item in events {
      let event = item.event
      try execute(statement, integer: auditSequence, [item.digest, event.subject.kind, item.subjectHash, event.purpose, event.decision.rawValue,
                                                      event.givenAt, event.legalBasis.rawValue, event.channel, event.sourceSystem, event.form,
                                                      event.campaign, event.proof.noticeId, event.proof.noticeVersion, event.proof.method,
                                                      event.proof.evidence, time])
    }
  }

  /// Adds keyed hashes to a suppression list; returns how many were new.
  public func addSuppressions(_ hashes: [String], channel: String, list: String, at time: String) throws -> Int {
    let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO suppression (channel, list, hash, addedAt) VALUES (?, ?, ?, ?)")
    var added = 0
    for hash in hashes {
      try statement.execute(arguments: [channel, list, hash, time])
      added += db.changesCount
    }
    return added
  }
}
