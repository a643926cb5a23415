import Crypto

/// An event sealed onto the chain, with its subject (to be stored apart) when it has one.
public struct SealedEvent: Sendable {
  public let event: AuditEvent
  public let subject: AuditSubject?
}

/// The end of a hash chain that drafts are sealed onto: each event's hash covers its canonical
/// JSON, its subject's digest and the previous event's hash.
public struct AuditChain {
  /// The hash of the last sealed event.
  public private(set) var lastHash: String

  public init(after previousHash: String) { lastHash = previousHash }

  /// Seals `drafts` in order after the last event.
  public mutating func seal(_ drafts: [AuditEvent.Draft]) -> [SealedEvent] {
    var sealed: [SealedEvent] = []
    sealed.reserveCapacity(drafts.count)
    for draft in drafts {
      let subject = draft.subject.isEmpty ? nil : AuditSubject(draft.subject, anchor: AuditSubject.anchor(event: draft.sequence))
      sealed.append(SealedEvent(event: seal(draft, subjectDigest: subject?.digest), subject: subject))
    }
    return sealed
  }

  /// Seals one draft whose subject digest is already known (or that has none).
  public mutating func seal(_ draft: AuditEvent.Draft, subjectDigest: String?) -> AuditEvent {
    let prefix = draft.prefix(subjectDigest: subjectDigest)
    var hasher = SHA256()
    hasher.update(data: prefix)
    hasher.update(data: Array("\"\(lastHash)\"}".utf8))
    let hash = FileDigest.hex(Array(hasher.finalize()))
    let event = AuditEvent(draft, subjectDigest: subjectDigest, prefix: prefix, previousHash: lastHash, hash: hash)
    lastHash = hash
    return event
  }

  /// Seals a single event after `previousHash` (tests, and one-off events).
  public static func sealed(_ draft: AuditEvent.Draft, after previousHash: String) -> SealedEvent {
    var chain = AuditChain(after: previousHash)
    return chain.seal([draft])[0]
  }
}
