import Foundation
import GRDB

/// Reading the consent ledger and the suppression lists.
extension ReferentialStore {
  /// A stored consent event with the keyed hash of its subject and its digest.
  public struct StoredConsentEvent: Sendable {
    public var subjectHash: String
    public var event: ConsentEvent
    public var digest: String
  }

  /// One golden record's members with the keyed hashes (`consent_hmac`, hex) they answer to: their
  /// record references, emails and phones.
  public func consentKeys(hasher: KeyedHasher, golden: String) throws -> [String] {
    var found: [String] = []
    try forEachConsentKeys(hasher: hasher, golden: golden) { _, keys in found = keys.map(\.hex) }
    return found
  }

  /// Calls `body` with each golden record holding source records, in id order, and the keyed
  /// hashes (`consent_hmac`) its members answer to, of the subject `kinds` wanted (only golden
  /// records `among` these, when given). Records are read in golden order and hashed a block at a
  /// time on every core, so that a million records' keys are never all held at once; when no email
  /// or phone is wanted (a ledger naming only records), no matching form is read.
  public func forEachConsentKeys(hasher: KeyedHasher, kinds: Set<String> = ConsentSubject.kinds, golden: String? = nil,
                                 among goldens: Set<String>? = nil, blockSize: Int = 50_000,
                                 _ body: (_ golden: String, _ keys: [Digest256]) throws -> Void) throws {
    typealias Member = (golden: String, reference: String, match: String)
    let contactKinds = kinds.intersection(["email", "phone"])
    func emit(_ block: [Member]) throws {
      let keyed = Parallel.map(block.count, minimumChunk: 5_000) { range in
        range.map { k in
          let points = contactKinds.isEmpty ? ([], []) : MatchRecordCoding.emailsAndPhones(block[k].match)
          return ReferentialStore.consentKeys(emails: points.0, phones: points.1, reference: block[k].reference, hasher: hasher, kinds: kinds)
        }
      }
      var start = 0
      while start < block.count {
        var end = start + 1
        while end < block.count && block[end].golden == block[start].golden { end += 1 }
        try body(block[start].golden, Array(keyed[start..<end].joined()))
        start = end
      }
    }
    let match = contactKinds.isEmpty ? "''" : "match"
    try wrap {
      try queue.read { db in
        var block: [Member] = []
        func add(_ id: String, _ reference: String, _ match: String) throws {
          // A block ends between two golden records, never inside one.
          if block.count >= blockSize && block.last?.golden != id {
            try emit(block)
            block.removeAll(keepingCapacity: true)
          }
          block.append((id, reference, match))
        }
        if let golden {
          let rows = try Row.fetchCursor(db, sql: "SELECT source || ':' || recordId, \(match) FROM sourceRecord WHERE goldenId = ? ORDER BY id",
                                         arguments: [golden])
          while let row = try rows.next() { try add(golden, row[0], row[1]) }
        } else {
          // A million rows: stepped by hand, strings made only for the golden records wanted.
          try RawRows.scan(db, sql: "SELECT goldenId, source || ':' || recordId, \(match) FROM sourceRecord ORDER BY goldenId, id") { row in
            let id = row.string(0)
            if let goldens, !goldens.contains(id) { return }
            try add(id, row.string(1), row.string(2))
          }
        }
        try emit(block)
      }
    }
  }

  /// The keyed hashes one source record answers to: its reference, its emails and its phones.
  static func consentKeys(of record: MatchRecord, reference: String, hasher: KeyedHasher) -> [Digest256] {
    consentKeys(emails: record.emails, phones: record.phones, reference: reference, hasher: hasher)
  }

  /// The same, of the subject kinds wanted.
  static func consentKeys(emails: [String], phones: [String], reference: String, hasher: KeyedHasher,
                          kinds: Set<String> = ConsentSubject.kinds) -> [Digest256] {
    var keys: [Digest256] = []
    if kinds.contains(ConsentSubject.record(reference).kind) { keys.append(ConsentSubject.record(reference).digest(with: hasher)) }
    if !emails.isEmpty, kinds.contains(ConsentSubject.email("").kind) { keys += emails.map { ConsentSubject.email($0).digest(with: hasher) } }
    if !phones.isEmpty, kinds.contains(ConsentSubject.phone("").kind) { keys += phones.map { ConsentSubject.phone($0).digest(with: hasher) } }
    return keys
  }

