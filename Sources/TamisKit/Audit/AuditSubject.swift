import Foundation
import Crypto

/// The identifying part of an audit event or entry (source record ids, keyed hashes of content),
/// kept beside the chain rather than in it. The chain commits to SHA-256(salt ‖ anchor ‖ 0 ‖
/// payload): a random salt per subject, stored with the payload and destroyed with it, so the
/// digest left after an erasure cannot be matched by hashing every candidate id, and the anchor
/// ("event:12", "entry:40#3") binds a payload to its place, so a moved one is found.
public struct AuditSubject: Hashable, Sendable {
  public static let saltLength = 16

  public let salt: [UInt8]
  /// The payload as a JSON object, keys in the order given.
  public let payload: String
  /// Hex SHA-256 of salt, anchor and payload.
  public let digest: String

  public init(salt: [UInt8], anchor: String, payload: String) {
    self.salt = salt
    self.payload = payload
    digest = AuditSubject.digest(salt: salt, anchor: anchor, payload: payload)
  }

  /// Seals `fields` with a fresh salt.
  public init(_ fields: [(String, String)], anchor: String) {
    self.init(salt: KeyedHasher.randomBytes(AuditSubject.saltLength), anchor: anchor, payload: AuditSubject.render(fields))
  }

  public static func digest(salt: [UInt8], anchor: String, payload: String) -> String {
    var hasher = SHA256()
    hasher.update(data: salt)
    hasher.update(data: Array(anchor.utf8))
    hasher.update(data: [0])
    hasher.update(data: Array(payload.utf8))
    return FileDigest.hex(Array(hasher.finalize()))
  }

  public static func render(_ fields: [(String, String)]) -> String {
    var json = JSONText(capacity: 128)
    json.beginObject()
    for (key, value) in fields { json.string(key, value) }
    json.endObject()
    return json.text
  }

  /// Every key and value of a payload ``render(_:)`` wrote, unescaped: what an erasure looks a
  /// person's references up in. A payload without a backslash is split on its quotes; one with an
  /// escaped character is parsed as JSON.
  public static func strings(inPayload payload: String) -> [String] {
    guard payload.utf8.contains(UInt8(ascii: "\\")) else {
      return payload.split(separator: "\"", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
    guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else { return [] }
    return object.flatMap { key, value in [key] + ((value as? String).map { [$0] } ?? []) }
  }

  /// The anchor of a chain event's subject.
  public static func anchor(event sequence: Int) -> String { "event:\(sequence)" }
  /// The anchor of a run entry's subject: the committing event and the entry's position.
  public static func anchor(entry position: Int, of sequence: Int) -> String { "entry:\(sequence)#\(position)" }
}

/// A subject as the store holds it: the payload and its salt until an erasure removes both,
/// leaving the sequence number of the `redacted` event that did it.
public struct StoredSubject: Hashable, Sendable {
  public var salt: [UInt8]?
  public var payload: String?
  public var redactedBy: Int?

  public init(salt: [UInt8]?, payload: String?, redactedBy: Int?) {
    self.salt = salt
    self.payload = payload
    self.redactedBy = redactedBy
  }

  public var isRedacted: Bool { payload == nil }
}
