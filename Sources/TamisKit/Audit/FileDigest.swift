import Crypto
import Foundation

/// SHA-256 digests: of input files (recorded in the audit log's run events, so that a run can be
/// tied to exactly the exports it read) and of normalised records (to tell a changed record).
public enum FileDigest {
  /// The hex SHA-256 of a file, read in chunks.
  public static func sha256(path: String) -> String? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    var hasher = SHA256()
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
    return hex(Array(hasher.finalize()))
  }

  public static func sha256(_ bytes: [UInt8]) -> String { hex(Array(SHA256.hash(data: bytes))) }

  private static let digits = Array("0123456789abcdef".utf8)

  /// Lower-case hexadecimal of `bytes`.
  public static func hex(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
