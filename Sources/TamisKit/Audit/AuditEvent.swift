import Foundation

/// One event of the hash-chained audit log (RGPD art. 30 and 32: records of processing,
/// integrity). Its `ids` identify no one (golden ids, counts, file names, digests); what does
/// identify a person lives in its ``AuditSubject``, to which the event commits by digest, so an
/// erasure removes the subject and the chain still verifies.
public struct AuditEvent: Hashable, Sendable {
  public let sequence: Int
  /// UTC, ISO 8601.
  public let time: String
  public let actor: String
  public let runId: String?
  /// run_started, entries_committed, run_ended, merged, split, review_decision, redacted …
  public let kind: String
  /// Ids that identify no one, in a fixed order.
  public let payload: [(String, String)]
  /// Hex digest of the event's subject; nil when it has none.
  public let subjectDigest: String?
  public let previousHash: String
  public let hash: String
  /// The event as one line of `audit.jsonl` (rendered once: a run writes several).
  public let line: String

  public init(sequence: Int, time: String, actor: String, runId: String?, kind: String, payload: [(String, String)],
              subjectDigest: String? = nil, previousHash: String, hash: String) {
    let draft = Draft(sequence: sequence, time: time, actor: actor, runId: runId, kind: kind, payload: payload)
    self.init(draft, subjectDigest: subjectDigest, prefix: draft.prefix(subjectDigest: subjectDigest), previousHash: previousHash, hash: hash)
  }

  init(_ draft: Draft, subjectDigest: String?, prefix: [UInt8], previousHash: String, hash: String) {
    sequence = draft.sequence
    time = draft.time
    actor = draft.actor
    runId = draft.runId
    kind = draft.kind
    payload = draft.payload
    self.subjectDigest = subjectDigest
    self.previousHash = previousHash
    self.hash = hash
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
    let draft = Draft(sequence: sequence, time: time, actor: actor, runId: runId, kind: kind, payload: payload)
    return String(decoding: draft.prefix(subjectDigest: subjectDigest), as: UTF8.self) + JSONText.quote(previousHash) + "}"
  }

  /// The value of one id, if the event has it.
  public subscript(id key: String) -> String? { payload.first { $0.0 == key }?.1 }

  /// An event before it is linked into the chain.
  public struct Draft: Sendable {
    public var sequence: Int
    public var time: String
    public var actor: String
    public var runId: String?
    public var kind: String
    public var payload: [(String, String)]
    /// What identifies a person, sealed apart (empty: the event has no subject).
    public var subject: [(String, String)]

    public init(sequence: Int, time: String, actor: String, runId: String?, kind: String, payload: [(String, String)],
                subject: [(String, String)] = []) {
      self.sequence = sequence
      self.time = time
      self.actor = actor
      self.runId = runId
      self.kind = kind
      self.payload = payload
      self.subject = subject
    }

    /// The canonical JSON up to the previous hash's value: `{"seq":…,"ids":{…},"subject":…,"prev":`.
    func prefix(subjectDigest: String?) -> [UInt8] {
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
      if let subjectDigest { json.string("subject", subjectDigest) }
      return json.bytes + Array(",\"prev\":".utf8)
    }
  }

  /// Parses a line of `audit.jsonl` (for `audit verify --file`) or of the store.
  public init?(line: String) {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
          let sequence = object["seq"] as? Int, let time = object["time"] as? String, let actor = object["actor"] as? String,
          let kind = object["kind"] as? String, let previous = object["prev"] as? String, let hash = object["hash"] as? String
    else { return nil }
    // Key order matters for the hash: read the ids in file order with Tamis's own parser.
    var payload: [(String, String)] = []
    if let idsStart = line.range(of: "\"ids\":") {
      guard let fields = JSONFields.members(of: String(line[idsStart.upperBound...])) else { return nil }
      payload = fields
    }
    self.init(sequence: sequence, time: time, actor: actor, runId: object["run"] as? String, kind: kind, payload: payload,
              subjectDigest: object["subject"] as? String, previousHash: previous, hash: hash)
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

/// The chain's last event, printed by every run and by `tamis audit head`: kept outside the
/// store (a CI log, the DPO's register), it proves later that nothing up to it was rewritten.
public struct AuditHead: Hashable, Sendable, CustomStringConvertible {
  public var sequence: Int
  public var hash: String

  public init(sequence: Int, hash: String) {
    self.sequence = sequence
    self.hash = hash
  }

  /// Parses `SEQ:HASH`. - Throws: `AuditError.malformedHead`.
  public init(parsing text: String) throws(AuditError) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let sequence = Int(parts[0]), sequence >= 0, parts[1].count == 64,
          parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { throw AuditError.malformedHead(text) }
    self.init(sequence: sequence, hash: String(parts[1]))
  }

  public var description: String { "\(sequence):\(hash)" }
}
