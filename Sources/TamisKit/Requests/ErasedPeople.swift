/// The people erased at their request, as the keyed hashes of their suppression entries: a run
/// quarantines a record of one of them (`SUPPRESSED`) instead of re-creating them.
public struct ErasedPeople: Sendable {
  let hashes: Set<String>
  let hasher: KeyedHasher

  public init(store: ReferentialStore) throws {
    hasher = try store.hasher("suppression_hmac")
    hashes = try store.erasureSuppressions()
  }

  /// Whether a record's email, phone, or name and birth date is an erased person's.
  /// - Complexity: free when no one was erased; else a keyed hash per email, phone and identity.
  public func contains(_ record: MatchRecord) -> Bool {
    guard !hashes.isEmpty else { return false }
    let values = record.emails.map { "email:" + $0 } + record.phones.map { "phone:" + $0 } + [Suppression.identity(record)].compactMap { $0 }
    return values.contains { hashes.contains(hasher.hash($0)) }
  }
}
