import Foundation
import GRDB

/// The register of data-subject requests on a referential: each request with its type, receipt,
/// deadline, extension and status, the person only as a keyed hash of the golden record it was
/// made for. Every step goes to the audit log; writing holds the store's writer lock.
public final class RequestsRegister {
  public let store: ReferentialStore
  let actor: String
  private let lock: StoreLock?
  let hasher: KeyedHasher

  /// - Throws: `StoreError` (`busy` when another writer holds the store).
  public init(storePath: String, actor: String, writing: Bool, wait: Double = 0) throws {
    lock = writing ? try StoreLock(store: storePath, holder: "a request by \(actor), started \(AuditLog.now())", wait: wait) : nil
    store = try ReferentialStore(path: storePath, holdsLock: writing)
    self.actor = actor
    hasher = try store.hasher("request_hmac")
  }

  var at: Locator { Locator(file: store.path) }

  /// Registers a request for the person a query names; a reference given twice for the same
  /// person and type is the same request, for another person it is refused.
  /// - Throws: `StoreError.personNotFound`, `RequestsError.referenceInUse`.
  public func add(type: RequestType, received: CivilDate, person: PersonQuery, reference: String?) throws -> DataSubjectRequest {
    let golden = try store.golden(of: person)
    let subject = hasher.hash("golden:" + golden)
    if let reference, let existing = try find(reference) {
      guard try subjectHashes(of: golden).contains(existing.subjectHash), existing.request.type == type else {
        throw RequestsError.referenceInUse(at, reference: reference)
      }
      return existing.request
    }
    let ref = try reference ?? nextReference(received)
    let request = DataSubjectRequest(reference: ref, type: type, received: received)
    try store.appendingAudit(actor: actor, kind: "request_added", payload: [("request", ref), ("type", type.rawValue),
                                                                             ("received", received.description), ("due", request.due.description)],
                             subject: [("subject", subject)]) { writer, _ in
      try writer.db.execute(sql: """
        INSERT INTO dataSubjectRequest (reference, type, receivedAt, subjectHash, status) VALUES (?, ?, ?, ?, 'open')
        """, arguments: [ref, type.rawValue, received.description, subject])
    }
    return request
  }

  /// `REQ-2026-0001`, numbered within the year of receipt.
  private func nextReference(_ received: CivilDate) throws -> String {
    let prefix = String(format: "REQ-%04d-", received.year)
    let used = try store.read { db in
      try String.fetchAll(db, sql: "SELECT reference FROM dataSubjectRequest WHERE reference LIKE ?", arguments: [prefix + "%"])
    }
    let last = used.compactMap { Int($0.dropFirst(prefix.count)) }.max() ?? 0
    return prefix + String(format: "%04d", last + 1)
  }

  /// The keyed hashes a live golden record's requests may be filed under: its own, and those of
  /// the golden records merged into it since (a request outlives a merge).
  func subjectHashes(of golden: String) throws -> Set<String> {
    let lineage = try store.read { db in try ReferentialStore.goldensMerged(into: golden, in: db) }
    return Set(([golden] + lineage).map { hasher.hash("golden:" + $0) })
  }

  /// A request with the keyed hash of its person.
  public func find(_ reference: String) throws -> (request: DataSubjectRequest, subjectHash: String)? {
    try store.read { db in
      try Row.fetchOne(db, sql: "SELECT * FROM dataSubjectRequest WHERE reference = ?", arguments: [reference]).map { row in
        (RequestsRegister.request(row), row["subjectHash"])
      }
    }
  }

  static func request(_ row: Row) -> DataSubjectRequest {
    DataSubjectRequest(reference: row["reference"], type: RequestType(rawValue: row["type"]) ?? .access,
                       received: CivilDate(iso: row["receivedAt"]) ?? CivilDate(year: 1970, month: 1, day: 1),
                       notified: (row["notifiedAt"] as String?).flatMap(CivilDate.init(iso:)), extensionReason: row["extensionReason"],
                       status: DataSubjectRequest.Status(rawValue: row["status"]) ?? .open,
                       completed: (row["completedAt"] as String?).flatMap(CivilDate.init(iso:)))
  }

