import Crypto
import Foundation

/// Keyed hashes (HMAC-SHA256) of identifying values: an auditor can check that a hash concerns a
/// given person only with the key, and the store keeps one key per use (audit, model, suppression
/// list) so that hashes made for one purpose cannot be joined with another's.
public struct KeyedHasher: Sendable {
  /// Keyed once; each hash continues from a copy.
  private let keyed: HMAC<SHA256>

  public init(secret: [UInt8]) { keyed = HMAC<SHA256>(key: SymmetricKey(data: secret)) }

  public func hash(_ value: String) -> String {
    var mac = keyed
    mac.update(data: Array(value.utf8))
    return FileDigest.hex(Array(mac.finalize()))
  }

  /// The keyed hash of `prefix` followed by `value`, as bytes: what ``hash(_:)`` gives for
  /// `prefix + value`, without building either string.
  public func digest(_ prefix: StaticString, _ value: String) -> Digest256 {
    var mac = keyed
    mac.update(data: UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
    var text = value
    text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
    return mac.finalize().withUnsafeBytes { Digest256(bytes: $0) }
  }

  /// 32 random bytes for a new key.
  public static func newSecret() -> [UInt8] { randomBytes(32) }

  /// `count` bytes from the system's cryptographic generator.
  static func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: count)
    var offset = 0
    while offset < count {
      let word = generator.next()
      for k in 0..<min(8, count - offset) { bytes[offset + k] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(k))) }
      offset += 8
    }
    return bytes
  }
}
