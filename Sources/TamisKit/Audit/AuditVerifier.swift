import Foundation

/// Where the verifier reads a log from: the store (events, their subjects and the runs'
/// entries) or an exported `audit.jsonl` (the chain alone).
public protocol AuditSource {
  /// Every event, in sequence order.
  func auditEvents() throws -> [AuditEvent]
  /// Subjects by event sequence; nil when the source holds none (an exported file).
  func auditSubjects() throws -> [Int: StoredSubject]?
  /// The entries an `entries_committed` event commits, in stored position order.
  func forEachAuditEntry(committedBy sequence: Int, _ body: (StoredEntry) throws -> Void) throws
}

/// Checks the chain: each event's hash matches its content, points to the event before it, and
/// sequence numbers run without gaps; each subject matches its digest or was removed by a
/// recorded erasure; each run's entries hash to their committed root; and, given a head kept
/// outside the store, that the log still holds that very event.
public enum AuditVerifier {
  public struct Failure: Hashable, Sendable, CustomStringConvertible {
    /// 1-based position in the log of the event concerned.
    public var position: Int
    public var reason: String
    public var description: String { "event at position \(position): \(reason)" }
  }

  /// One erasure's trace in the log.
  public struct Redaction: Hashable, Sendable {
    public var request: String
    public var sequence: Int
    public var removed: Int
  }

  public struct Verification: Sendable {
    public var events = 0
    public var entries = 0
    public var redactions: [Redaction] = []
    public var head: AuditHead?
    public var failure: Failure?
    /// Whether subjects and entries were checked (false for an exported file).
    public var checkedSubjects = false
  }

  /// The first broken link of `events` alone, or nil when the chain is intact.
  public static func verify(_ events: [AuditEvent], anchor: String = AuditLog.genesis) -> Failure? {
    (try? verify(EventLog(events: events), anchor: anchor))?.failure
  }

  /// Verifies everything `source` holds. - Throws: what the source throws while reading.
  public static func verify(_ source: some AuditSource, anchor: String = AuditLog.genesis, head kept: AuditHead? = nil) throws -> Verification {
    let events = try source.auditEvents()
    let subjects = try source.auditSubjects()
    var result = Verification()
    result.checkedSubjects = subjects != nil
    var previous = anchor
    var expectedSequence = events.first?.sequence ?? 1
    var removedBy: [Int: [String]] = [:]
    var firstCiting: [Int: Int] = [:]  // redacting sequence → first position citing it
    var redactions: [Int: (position: Int, event: AuditEvent)] = [:]
    func fail(_ position: Int, _ reason: String) -> Verification {
      result.failure = Failure(position: position, reason: reason)
      return result
    }
    if anchor == AuditLog.genesis, let first = events.first, first.sequence != 1 {
      return fail(1, "the log starts at sequence \(first.sequence), not 1: events were deleted from its start")
    }
    for (offset, event) in events.enumerated() {
      let position = offset + 1
      if event.sequence != expectedSequence {
        return fail(position, event.sequence < expectedSequence
          ? "sequence \(event.sequence) after \(expectedSequence - 1): an event was inserted or moved"
          : "sequence jumps from \(expectedSequence - 1) to \(event.sequence): an event was deleted")
      }
      if FileDigest.sha256(Array(event.canonical.utf8)) != event.hash {
        return fail(position, "its content does not match its hash: the event was edited")
      }
      if event.previousHash != previous {
        return fail(position, "it does not point to the event before it: an event was inserted, deleted or reordered")
      }
      if let subjects, let digest = event.subjectDigest {
        let anchor = AuditSubject.anchor(event: event.sequence)
        if let problem = check(subjects[event.sequence], digest: digest, anchor: anchor, removedBy: &removedBy, firstCiting: &firstCiting, position: position) {
          return fail(position, problem)
        }
      }
      if subjects != nil, event.kind == "entries_committed" {
        if let problem = try checkEntries(of: event, in: source, removedBy: &removedBy, firstCiting: &firstCiting, position: position, count: &result.entries) {
          return fail(position, problem)
        }
      }
      if event.kind == "redacted" { redactions[event.sequence] = (position, event) }
      previous = event.hash
      expectedSequence += 1
      result.events += 1
    }
    if subjects != nil {
      for (sequence, position) in firstCiting.sorted(by: { $0.value < $1.value }) where redactions[sequence] == nil {
        return fail(position, "its identifying part was removed citing event \(sequence), which records no erasure")
      }
      for (sequence, redaction) in redactions.sorted(by: { $0.key < $1.key }) {
        let anchors = removedBy[sequence] ?? []
        let expected = (Int(redaction.event[id: "events"] ?? "") ?? -1) + (Int(redaction.event[id: "entries"] ?? "") ?? -1)
        if anchors.count != expected || AuditRedaction.digest(of: anchors) != redaction.event[id: "anchors_sha256"] {
          return fail(redaction.position, "the identifying parts it records as erased (\(max(expected, 0))) are not those removed (\(anchors.count)): one was removed outside an erasure, or put back")
        }
        result.redactions.append(Redaction(request: redaction.event[id: "request"] ?? "", sequence: sequence, removed: anchors.count))
      }
    }
    if let last = events.last { result.head = AuditHead(sequence: last.sequence, hash: last.hash) }
    if let kept {
      guard let offset = events.firstIndex(where: { $0.sequence == kept.sequence }) else {
        return fail(max(events.count, 1), "the log has no event \(kept.sequence), the head you kept: events were deleted since")
      }
      if events[offset].hash != kept.hash {
        return fail(offset + 1, "its hash is not the one of the head you kept (\(kept.hash.prefix(12))…): the log was rewritten up to here")
      }
    }
    return result
  }

