import Foundation
import GRDB

/// What the `v2-erasable` migration computes in Swift: a v1 store's audit chain re-sealed with
/// its identifying ids moved into salted subjects, golden records' reference dates, and model
/// parameters keyed by HMAC. Runs inside the migration's transaction: all of it or none.
enum StoreUpgrade {
  /// Ids of v1 events that identify a person: source record references and keyed content hashes.
  static let identifyingIds: Set<String> = ["record", "record_a", "record_b", "content_hmac"]

  static func toErasable(_ db: Database) throws {
    try resealAudit(db)
    try fillReferenceDates(db)
    try pseudonymiseModel(db)
  }

  /// Verifies the v1 chain, then seals it again event by event (same sequence, time, actor,
  /// kind) with identifying ids in subjects, and appends `store_upgraded` naming the v1 head.
  static func resealAudit(_ db: Database) throws {
    let lines = try String.fetchAll(db, sql: "SELECT line FROM auditEvent ORDER BY seq")
    guard !lines.isEmpty else { return }
    var events: [AuditEvent] = []
    events.reserveCapacity(lines.count)
    for line in lines {
      guard let event = AuditEvent(line: line) else {
        throw AuditError.brokenBeforeUpgrade(Locator(file: db.description), failure: "event \(events.count + 1) is unreadable")
      }
      events.append(event)
    }
    if let failure = AuditVerifier.verify(events) {
      throw AuditError.brokenBeforeUpgrade(Locator(file: db.description), failure: failure.description)
    }
    var chain = AuditChain(after: AuditLog.genesis)
    let update = try db.makeStatement(sql: "UPDATE auditEvent SET line = ?, hash = ? WHERE seq = ?")
    let subject = try db.makeStatement(sql: "INSERT INTO auditSubject (seq, salt, payload) VALUES (?, ?, ?)")
    for event in events {
      let draft = AuditEvent.Draft(sequence: event.sequence, time: event.time, actor: event.actor, runId: event.runId, kind: event.kind,
                                   payload: event.payload.filter { !identifyingIds.contains($0.0) },
                                   subject: event.payload.filter { identifyingIds.contains($0.0) })
      let sealed = chain.seal([draft])[0]
      try update.execute(arguments: [sealed.event.line, sealed.event.hash, event.sequence])
      if let sealedSubject = sealed.subject {
        try subject.execute(arguments: [event.sequence, Data(sealedSubject.salt), sealedSubject.payload])
      }
    }
    guard let last = events.last else { return }
    let upgraded = AuditEvent.Draft(sequence: last.sequence + 1, time: AuditLog.now(), actor: "tamis", runId: nil, kind: "store_upgraded",
                                    payload: [("from", "v1-referential"), ("to", "v2-erasable"), ("events", String(events.count)),
                                              ("v1_head", AuditHead(sequence: last.sequence, hash: last.hash).description)])
    let event = chain.seal([upgraded])[0].event
    try db.execute(sql: "INSERT INTO auditEvent (seq, time, actor, runId, kind, line, hash) VALUES (?, ?, ?, NULL, ?, ?, ?)",
                   arguments: [event.sequence, event.time, event.actor, event.kind, event.line, event.hash])
  }

  /// Each golden record's reference dates from its members' survivorship views, its status from
  /// its own chosen value, its last sighting from its members'.
  static func fillReferenceDates(_ db: Database) throws {
    var views: [String: [SurvivorView]] = [:]
    var seen: [String: String] = [:]
    let rows = try Row.fetchCursor(db, sql: "SELECT goldenId, survivor, lastSeenAt FROM sourceRecord")
    while let row = try rows.next() {
      let golden: String = row[0]
      if let view = SurvivorView(encoded: row[1]) { views[golden, default: []].append(view) }
      if let at: String = row[2], at > (seen[golden] ?? "") { seen[golden] = at }
    }
    let update = try db.makeStatement(sql: """
      UPDATE goldenRecord SET customerStatus = ?, createdAt = ?, lastContactAt = ?, lastPurchaseAt = ?, lastSeenAt = ? WHERE id = ?
      """)
    for (id, data) in try Row.fetchAll(db, sql: "SELECT id, data FROM goldenRecord").map({ ($0[0] as String, $0[1] as String) }) {
      let status = ((try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any])
        .flatMap { ($0["fields"] as? [String: Any])?["customer_status"] as? [String: Any] }?["value"] as? String
      let dates = ReferenceDates(views[id] ?? [], customerStatus: status)
      try update.execute(arguments: [dates.customerStatus, dates.createdAt, dates.lastContactAt, dates.lastPurchaseAt, seen[id], id])
    }
  }

  /// The stored model's term frequencies and the shared values, keyed by HMAC instead of names,
  /// emails and phones.
  static func pseudonymiseModel(_ db: Database) throws {
    let hasher = try ReferentialStore.hasher(named: "model_hmac", in: db)
    if let json = try String.fetchOne(db, sql: "SELECT value FROM modelParameter WHERE name = 'model'"),
       let model = try? JSONDecoder().decode(MatchModel.self, from: Data(json.utf8)) {
      try StoreWriter(db: db).saveModelParameters(model.pseudonymised(hasher.hash))
    }
    if let text = try String.fetchOne(db, sql: "SELECT value FROM modelParameter WHERE name = 'shared_values'") {
      try db.execute(sql: "UPDATE modelParameter SET value = ? WHERE name = 'shared_values'",
                     arguments: [text.split(separator: "\n").map { hasher.hash(String($0)) }.sorted().joined(separator: "\n")])
    }
  }
}
