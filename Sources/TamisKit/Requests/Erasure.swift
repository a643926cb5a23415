import Foundation
import GRDB

/// Everything the referential holds about one person, found before anything is erased: the
/// golden record and every source record merged into it, the golden records merged away into
/// it, the likely matches that are not certain, their consent events and the audit subjects that
/// name them.
public struct ErasurePlan: Sendable {
  public struct Member: Sendable {
    public var key: Int
    public var reference: String
    public var source: String
    public var match: MatchRecord
    /// The fields the record holds values for (names only, never values).
    public var fields: [String]
  }

  public var golden: String
  /// Golden records merged into it over time (their stored views hold the person's data too).
  public var retiredGoldens: [String]
  public var members: [Member]
  /// Records of other golden records that share an email or phone, and pairs awaiting review: a
  /// person decides whether they are the same person before erasing.
  public var likelyMatches: [(reference: String, golden: String, why: String)]
  public var consentEvents: Int
  /// The keyed hashes (`consent_hmac`) the person's consent events are filed under.
  public var consentKeys: [String]
  public var auditEvents: [Int]
  public var auditEntries: [(event: Int, position: Int)]

  public var sources: [String] { Array(Set(members.map(\.source))).sorted() }
}

/// Audit subjects by the strings their payloads hold (see ``RequestsRegister/auditSubjectIndex()``).
public struct AuditSubjectIndex: Sendable {
  var seqs: [String: [Int]]
}

/// What an erasure did, for the DPO's report (no values, only what kinds of data and how much).
public struct ErasureReport: Codable, Sendable {
  public var request: String
  public var received: String
  public var erasedAt: String
  public var golden: String
  public var sourceRecords: Int
  public var goldenRecords: Int
  /// Field name → how many source records held a value for it.
  public var fields: [String: Int]
  /// The source systems that supplied data about the person: to notify (RGPD art. 19).
  public var sources: [String]
  public var consentEvents: Int
  public var reviewPairs: Int
  public var decisions: Int
  /// Model parameters lowered or removed: name counts, shared emails and phones (keyed hashes).
  public var modelEntries: Int
  public var suppressionEntries: Int
  public var auditSubjectsRedacted: Int
  /// The audit events that prove it: the erasure and the redaction.
  public var auditEvents: [Int]

  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) + "\n" } ?? "{}\n"
  }

  public var text: String {
    """
    erasure for request \(request) (received \(received)), done \(erasedAt)
    golden record \(golden): \(goldenRecords) golden records and \(sourceRecords) source records erased
    fields erased: \(fields.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
    sources to notify (art. 19): \(sources.joined(separator: ", "))
    also erased: \(consentEvents) consent events, \(reviewPairs) review pairs, \(decisions) decisions, \(auditSubjectsRedacted) audit subjects, \(modelEntries) model entries
    kept: the request and its dates, and \(suppressionEntries) suppression entries (keyed hashes), so the person is not re-created
    audit events: \(auditEvents.map(String.init).joined(separator: ", ")) (tamis audit verify names the request)

    """
  }
}

extension RequestsRegister {
  /// Finds everything about the person a query names, and lists the other records sharing an
  /// email or phone for a person to look at before erasing. - Throws: `StoreError.personNotFound`.
  public func planErasure(of person: PersonQuery) throws -> ErasurePlan {
    let golden = try store.golden(of: person)
    var plan = try planErasures(of: [golden])[0]
    let values = Set(plan.members.flatMap { $0.match.emails + $0.match.phones })
    plan.likelyMatches += try store.read { db in
      try ReferentialStore.records(holding: values, outside: golden, in: db).map { ($0.reference, $0.golden, "shares an email or phone") }
    }
    return plan
  }

