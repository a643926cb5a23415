/// Why matching cannot run: a bad matching rules file, or a record reference that does not exist.
public enum MatchError: LocatedError, Equatable {
  /// A comparison kind Tamis does not know.
  case unknownComparison(Locator, kind: String)
  /// A blocking rule names a key Tamis does not build.
  case unknownBlockingKey(Locator, key: String)
  /// `explain` or `review` named a record the store does not hold.
  case unknownRecord(Locator, reference: String)

  public var locator: Locator {
    switch self {
    case .unknownComparison(let at, _), .unknownBlockingKey(let at, _), .unknownRecord(let at, _): at
    }
  }

  public var message: String {
    switch self {
    case .unknownComparison(_, let kind):
      "unknown comparison kind '\(kind)'; use one of: \(ComparisonKind.allCases.map(\.rawValue).joined(separator: ", "))"
    case .unknownBlockingKey(_, let key):
      "unknown blocking key '\(key)'; use one of: \(BlockingKey.allCases.map(\.rawValue).joined(separator: ", "))"
    case .unknownRecord(_, let reference):
      "no source record '\(reference)' in the store; name it as source:record_id (see out/clusters.csv)"
    }
  }
}
