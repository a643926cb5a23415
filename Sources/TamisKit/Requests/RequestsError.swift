/// Why a request command cannot be done; nothing is changed.
public enum RequestsError: LocatedError, Equatable {
  case unknownRequest(Locator, reference: String)
  /// The reference is already used for another person (or another kind of request).
  case referenceInUse(Locator, reference: String)
  case cannotExtend(Locator, reference: String, reason: String)
  /// The request was made for another kind of action than the command's.
  case wrongType(Locator, reference: String, type: String, expected: String)
  case notOpen(Locator, reference: String, status: String)

  public var locator: Locator {
    switch self {
    case .unknownRequest(let at, _), .referenceInUse(let at, _), .cannotExtend(let at, _, _), .wrongType(let at, _, _, _), .notOpen(let at, _, _): at
    }
  }

  public var message: String {
    switch self {
    case .unknownRequest(_, let reference): "no request \(reference) in the register; add it with `tamis requests add`"
    case .referenceInUse(_, let reference): "the request \(reference) is registered for another person or kind of request; use another reference"
    case .cannotExtend(_, let reference, let reason): "request \(reference) cannot be extended: \(reason)"
    case .wrongType(_, let reference, let type, let expected): "request \(reference) is an \(type) request, not an \(expected) request"
    case .notOpen(_, let reference, let status): "request \(reference) is \(status)"
    }
  }
}