  /// Plans the erasure of live golden records, in one read with prepared statements (retention
  /// plans them by the hundred): members, golden records merged into them, pairs awaiting review,
  /// consent events, audit subjects and entries.
  public func planErasures(of goldens: [String], subjects given: AuditSubjectIndex? = nil) throws -> [ErasurePlan] {
    let consentHasher = try store.hasher("consent_hmac")
    let subjects = try given ?? auditSubjectIndex()
    return try store.read { db in
      let unredacted = try db.cachedStatement(sql: "SELECT payload IS NOT NULL FROM auditSubject WHERE seq = ?")
      let membersOf = try db.cachedStatement(sql: "SELECT id, source, recordId, match, survivor FROM sourceRecord WHERE goldenId = ? ORDER BY id")
      return try goldens.map { golden in
        let retired = try ReferentialStore.goldensMerged(into: golden, in: db)
        let members = try Row.fetchAll(membersOf, arguments: [golden]).map { row -> ErasurePlan.Member in
          let source: String = row[1], recordId: String = row[2]
          let fields = SurvivorView(encoded: row[4]).map { view in ContactField.allCases.filter { !view.values[$0.index].isEmpty }.map(\.rawValue) } ?? []
          return ErasurePlan.Member(key: row[0], reference: source + ":" + recordId, source: source,
                                    match: MatchRecordCoding.decode(row[3], source: source, recordId: recordId), fields: fields)
        }
        let keys = members.map(\.key)
        let marks = Array(repeating: "?", count: max(keys.count, 1)).joined(separator: ",")
        let awaiting = try Row.fetchAll(db.cachedStatement(sql: """
          SELECT x.source || ':' || x.recordId, x.goldenId FROM reviewPair r JOIN sourceRecord x ON x.id = (CASE WHEN r.a IN (\(marks)) THEN r.b ELSE r.a END)
          WHERE r.status = 'pending' AND (r.a IN (\(marks)) OR r.b IN (\(marks))) AND x.goldenId <> ?
          """), arguments: StatementArguments(keys + keys + keys + [golden])).map { ($0[0] as String, $0[1] as String, "awaiting review") }
        // An index built before an earlier batch may name subjects that batch redacted.
        let events = try Set(members.flatMap { subjects.seqs[$0.reference] ?? [] }).filter { try Bool.fetchOne(unredacted, arguments: [$0]) ?? false }
        let entries = try Row.fetchAll(db.cachedStatement(sql: "SELECT event, position FROM auditEntry WHERE payload IS NOT NULL AND sourceKey IN (\(marks))"),
                                       arguments: StatementArguments(keys)).map { (event: $0[0] as Int, position: $0[1] as Int) }
        let consentKeys = Array(Set(members.flatMap { ReferentialStore.consentKeys(of: $0.match, reference: $0.reference, hasher: consentHasher) }.map(\.hex))).sorted()
        var consent = 0
        for chunk in consentKeys.chunked(500) {
          let keyMarks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
          consent += try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM consentEvent WHERE subjectHash IN (\(keyMarks))"),
                                      arguments: StatementArguments(Array(chunk))) ?? 0
        }
        return ErasurePlan(golden: golden, retiredGoldens: retired, members: members, likelyMatches: awaiting, consentEvents: consent,
                           consentKeys: consentKeys, auditEvents: events.sorted(), auditEntries: entries)
      }
    }
  }

  /// The audit subjects holding a payload, indexed by every key and value in it (decisions,
  /// reviews and requests: ten thousand after a year of requests), so that planning an erasure
  /// looks each record's reference up instead of searching every payload.
  public func auditSubjectIndex() throws -> AuditSubjectIndex {
    try store.read { db in
      var seqs: [String: [Int]] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT seq, payload FROM auditSubject WHERE payload IS NOT NULL ORDER BY seq") {
        for text in Set(AuditSubject.strings(inPayload: row[1])) { seqs[text, default: []].append(row[0]) }
      }
      return AuditSubjectIndex(seqs: seqs)
    }
  }

  /// The suppression entries that stop a later import from re-creating the person: keyed hashes
  /// of their emails, phones, and name with birth date.
  static func suppressionValues(_ plan: ErasurePlan) -> [(channel: String, value: String)] {
    var values: [(channel: String, value: String)] = []
    for member in plan.members {
      values += member.match.emails.map { ("email", "email:" + $0) } + member.match.phones.map { ("phone", "phone:" + $0) }
      if let identity = Suppression.identity(member.match) { values.append(("identity", identity)) }
    }
    var seen = Set<String>()
    return values.filter { seen.insert($0.channel + $0.value).inserted }
  }

  /// Erases the person of `plan` for the erasure request `reference` (see ``erase(_:reason:suppressing:completing:on:)``),
  /// keeping suppression entries and marking the request done.
  /// - Throws: `RequestsError` (a reference for another person or kind), `StoreError`.
  public func erase(_ plan: ErasurePlan, request reference: String, on day: CivilDate) throws -> ErasureReport {
    let request = try check(reference, type: .erasure, golden: plan.golden)
    var report = try erase([plan], reason: reference, suppressing: true, completing: reference, on: day)
    report.received = request.received.description
    return report
  }

  /// The one erasure path (requests and retention alike), in one transaction: the people's golden
  /// records, source records (their review pairs, decisions and contact points go with them),
  /// consent events, the audit subjects naming them and their names, emails and phones in the
  /// model; with `suppressing`, suppression entries on the list `erasure:<reason>`; an `erased`
  /// event and a `redacted` event naming `reason`; `alongside` writes in the same transaction
  /// (anonymisation's statistics). Killed half-way, the store is as before. The report adds up
  /// all the plans.
  public func erase(_ plans: [ErasurePlan], reason: String, suppressing: Bool, completing request: String?, on day: CivilDate,
                    alongside: (Database) throws -> Void = { _ in }) throws -> ErasureReport {
    let suppressionHasher = try store.hasher("suppression_hmac"), modelHasher = try store.hasher("model_hmac")
    var report = ErasureReport(request: reason, received: "", erasedAt: day.description, golden: plans.map(\.golden).joined(separator: " "),
                               sourceRecords: 0, goldenRecords: 0, fields: [:], sources: Array(Set(plans.flatMap(\.sources))).sorted(),
                               consentEvents: 0, reviewPairs: 0, decisions: 0, modelEntries: 0, suppressionEntries: 0, auditSubjectsRedacted: 0, auditEvents: [])
    var suppressions: [(channel: String, hash: String)] = []
    for plan in plans {
      if suppressing {
        suppressions += RequestsRegister.suppressionValues(plan).map { (channel: $0.channel, hash: suppressionHasher.hash($0.value)) }
      }
      for member in plan.members { for field in member.fields { report.fields[field, default: 0] += 1 } }
      report.sourceRecords += plan.members.count
      report.goldenRecords += 1 + plan.retiredGoldens.count
      report.consentEvents += plan.consentEvents
      report.auditSubjectsRedacted += plan.auditEvents.count + plan.auditEntries.count
    }
    report.suppressionEntries = suppressions.count
    let redaction = AuditRedaction(request: reason, events: plans.flatMap(\.auditEvents), entries: plans.flatMap(\.auditEntries))
    let snapshot = report
    try store.appendingAudit(actor: actor, kind: "erased", payload: [
      ("reason", reason), ("golden_records", String(snapshot.goldenRecords)), ("source_records", String(snapshot.sourceRecords)),
      ("consent_events", String(snapshot.consentEvents)), ("sources", snapshot.sources.joined(separator: " ")),
    ]) { writer, sequence in
      let db = writer.db
      for plan in plans {
        let keys = plan.members.map(\.key)
        let marks = Array(repeating: "?", count: max(keys.count, 1)).joined(separator: ",")
        report.reviewPairs += try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM reviewPair WHERE a IN (\(marks)) OR b IN (\(marks))"),
                                               arguments: StatementArguments(keys + keys)) ?? 0
        report.decisions += try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM decision WHERE a IN (\(marks)) OR b IN (\(marks))"),
                                             arguments: StatementArguments(keys + keys)) ?? 0
        try db.cachedStatement(sql: "DELETE FROM sourceRecord WHERE id IN (\(marks))").execute(arguments: StatementArguments(keys))
        // Golden records merged away point at the one they merged into: the oldest go first.
        for id in plan.retiredGoldens.reversed() + [plan.golden] {
          try db.cachedStatement(sql: "DELETE FROM goldenRecord WHERE mergedInto = ?").execute(arguments: [id])
        }
        try db.cachedStatement(sql: "DELETE FROM goldenRecord WHERE id = ?").execute(arguments: [plan.golden])
      }
      report.modelEntries = try writer.forgetInModel(plans.flatMap { $0.members.map(\.match) }, hasher: modelHasher)
      for chunk in Array(Set(plans.flatMap(\.consentKeys))).sorted().chunked(500) {
        let keyMarks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
        try db.execute(sql: "DELETE FROM consentEvent WHERE subjectHash IN (\(keyMarks))", arguments: StatementArguments(Array(chunk)))
      }
      for entry in suppressions {
        try db.execute(sql: "INSERT OR IGNORE INTO suppression (channel, list, hash, addedAt) VALUES (?, ?, ?, ?)",
                       arguments: [entry.channel, "erasure:" + reason, entry.hash, day.description])
      }
      try alongside(db)
      if let request { try writer.completeRequest(request, on: day) }
      let hash = try String.fetchOne(db, sql: "SELECT hash FROM auditEvent WHERE seq = ?", arguments: [sequence]) ?? ""
      var chain = AuditChain(after: hash)
      for sealed in chain.seal([redaction.draft(sequence: sequence + 1, time: AuditLog.now(), actor: actor)]) {
        try writer.redact(redaction, recordedBy: sealed)
      }
      report.auditEvents = [sequence, sequence + 1]
    }
    return report
  }
}

extension Suppression {
  /// `identity:<first name>|<last name>|<birth date>` when the record has all three: a person
  /// re-imported under another email is still recognised.
  public static func identity(_ record: MatchRecord) -> String? {
    guard !record.firstName.isEmpty, !record.lastName.isEmpty, record.birthDate != 0 else { return nil }
    return "identity:\(record.firstName)|\(record.lastName)|\(record.birthDate)"
  }
}
