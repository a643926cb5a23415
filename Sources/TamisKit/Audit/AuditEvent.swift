import Crypto
import Foundation

/// One change to the referential, in the hash-chained audit log (RGPD art. 30 and 32: records
/// of processing, integrity). Identifying values appear only as keyed hashes, never in clear,
/// so that erasing a person leaves the chain valid and free of their data.
public struct AuditEvent: Hashable, Sendable {
  public let sequence: Int
  /// UTC, ISO 8601.
  public let time: String
  public let actor: String
  public let runId: String?
  /// run_started, run_ended, record_imported, golden_created, merged, split, review_decision, rules_changed …
  public let kind: String
  /// Ids touched and keyed hashes, in a fixed order.
  public let payload: [(String, String)]
  public let previousHash: String
  public let hash: String
  /// The event as one line of `audit.jsonl` (rendered once: a run writes millions).
  public let line: String

  public init(sequence: Int, time: String, actor: String, runId: String?, kind: String, payload: [(String, String)],
              previousHash: String, hash: String) {
    let draft = Draft(sequence: sequence, time: time, actor: actor, runId: runId, kind: kind, payload: payload)
    self.init(draft, prefix: draft.prefix, previousHash: previousHash, hash: hash)
  }

  fileprivate init(_ draft: Draft, prefix: [UInt8], previousHash: String, hash: String) {
    sequence = draft.sequence
    time = draft.time
    actor = draft.actor
    runId = draft.runId
    kind = draft.kind
    payload = draft.payload
    self.previousHash = previousHash
    self.hash = hash
    // Hashes are hex; quoting them keeps a line read from an edited file valid JSON all the same.
    var bytes = OutputBytes(capacity: prefix.count + 144)
    bytes.append(prefix)
    JSONText.appendQuoted(previousHash, to: &bytes)
    bytes.append(",\"hash\":" as StaticString)
    JSONText.appendQuoted(hash, to: &bytes)
    bytes.append(UInt8(ascii: "}"))
    line = bytes.withBytes { String(decoding: $0, as: UTF8.self) }
  }

  public static func == (a: AuditEvent, b: AuditEvent) -> Bool { a.line == b.line }
  public func hash(into hasher: inout Hasher) { hasher.combine(line) }

  /// The JSON of everything but `hash`: what the hash covers.
  public var canonical: String {
    String(decoding: Draft(sequence: sequence, time: time, actor: actor, runId: runId, kind: kind, payload: payload).prefix, as: UTF8.self)
      + JSONText.quote(previousHash) + "}"
  }

  public static func sha256(_ text: String) -> String { FileDigest.sha256(Array(text.utf8)) }

  /// An event before it is linked into the chain.
  public struct Draft: Sendable {
    public var sequence: Int
    public var time: String
    public var actor: String
    public var runId: String?
    public var kind: String
    public var payload: [(String, String)]

    public init(sequence: Int, time: String, actor: String, runId: String?, kind: String, payload: [(String, String)]) {
      self.sequence = sequence
      self.time = time
      self.actor = actor
      self.runId = runId
      self.kind = kind
      self.payload = payload
    }

    /// The canonical JSON up to the previous hash's value: `{"seq":…,"ids":{…},"prev":`.
    var prefix: [UInt8] {
      var json = JSONText()
      json.beginObject()
      json.number("seq", sequence)
      json.string("time", time)
      json.string("actor", actor)
      if let runId { json.string("run", runId) } else { json.null("run") }
      json.string("kind", kind)
      json.beginObject("ids")
      for (key, value) in payload { json.string(key, value) }
      json.endObject()
      return json.bytes + Array(",\"prev\":".utf8)
    }
  }

  /// Seals an event: links it to the previous hash and computes its own.
  public static func sealed(sequence: Int, time: String, actor: String, runId: String?, kind: String,
                            payload: [(String, String)], previousHash: String) -> AuditEvent {
    var chain = AuditChain(after: previousHash)
    return chain.seal([Draft(sequence: sequence, time: time, actor: actor, runId: runId, kind: kind, payload: payload)])[0]
  }

  /// Parses a line of `audit.jsonl` (for `audit verify --file`).
  public init?(line: String) {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
          let sequence = object["seq"] as? Int, let time = object["time"] as? String, let actor = object["actor"] as? String,
          let kind = object["kind"] as? String, let previous = object["prev"] as? String, let hash = object["hash"] as? String
    else { return nil }
    // Key order matters for the hash: read the ids in file order with Tamis's own parser.
    var payload: [(String, String)] = []
    if let idsStart = line.range(of: "\"ids\":") {
      var fields: [SourceField] = []
      let parsed = Array(line[idsStart.upperBound...].utf8).withUnsafeBufferPointer { bytes in
        var parser = JSONValueParser(buffer: bytes, position: 0, maxDepth: 4)
        parser.keepsEmptyStrings = true
        return (try? parser.parseValue(path: "", into: &fields)) != nil
      }
      guard parsed else { return nil }
      payload = fields.map { ($0.key, $0.value) }
    }
    self.init(sequence: sequence, time: time, actor: actor, runId: object["run"] as? String, kind: kind, payload: payload,
              previousHash: previous, hash: hash)
  }
}