  /// Nil when the subject matches its digest or was removed by a recorded erasure.
  private static func check(_ stored: StoredSubject?, digest: String, anchor: String, removedBy: inout [Int: [String]],
                            firstCiting: inout [Int: Int], position: Int) -> String? {
    guard let stored else { return "its identifying part is missing, and no erasure removed it" }
    if let payload = stored.payload, let salt = stored.salt {
      return AuditSubject.digest(salt: salt, anchor: anchor, payload: payload) == digest
        ? nil : "its identifying part (\(anchor)) does not match its digest: it was edited or moved"
    }
    guard let by = stored.redactedBy else { return "its identifying part (\(anchor)) was removed outside an erasure" }
    removedBy[by, default: []].append(anchor)
    if firstCiting[by] == nil { firstCiting[by] = position }
    return nil
  }

  private static func checkEntries(of event: AuditEvent, in source: some AuditSource, removedBy: inout [Int: [String]],
                                   firstCiting: inout [Int: Int], position: Int, count: inout Int) throws -> String? {
    guard let committed = Int(event[id: "entries"] ?? ""), let root = event[id: "root"] else {
      return "it commits entries but does not say how many, or under which root"
    }
    var accumulator = MerkleTree.Accumulator()
    var problem: String?
    try source.forEachAuditEntry(committedBy: event.sequence) { entry in
      guard problem == nil else { return }
      if entry.position != accumulator.count {
        problem = entry.position > accumulator.count
          ? "its entry \(accumulator.count) is missing: an entry was deleted"
          : "its entry \(entry.position) appears twice: an entry was inserted"
        return
      }
      if let digest = entry.subjectDigest {
        let anchor = AuditSubject.anchor(entry: entry.position, of: event.sequence)
        if let failure = check(entry.subject, digest: digest, anchor: anchor, removedBy: &removedBy, firstCiting: &firstCiting, position: position) {
          problem = "entry \(entry.position): \(failure)"
          return
        }
      }
      accumulator.append(entry.leafHash)
    }
    if let problem { return problem }
    if accumulator.count != committed {
      return "it commits \(committed) entries and the store holds \(accumulator.count): entries were deleted or inserted"
    }
    if FileDigest.hex(accumulator.root) != root {
      return "its \(committed) entries do not hash to the root it commits: an entry was edited or reordered"
    }
    count += committed
    return nil
  }
}

/// A log held in memory, without subjects (an exported `audit.jsonl`): the chain alone.
public struct EventLog: AuditSource {
  public var events: [AuditEvent]
  public init(events: [AuditEvent]) { self.events = events }
  public func auditEvents() throws -> [AuditEvent] { events }
  public func auditSubjects() throws -> [Int: StoredSubject]? { nil }
  public func forEachAuditEntry(committedBy sequence: Int, _ body: (StoredEntry) throws -> Void) throws {}

  /// Reads an exported `audit.jsonl`. - Throws: `AuditError.cannotRead`, `AuditError.unreadableEvent`.
  public static func read(_ path: String) throws -> EventLog {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw AuditError.cannotRead(Locator(file: path))
    }
    var events: [AuditEvent] = []
    for (number, line) in text.split(separator: "\n").enumerated() {
      guard let event = AuditEvent(line: String(line)) else { throw AuditError.unreadableEvent(Locator(file: path, line: number + 1)) }
      events.append(event)
    }
    return EventLog(events: events)
  }

  /// Where the chain of an exported part starts: the genesis, or the event before its first.
  public var anchor: String { events.first.map { $0.sequence > 1 ? $0.previousHash : AuditLog.genesis } ?? AuditLog.genesis }
}
