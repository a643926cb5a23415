/// Why a validation rules file cannot be used. Problems in the data are ``Issue``s, not errors.
public enum ValidateError: LocatedError, Equatable {
  /// A rule names a field that a contact does not have.
  case unknownField(Locator, name: String)
  /// A rule names an issue code Tamis never emits (often a typo).
  case unknownCode(Locator, code: String)

  public var locator: Locator {
    switch self {
    case .unknownField(let at, _), .unknownCode(let at, _): at
    }
  }

  public var message: String {
    switch self {
    case .unknownField(_, let name):
      "unknown field '\(name)'; use one of: \(ContactField.allCases.map(\.rawValue).joined(separator: ", "))"
    case .unknownCode(_, let code):
      "unknown issue code '\(code)'; the codes are listed in the README (e.g. EMAIL_INVALID, PHONE_INVALID)"
    }
  }
}
