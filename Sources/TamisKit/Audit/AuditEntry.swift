/// One per-record fact of a run (a source record imported or updated, a golden record created).
/// A run's entries are not chained one by one: they are leaves of a Merkle tree whose root one
/// `entries_committed` event holds, which keeps a million-record run's log small while each
/// entry stays provable and, through its subject, erasable.
public struct AuditEntry: Sendable {
  public var kind: String
  /// Ids that identify no one (the golden id).
  public var ids: [(String, String)]
  /// What identifies a person (the source record, a keyed hash of its content); may be empty.
  public var subject: [(String, String)]
  /// The store's key of the source record it concerns, so an erasure finds its entries.
  public var sourceKey: Int?

  public init(kind: String, ids: [(String, String)], subject: [(String, String)] = [], sourceKey: Int? = nil) {
    self.kind = kind
    self.ids = ids
    self.subject = subject
    self.sourceKey = sourceKey
  }

  /// The leaf's data: `{"kind":…,"ids":{…},"subject":digest}`, what the leaf hash covers.
  public static func leafData(kind: String, ids: String, subjectDigest: String?) -> [UInt8] {
    var text = "{\"kind\":" + JSONText.quote(kind) + ",\"ids\":" + ids
    if let subjectDigest { text += ",\"subject\":" + JSONText.quote(subjectDigest) }
    return Array((text + "}").utf8)
  }
}

/// An entry sealed at its position under a committing event, ready to store.
public struct SealedEntry: Sendable {
  public let position: Int
  public let kind: String
  /// The public ids as a JSON object.
  public let ids: String
  public let subject: AuditSubject?
  public let sourceKey: Int?
  public let leafHash: [UInt8]

  public init(_ entry: AuditEntry, position: Int, event sequence: Int) {
    self.position = position
    kind = entry.kind
    ids = AuditSubject.render(entry.ids)
    subject = entry.subject.isEmpty ? nil : AuditSubject(entry.subject, anchor: AuditSubject.anchor(entry: position, of: sequence))
    sourceKey = entry.sourceKey
    leafHash = MerkleTree.leafHash(AuditEntry.leafData(kind: kind, ids: ids, subjectDigest: subject?.digest))
  }
}

/// An entry as the store holds it, for verification and `audit show`.
public struct StoredEntry: Sendable {
  public var position: Int
  public var kind: String
  public var ids: String
  public var subjectDigest: String?
  public var subject: StoredSubject?

  public init(position: Int, kind: String, ids: String, subjectDigest: String?, subject: StoredSubject?) {
    self.position = position
    self.kind = kind
    self.ids = ids
    self.subjectDigest = subjectDigest
    self.subject = subject
  }

  public var leafHash: [UInt8] { MerkleTree.leafHash(AuditEntry.leafData(kind: kind, ids: ids, subjectDigest: subjectDigest)) }
}
