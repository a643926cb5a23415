import Foundation

/// The consent ledger on a referential: imports consent events and suppression lists (holding the
/// store's writer lock), and tells each golden record's state per purpose and whether it may be
/// contacted. A golden record's events are those of its members' references, emails and phones,
/// so merging records merges their events and splitting them gives each side its own.
public final class ConsentLedger {
  public let store: ReferentialStore
  public let rules: ConsentRules
  let actor: String
  private let lock: StoreLock?
  let consentHasher: KeyedHasher
  let suppressionHasher: KeyedHasher

  /// Opens the store; with `writing`, takes its writer lock first (waiting up to `wait` seconds).
  /// - Throws: `StoreError` (`busy` when another writer holds it).
  public init(storePath: String, rules: ConsentRules, actor: String, writing: Bool, wait: Double = 0) throws {
    lock = writing ? try StoreLock(store: storePath, holder: "a consent import by \(actor), started \(AuditLog.now())", wait: wait) : nil
    store = try ReferentialStore(path: storePath, holdsLock: writing)
    self.rules = rules
    self.actor = actor
    consentHasher = try store.hasher("consent_hmac")
    suppressionHasher = try store.hasher("suppression_hmac")
  }

  /// A record of a consent file as the importer needs it: the event with its subject's keyed hash
  /// and its digest (worked out on the reading workers), or the issues that quarantine it.
  enum Prepared {
    case event((event: ConsentEvent, subjectHash: String, digest: String))
    case quarantined([Issue])

    init(_ outcome: ConsentFile.Outcome, hasher: KeyedHasher) {
      switch outcome {
      case .quarantined(let issues): self = .quarantined(issues)
      case .event(let event, _):
        let subjectHash = hasher.hash(event.subject.key)
        self = .event((event, subjectHash, event.digest(subjectHash: subjectHash)))
      }
    }
  }

  /// What importing one file did; `read` = `imported` + `alreadyKnown` + `quarantined`.
  public struct FileImport: Sendable {
    public var file: String
    public var sha256: String
    public var read = 0
    public var imported = 0
    /// Events the ledger already held (a file imported twice adds nothing).
    public var alreadyKnown = 0
    public var quarantined = 0
    /// Imported events whose person is not (yet) in the referential: kept, attached on arrival.
    public var pending = 0
    public var issues: [Issue] = []
  }

  /// Imports files of consent events, each in one transaction with its audit event: a file is
  /// never half-applied. - Throws: `ReadError`, `StoreError`.
  public func importEvents(_ files: [String], now: String = AuditLog.now()) throws -> [FileImport] {
    let reader = ConsentFile(rules: rules, now: now)
    // The keys the referential answers to, worked out for the subject kinds the files name.
    var known = Set<Digest256>(), knownKinds = Set<String>()
    var results: [FileImport] = []
    var trace = Trace()
    for file in files {
      var result = FileImport(file: file, sha256: FileDigest.sha256(path: file) ?? "")
      var events: [(event: ConsentEvent, subjectHash: String, digest: String)] = []
      var seen = Set<String>()
      let hasher = consentHasher
      try reader.read(file, prepare: { Prepared($0, hasher: hasher) }) { prepared in
        result.read += 1
        switch prepared {
        case .quarantined(let issues):
          result.quarantined += 1
          result.issues += issues
        case .event(let item):
          guard seen.insert(item.digest).inserted else { result.alreadyKnown += 1; return }
          events.append(item)
        }
      }
      trace.mark("consent file read")
      let already = try store.knownConsentDigests(events.map(\.digest))
      trace.mark("known digests looked up")
      result.alreadyKnown += already.count
      events.removeAll { already.contains($0.digest) }
      result.imported = events.count
      let kinds = Set(events.map(\.event.subject.kind))
      if !kinds.isSubset(of: knownKinds) {
        knownKinds.formUnion(kinds)
        known.removeAll()
        try store.forEachConsentKeys(hasher: consentHasher, kinds: knownKinds) { _, keys in known.formUnion(keys) }
      }
      result.pending = events.lazy.filter { Digest256(hex: $0.subjectHash).map(known.contains) != true }.count
      trace.mark("pending events counted")
      results.append(result)
      guard !events.isEmpty else { continue }
      let leaves = Parallel.map(events.count, minimumChunk: 50_000) { range in range.map { MerkleTree.leafHash(Array(events[$0].digest.utf8)) } }
      let root = MerkleTree.root(leaves[...])
      trace.mark("merkle root")
      try store.appendingAudit(actor: actor, kind: "consent_imported", payload: [
        ("file_sha256", result.sha256), ("read", String(result.read)), ("imported", String(result.imported)),
        ("already_known", String(result.alreadyKnown)), ("quarantined", String(result.quarantined)), ("pending", String(result.pending)),
        ("events_root", FileDigest.hex(root)),
      ]) { writer, sequence in
        try writer.saveNotices(rules.notices)
        try writer.appendConsentEvents(events, at: now, auditSequence: sequence)
      }
      trace.mark("consent events written")
    }
    return results
  }

