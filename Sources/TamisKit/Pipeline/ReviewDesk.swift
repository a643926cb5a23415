import Foundation

/// The data steward's decisions on the referential: accept or reject a pair awaiting review,
/// split a golden record. Decisions persist in the store (must-link / cannot-link), so later
/// runs honour them, and each goes to the audit log with its actor.
///
/// A desk holds the store's writer lock for its life: open it, decide, let it go.
public final class ReviewDesk {
  public let store: ReferentialStore
  let builder: GoldenBuilder
  let actor: String
  private let lock: StoreLock?

  /// Takes the store's writer lock (waiting up to `wait` seconds), then opens the store.
  /// - Throws: `StoreError` (`busy` when another writer holds it).
  public init(storePath: String, survivorship: SurvivorshipRules, actor: String, wait: Double = 0) throws {
    lock = try StoreLock(store: storePath, holder: "a review by \(actor), started \(AuditLog.now())", wait: wait)
    store = try ReferentialStore(path: storePath, holdsLock: true)
    builder = GoldenBuilder(rules: survivorship)
    self.actor = actor
  }

  public enum Verdict: String, Sendable { case accept, reject }

  /// Records a decision on a review pair (by its id in `review.csv`, or `source:id` of both records).
  /// Accepting merges the two golden records now; rejecting forbids it for good.
  /// - Throws: `MatchError.unknownRecord`, `StoreError`.
  public func decide(_ verdict: Verdict, a: String, b: String) throws -> String {
    guard let first = try store.sourceRecord(a) else { throw MatchError.unknownRecord(Locator(file: store.path), reference: a) }
    guard let second = try store.sourceRecord(b) else { throw MatchError.unknownRecord(Locator(file: store.path), reference: b) }
    let now = AuditLog.now()
    var message = ""
    let pending = try store.reviewPairs(status: nil).filter { $0.a == min(a, b) && $0.b == max(a, b) }
    try write { writer, log in
      try writer.addDecision(kind: verdict == .accept ? "must_link" : "cannot_link", a: a, b: b, actor: actor, at: now)
      for item in pending {
        try writer.setReviewStatus(id: item.id, status: verdict == .accept ? "accepted" : "rejected")
      }
      log("review_decision", [("decision", verdict == .accept ? "must_link" : "cannot_link")], [("record_a", min(a, b)), ("record_b", max(a, b))])
      if verdict == .accept && first.goldenId != second.goldenId {
        let (survivor, retired) = first.goldenId < second.goldenId ? (first.goldenId, second.goldenId) : (second.goldenId, first.goldenId)
        try writer.moveRecords(from: retired, to: survivor)
        try writer.markMerged(retired, into: survivor, runId: "review")
        try rebuild(survivor, writer: writer)
        log("merged", [("golden", retired), ("into", survivor)], [])
        message = "merged \(retired) into \(survivor)"
      } else if verdict == .reject && first.goldenId == second.goldenId {
        message = "recorded; both records are in \(first.goldenId): run `tamis review split \(first.goldenId)` to separate them"
      } else {
        message = "recorded"
      }
    }
    return message
  }

  /// Undoes a merge: every member source record gets its own golden record again (the first
  /// keeps the id), and cannot-links between them keep later runs from merging them back.
  public func split(_ goldenId: String) throws -> [String] {
    let golden = try store.golden(goldenId)
    let members = golden.members.map(\.reference)
    guard members.count > 1 else { return [golden.id] }
    var ids = [golden.id]
    let now = AuditLog.now()
    var next = try store.counter("golden")
    try write { writer, log in
      for (offset, member) in members.enumerated() {
        guard let reference = MatchRecord.split(reference: member) else { continue }
        if offset > 0 {
          next += 1
          let id = GoldenIdAssignment.id(next)
          try writer.upsertGolden(StoredGolden(GoldenRecord(id: id, fields: Array(repeating: [], count: ContactField.count), members: []), dates: ReferenceDates()), runId: "review")  // rebuilt below, once it has its member
          try writer.setGolden(of: reference, to: id)
          ids.append(id)
          log("golden_created", [("golden", id), ("split_from", golden.id)], [])
        }
        for other in members[(offset + 1)...] {
          try writer.addDecision(kind: "cannot_link", a: member, b: other, actor: actor, at: now)
        }
      }
      try writer.setCounter("golden", next)
      for id in ids { try rebuild(id, writer: writer) }
      log("split", [("golden", golden.id), ("into", ids.joined(separator: " "))], [])
    }
    return ids
  }

  /// Rebuilds a golden record from the members it has now. - Throws: `MergeError.noMembers`.
  private func rebuild(_ id: String, writer: StoreWriter) throws {
    let views = try writer.survivorViews(of: id)
    try writer.upsertGolden(builder.build(id: id, members: Set(views.map(\.reference)), fresh: views, stored: []), runId: "review")
  }

  /// Runs `body` in one store transaction; the events it logs are sealed onto the chain and
  /// written in the same transaction.
  private func write(_ body: (StoreWriter, (_ kind: String, _ ids: [(String, String)], _ subject: [(String, String)]) -> Void) throws -> Void) throws {
    let head = try store.auditHead()
    let time = AuditLog.now()
    try store.write { writer in
      var drafts: [AuditEvent.Draft] = []
      try body(writer) { kind, ids, subject in
        drafts.append(AuditEvent.Draft(sequence: head.sequence + drafts.count + 1, time: time, actor: actor, runId: nil, kind: kind,
                                       payload: ids, subject: subject))
      }
      var chain = AuditChain(after: head.hash)
      for sealed in chain.seal(drafts) { try writer.appendAudit(sealed) }
    }
  }
}