  /// Every request, by receipt then reference.
  public func list() throws -> [DataSubjectRequest] {
    try store.read { db in
      try Row.fetchAll(db, sql: "SELECT * FROM dataSubjectRequest ORDER BY receivedAt, reference").map(RequestsRegister.request)
    }
  }

  /// Extends a request by two months, once, when the person was told within the first month.
  /// - Throws: `RequestsError.unknownRequest`, `.cannotExtend`.
  public func extend(_ reference: String, notified: CivilDate, reason: String) throws -> DataSubjectRequest {
    guard var request = try find(reference)?.request else { throw RequestsError.unknownRequest(at, reference: reference) }
    guard !reason.trimmedWhitespace.isEmpty else { throw RequestsError.cannotExtend(at, reference: reference, reason: "give the reason told to the person") }
    guard request.canExtend(notifiedOn: notified) else {
      let why = request.notified != nil ? "it was extended already" : request.status != .open ? "it is \(request.status.rawValue)"
        : "the person must be told within the first month (by \(DataSubjectRequest.monthsAfter(request.received, 1)))"
      throw RequestsError.cannotExtend(at, reference: reference, reason: why)
    }
    request.notified = notified
    request.extensionReason = reason
    try store.appendingAudit(actor: actor, kind: "request_extended", payload: [("request", reference), ("notified", notified.description),
                                                                                ("due", request.due.description)]) { writer, _ in
      try writer.db.execute(sql: "UPDATE dataSubjectRequest SET notifiedAt = ?, extensionReason = ? WHERE reference = ?",
                            arguments: [notified.description, reason, reference])
    }
    return request
  }

  /// Closes a request (answered otherwise, withdrawn by the person, refused with reasons).
  public func close(_ reference: String, on day: CivilDate) throws {
    guard let request = try find(reference)?.request else { throw RequestsError.unknownRequest(at, reference: reference) }
    guard request.status == .open else { throw RequestsError.notOpen(at, reference: reference, status: request.status.rawValue) }
    try store.appendingAudit(actor: actor, kind: "request_closed", payload: [("request", reference), ("closed", day.description)]) { writer, _ in
      try writer.db.execute(sql: "UPDATE dataSubjectRequest SET status = 'closed', completedAt = ? WHERE reference = ?",
                            arguments: [day.description, reference])
    }
  }

  /// Checks that `reference` is an open request of `type` for the golden record `golden`.
  /// - Throws: `RequestsError.unknownRequest`, `.wrongType`, `.referenceInUse`, `.notOpen`.
  public func check(_ reference: String, type: RequestType, golden: String) throws -> DataSubjectRequest {
    guard let (request, subject) = try find(reference) else { throw RequestsError.unknownRequest(at, reference: reference) }
    guard request.type == type else { throw RequestsError.wrongType(at, reference: reference, type: request.type.rawValue, expected: type.rawValue) }
    guard try subjectHashes(of: golden).contains(subject) else { throw RequestsError.referenceInUse(at, reference: reference) }
    guard request.status == .open else { throw RequestsError.notOpen(at, reference: reference, status: request.status.rawValue) }
    return request
  }
}

extension StoreWriter {
  /// Marks a request done, in the transaction of the command that satisfied it.
  public func completeRequest(_ reference: String, on day: CivilDate) throws {
    try db.execute(sql: "UPDATE dataSubjectRequest SET status = 'done', completedAt = ? WHERE reference = ?", arguments: [day.description, reference])
  }
}

extension ReferentialStore {
  func read<T>(_ body: (Database) throws -> T) throws -> T {
    try wrap { try queue.read { db in try body(db) } }
  }

  /// The golden records merged into `golden` over time, directly or through others.
  static func goldensMerged(into golden: String, in db: Database) throws -> [String] {
    let merged = try db.cachedStatement(sql: "SELECT id FROM goldenRecord WHERE mergedInto = ?")
    var all: [String] = [], frontier = [golden]
    while let next = frontier.popLast() {
      let found = try String.fetchAll(merged, arguments: [next])
      all += found
      frontier += found
    }
    return all
  }
}
