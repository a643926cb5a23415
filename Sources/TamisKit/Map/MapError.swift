/// Why a mapping cannot be applied to a file. Problems in the mapping file's YAML itself are
/// ``RulesError``s.
public enum MapError: LocatedError, Equatable {
  /// The mapping names a source column the file does not have.
  case unknownColumn(Locator, column: String, known: [String])
  /// The mapping sends a column to a field Tamis does not know.
  case unknownField(Locator, name: String)
  /// A `--mapping` file was given for several files, or matched none of them.
  case noMatchingFile(Locator, pattern: String)

  public var locator: Locator {
    switch self {
    case .unknownColumn(let at, _, _), .unknownField(let at, _), .noMatchingFile(let at, _): at
    }
  }

  public var message: String {
    switch self {
    case .unknownColumn(_, let column, let known):
      "the mapping names the column '\(column)', which the file does not have; its columns are: \(known.joined(separator: ", "))"
    case .unknownField(_, let name):
      "unknown field '\(name)'; use one of: \(ContactField.allCases.map(\.rawValue).joined(separator: ", ")), ignore, or declare it under custom:"
    case .noMatchingFile(_, let pattern):
      "no input file matches '\(pattern)'"
    }
  }
}