  /// The consent events of these subjects (keyed hashes), in the order they were imported.
  public func consentEvents(subjects: Set<String>) throws -> [StoredConsentEvent] {
    try wrap {
      try queue.read { db in
        let columns = """
          SELECT subjectHash, subjectKind, purpose, decision, givenAt, legalBasis, channel, sourceSystem, form, campaign,
            noticeId, noticeVersion, method, evidence, digest FROM consentEvent
          """
        var result: [StoredConsentEvent] = []
        func add(_ cursor: RowCursor) throws {
          while let row = try cursor.next() {
            let kind: String = row[1]
            let subject: ConsentSubject = kind == "email" ? .email("") : kind == "phone" ? .phone("") : .record("")
            let event = ConsentEvent(subject: subject, purpose: row[2], decision: ConsentDecision(rawValue: row[3]) ?? .refused, givenAt: row[4],
                                     legalBasis: LegalBasis(rawValue: row[5]) ?? .consent, channel: row[6], sourceSystem: row[7], form: row[8],
                                     campaign: row[9], proof: ConsentProof(noticeId: row[10], noticeVersion: row[11], method: row[12], evidence: row[13]))
            result.append(StoredConsentEvent(subjectHash: row[0], event: event, digest: row[14]))
          }
        }
        for chunk in subjects.sorted().chunked(500) {
          try add(Row.fetchCursor(db, sql: columns + " WHERE subjectHash IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ","))) ORDER BY id",
                                  arguments: StatementArguments(Array(chunk))))
        }
        return result
      }
    }
  }

  /// The subjects that the events of these purposes (all, when nil) given up to `limit` name, and
  /// their kinds: what a view must find in the referential.
  func consentSubjects(purposes: Set<String>?, until limit: String) throws -> (subjects: Set<Digest256>, kinds: Set<String>) {
    var subjects = Set<Digest256>(), kinds = Set<String>()
    try wrap {
      try queue.read { db in
        let filter = ReferentialStore.decisionFilter(purposes, until: limit)
        try RawRows.scan(db, sql: "SELECT subjectHash, subjectKind FROM consentEvent" + filter.sql, arguments: filter.arguments) { row in
          guard let subject = Digest256(hex: row.bytes(0)) else { return }
          if subjects.insert(subject).inserted, kinds.count < ConsentSubject.kinds.count { kinds.insert(row.string(1)) }
        }
      }
    }
    return (subjects, kinds)
  }

  /// What a view reads of one consent event: whom, which purpose, the decision, when (as
  /// ``ConsentTime/sortKey(_:)``), whether a notice is named, and the digest that settles ties.
  struct DecisionRow {
    var subject: Digest256
    var purpose: String
    var decision: ConsentDecision
    var givenAt: UInt64
    var lacksWording: Bool
    var digest: Digest256
  }

  /// Calls `body` with each event of these purposes (all, when nil) given up to `limit`, in import
  /// order, reading only what deciding a state needs (a view over a million events keeps none).
  func forEachConsentDecision(purposes: Set<String>?, until limit: String, _ body: (DecisionRow) throws -> Void) throws {
    try wrap {
      try queue.read { db in
        let filter = ReferentialStore.decisionFilter(purposes, until: limit)
        let sql = "SELECT subjectHash, purpose, decision, givenAt, noticeId, digest FROM consentEvent" + filter.sql + " ORDER BY id"
        try RawRows.scan(db, sql: sql, arguments: filter.arguments) { row in
          guard let subject = Digest256(hex: row.bytes(0)), let digest = Digest256(hex: row.bytes(5)) else { return }
          try body(DecisionRow(subject: subject, purpose: row.string(1), decision: ConsentDecision(rawValue: row.string(2)) ?? .refused,
                               givenAt: ConsentTime.sortKey(row.bytes(3)), lacksWording: row.isNull(4), digest: digest))
        }
      }
    }
  }

