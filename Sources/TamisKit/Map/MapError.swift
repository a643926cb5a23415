/// Why a mapping cannot be applied to a file. Problems in the mapping file's YAML itself are
/// ``RulesError``s.
public enum MapError: LocatedError, Equatable {
  /// The mapping sends a column to a field Tamis does not know.
  case unknownField(Locator, name: String)

  public var locator: Locator {
    switch self {
    case .unknownField(let at, _): at
    }
  }

  public var message: String {
    switch self {
    case .unknownField(_, let name):
      "unknown field '\(name)'; use one of: \(ContactField.allCases.map(\.rawValue).joined(separator: ", ")), ignore, or declare it under custom:"
    }
  }
}
