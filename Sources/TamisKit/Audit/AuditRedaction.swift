/// What an erasure removes from the audit log: the subjects of some events and entries, recorded
/// by one `redacted` event naming the request, how many were removed and a digest of where.
/// Verification accepts a missing subject only when such an event accounts for it.
public struct AuditRedaction: Sendable {
  public var request: String
  /// Sequence numbers of events whose subject is removed.
  public var events: [Int]
  /// Entries whose subject is removed: the committing event and the position.
  public var entries: [(event: Int, position: Int)]

  public init(request: String, events: [Int], entries: [(event: Int, position: Int)]) {
    self.request = request
    self.events = events.sorted()
    self.entries = entries.sorted { ($0.event, $0.position) < ($1.event, $1.position) }
  }

  public var isEmpty: Bool { events.isEmpty && entries.isEmpty }

  /// Where the removed subjects were, as anchors.
  public var anchors: [String] {
    events.map { AuditSubject.anchor(event: $0) } + entries.map { AuditSubject.anchor(entry: $0.position, of: $0.event) }
  }

  /// The digest of a set of anchors, in a fixed order.
  public static func digest(of anchors: [String]) -> String { FileDigest.sha256(Array(anchors.sorted().joined(separator: "\n").utf8)) }

  /// The event that records this redaction.
  public func draft(sequence: Int, time: String, actor: String) -> AuditEvent.Draft {
    AuditEvent.Draft(sequence: sequence, time: time, actor: actor, runId: nil, kind: "redacted",
                     payload: [("request", request), ("events", String(events.count)), ("entries", String(entries.count)),
                               ("anchors_sha256", AuditRedaction.digest(of: anchors))])
  }
}