  /// ` WHERE givenAt <= ? [AND purpose IN (?, …)]` and its arguments.
  static func decisionFilter(_ purposes: Set<String>?, until limit: String) -> (sql: String, arguments: StatementArguments) {
    let list = purposes?.sorted() ?? []
    let purposeCondition = purposes.map { " AND purpose IN (" + ($0.isEmpty ? "NULL" : Array(repeating: "?", count: list.count).joined(separator: ",")) + ")" }
    return (" WHERE givenAt <= ?" + (purposeCondition ?? ""), StatementArguments([limit] + list))
  }

  /// Whether the ledger already holds events of these digests. Looked up in digest order, so that
  /// a million lookups walk the index once instead of reading its pages again and again.
  public func knownConsentDigests(_ digests: [String]) throws -> Set<String> {
    try wrap {
      try queue.read { db in
        var known = Set<String>()
        for chunk in digests.sorted().chunked(500) {
          let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
          known.formUnion(try String.fetchAll(db, sql: "SELECT digest FROM consentEvent WHERE digest IN (\(marks))", arguments: StatementArguments(Array(chunk))))
        }
        return known
      }
    }
  }

  /// The keyed hashes (`suppression_hmac`) on the suppression lists, by channel.
  public func suppressedHashes() throws -> [String: Set<String>] {
    try wrap {
      try queue.read { db in
        var result: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT channel, hash FROM suppression") { result[row[0], default: []].insert(row[1]) }
        return result
      }
    }
  }

  /// The keyed hashes of the suppression entries erasures left.
  public func erasureSuppressions() throws -> Set<String> {
    try wrap { try queue.read { db in Set(try String.fetchAll(db, sql: "SELECT hash FROM suppression WHERE list LIKE 'erasure:%'")) } }
  }

  /// The suppression lists: per channel and list, how many entries and since when.
  public func suppressionLists() throws -> [(channel: String, list: String, entries: Int, firstAdded: String, lastAdded: String)] {
    try wrap {
      try queue.read { db in
        try Row.fetchAll(db, sql: """
          SELECT channel, list, count(*), min(addedAt), max(addedAt) FROM suppression GROUP BY channel, list ORDER BY channel, list
          """).map { ($0[0], $0[1], $0[2], $0[3], $0[4]) }
      }
    }
  }

  /// The live golden records' consent-relevant facts (archived people are out of every list):
  /// status and the values each channel uses, in id order, handed to `body` a block at a time:
  /// each block's stored JSON is copied out of SQLite and read on every core, and no view holds
  /// every person's facts at once.
  public func forEachContactFacts(blockSize: Int = 20_000, _ body: ([ContactFacts]) throws -> Void) throws {
    var bytes: [UInt8] = [], rows: [(golden: String, status: String, json: Range<Int>)] = []
    func emit() throws {
      let facts = bytes.withUnsafeBufferPointer { buffer in
        Parallel.map(rows.count, minimumChunk: 2_000) { range in
          range.map { ContactFacts(golden: rows[$0].golden, utf8: UnsafeBufferPointer(rebasing: buffer[rows[$0].json]), customerStatus: rows[$0].status) }
        }
      }
      bytes.removeAll(keepingCapacity: true)
      rows.removeAll(keepingCapacity: true)
      try body(facts)
    }
    try wrap {
      try queue.read { db in
        try RawRows.scan(db, sql: """
          SELECT id, data, coalesce(customerStatus, '') FROM goldenRecord WHERE mergedInto IS NULL AND archivedUntil IS NULL ORDER BY id
          """) { row in
          let json = row.bytes(1)
          rows.append((row.string(0), row.string(2), bytes.count..<bytes.count + json.count))
          bytes.append(contentsOf: json)
          if rows.count == blockSize { try emit() }
        }
        if !rows.isEmpty { try emit() }
      }
    }
  }
}
