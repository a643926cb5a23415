/// Why a consent command cannot go on. Problems in a file of consent events are ``Issue``s (the
/// event is quarantined), not errors.
public enum ConsentError: LocatedError, Equatable {
  /// `rules/consent.yml` names a channel Tamis does not know.
  case unknownChannel(Locator, name: String)
  /// A purpose given on the command line is not in `rules/consent.yml`.
  case unknownPurpose(Locator, name: String, known: [String])
  /// A value on the command line cannot be read (an email, a phone, a date).
  case badValue(Locator, what: String, value: String)

  public var locator: Locator {
    switch self {
    case .unknownChannel(let at, _), .unknownPurpose(let at, _, _), .badValue(let at, _, _): at
    }
  }

  public var message: String {
    switch self {
    case .unknownChannel(_, let name): "unknown channel '\(name)'; use one of: \(ContactChannel.allCases.map(\.rawValue).joined(separator: ", "))"
    case .unknownPurpose(_, let name, let known): "unknown purpose '\(name)'; rules/consent.yml lists: \(known.joined(separator: ", "))"
    case .badValue(_, let what, let value): "cannot read '\(value)' as \(what)"
    }
  }
}