  /// What importing a suppression list did.
  public struct SuppressionImport: Sendable {
    public var read = 0
    public var added = 0
    public var alreadyListed = 0
    public var unreadable = 0
    public var issues: [Issue] = []
  }

  /// Imports an opposition list, one email or phone number a line (Bloctel's format), as keyed
  /// hashes (`suppression_hmac`): the list is never stored in clear (CNIL, "liste repoussoir").
  /// - Throws: `ConsentError.badValue` when the file cannot be read, `StoreError`.
  public func suppress(file: String, channel: ContactChannel, list: String, defaultRegion: String = "FR",
                       now: String = AuditLog.now()) throws -> SuppressionImport {
    guard channel == .email || channel == .phone else {
      throw ConsentError.badValue(Locator(file: file), what: "a suppression list's channel (email or phone)", value: channel.rawValue)
    }
    guard let data = FileManager.default.contents(atPath: file) else {
      throw ConsentError.badValue(Locator(file: file), what: "a readable file of one email or phone a line", value: file)
    }
    var result = SuppressionImport()
    var hashes: [String] = []
    let phones = PhoneNormaliser()
    for (index, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = String(raw).trimmedWhitespace
      guard !line.isEmpty, !line.hasPrefix("#") else { continue }
      result.read += 1
      guard let value = Suppression.normalise(line, channel: channel, region: defaultRegion, phones: phones) else {
        result.unreadable += 1
        result.issues.append(Issue("SUPPRESSION_VALUE_INVALID", .error, at: Locator(file: file, line: index + 1),
                                   "not a valid \(channel == .email ? "email" : "phone number"); the line is skipped"))
        continue
      }
      hashes.append(suppressionHasher.hash(value))
    }
    try store.appendingAudit(actor: actor, kind: "suppression_imported", payload: [
      ("channel", channel.rawValue), ("list", list), ("file_sha256", FileDigest.sha256(path: file) ?? ""), ("read", String(result.read)),
    ]) { writer, _ in
      result.added = try writer.addSuppressions(hashes, channel: channel.rawValue, list: list, at: now)
    }
    result.alreadyListed = hashes.count - result.added
    return result
  }
}

/// Normalising a suppressed value as the referential stores it, so that its keyed hash meets the
/// hash of the same value in any source.
public enum Suppression {
  public static func normalise(_ text: String, channel: ContactChannel, region: String, phones: PhoneNormaliser) -> String? {
    switch channel {
    case .email:
      guard case .valid(let email) = EmailNormaliser.normalise(text) else { return nil }
      return "email:" + EmailNormaliser.key(email)
    case .phone, .sms:
      let parsed = phones.parse(text, region: region)
      return parsed.status == .valid ? "phone:" + parsed.e164 : nil
    case .post:
      return nil
    }
  }
}