/// The end of a hash chain that drafts are sealed onto, a block at a time: a run seals and
/// writes its million events in blocks rather than holding them all.
public struct AuditChain {
  /// The hash of the last sealed event.
  public private(set) var lastHash: String

  public init(after previousHash: String) { lastHash = previousHash }

  /// Seals `drafts` in order after the last event. Their JSON is rendered on every core; only
  /// the hashing, which links each event to the one before, runs in sequence.
  public mutating func seal(_ drafts: [AuditEvent.Draft]) -> [AuditEvent] {
    let prefixes = Parallel.map(drafts.count, minimumChunk: 4096) { range in range.map { drafts[$0].prefix } }
    var hashes: [String] = []
    hashes.reserveCapacity(drafts.count)
    var previousBytes = Array(lastHash.utf8)
    let quote = Array("\"".utf8), closing = Array("\"}".utf8)
    for prefix in prefixes {
      var hasher = SHA256()
      hasher.update(data: prefix)
      hasher.update(data: quote)
      hasher.update(data: previousBytes)
      hasher.update(data: closing)
      let hash = FileDigest.hex(Array(hasher.finalize()))
      hashes.append(hash)
      previousBytes = Array(hash.utf8)
    }
    let first = lastHash
    lastHash = hashes.last ?? lastHash
    return Parallel.map(drafts.count, minimumChunk: 4096) { range in
      range.map { k in AuditEvent(drafts[k], prefix: prefixes[k], previousHash: k == 0 ? first : hashes[k - 1], hash: hashes[k]) }
    }
  }
}

/// Keyed hashes (HMAC-SHA256 with the store's secret) of identifying values: they let an auditor
/// check that an event concerns a given person without the log ever holding the value.
public struct KeyedHasher: Sendable {
  /// Keyed once; each hash continues from a copy.
  private let keyed: HMAC<SHA256>

  public init(secret: [UInt8]) { keyed = HMAC<SHA256>(key: SymmetricKey(data: secret)) }

  public func hash(_ value: String) -> String {
    var mac = keyed
    mac.update(data: Array(value.utf8))
    return FileDigest.hex(Array(mac.finalize()))
  }

  /// 32 random bytes for a new store.
  public static func newSecret() -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }
}

/// Checks a hash chain: each event's hash must match its content, each must point to the one
/// before, and sequence numbers must run without gaps.
public enum AuditVerifier {
  public struct Failure: Hashable, Sendable, CustomStringConvertible {
    /// 1-based position in the log.
    public var position: Int
    public var reason: String
    public var description: String { "event at position \(position): \(reason)" }
  }

  /// The first broken link, or nil when the chain is intact.
  public static func verify(_ events: [AuditEvent], anchor: String = AuditLog.genesis) -> Failure? {
    var previous = anchor
    var expectedSequence = events.first?.sequence ?? 1
    if anchor == AuditLog.genesis, let first = events.first, first.sequence != 1 {
      return Failure(position: 1, reason: "the log starts at sequence \(first.sequence), not 1: events were deleted from its start")
    }
    for (offset, event) in events.enumerated() {
      let position = offset + 1
      if event.sequence != expectedSequence {
        return Failure(position: position, reason: event.sequence < expectedSequence
          ? "sequence \(event.sequence) after \(expectedSequence - 1): an event was inserted or moved"
          : "sequence jumps from \(expectedSequence - 1) to \(event.sequence): an event was deleted")
      }
      if AuditEvent.sha256(event.canonical) != event.hash {
        return Failure(position: position, reason: "its content does not match its hash: the event was edited")
      }
      if event.previousHash != previous {
        return Failure(position: position, reason: "it does not point to the event before it: an event was inserted, deleted or reordered")
      }
      previous = event.hash
      expectedSequence += 1
    }
    return nil
  }
}

/// The chain's constants.
public enum AuditLog {
  /// The "previous hash" of the first event.
  public static let genesis = String(repeating: "0", count: 64)

  /// The current UTC time as ISO 8601 with milliseconds (`2026-11-23T04:21:07.123Z`).
  public static func now() -> String {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    var parts = tm()
    var seconds = spec.tv_sec
    gmtime_r(&seconds, &parts)
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))T"
      + "\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2)).\(pad(Int(spec.tv_nsec) / 1_000_000, 3))Z"
  }
}
