/// Why a merge or a split cannot be done.
public enum MergeError: LocatedError, Equatable {
  /// A golden record has no member left to build it from.
  case noMembers(Locator, golden: String)

  public var locator: Locator {
    switch self { case .noMembers(let at, _): at }
  }

  public var message: String {
    switch self {
    case .noMembers(_, let golden): "golden record \(golden) has no source record left to build it from; run `tamis audit show --golden \(golden)`"
    }
  }
}
