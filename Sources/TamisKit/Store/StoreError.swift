/// Why the referential store cannot be used.
public enum StoreError: LocatedError, Equatable {
  case cannotOpen(Locator, reason: String)
  /// The store was written by a newer Tamis (a migration this one does not know).
  case newerSchema(Locator, migration: String)
  /// A golden record id the store does not hold.
  case unknownGolden(Locator, id: String)
  /// The database failed while reading or writing.
  case database(Locator, reason: String)
  /// Another writer holds the store (see ``StoreLock``).
  case busy(Locator, holder: String, waited: Double)
  /// No golden record holds the person a command names (`what` names the kind of value, never the value).
  case personNotFound(Locator, what: String)

  public var locator: Locator {
    switch self {
    case .cannotOpen(let at, _), .newerSchema(let at, _), .unknownGolden(let at, _), .database(let at, _), .busy(let at, _, _),
         .personNotFound(let at, _): at
    }
  }

  public var message: String {
    switch self {
    case .cannotOpen(_, let reason): "cannot open the store: \(reason); check the path and that no other tamis holds it"
    case .newerSchema(_, let migration): "the store has migration '\(migration)', written by a newer Tamis; upgrade Tamis"
    case .unknownGolden(_, let id): "no golden record '\(id)' in the store; see out/referential.csv for the ids"
    case .database(_, let reason): "the store failed: \(reason); nothing of this run was written"
    case .personNotFound(_, let what): "no golden record holds \(what); nothing was changed. Check it with `tamis show` or out/clusters.csv"
    case .busy(_, let holder, let waited):
      (waited > 0 ? "still held after \(Int(waited)) s by " : "") + "\(holder), which is writing the store; "
        + "nothing was read or written. Wait for it with --wait SECONDS, or run again when it has finished"
    }
  }
}
