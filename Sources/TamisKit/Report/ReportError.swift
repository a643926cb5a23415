/// Why a report or export cannot be written.
public enum ReportError: LocatedError, Equatable {
  case cannotWrite(Locator, reason: String)

  public var locator: Locator {
    switch self {
    case .cannotWrite(let at, _): at
    }
  }

  public var message: String {
    switch self {
    case .cannotWrite(_, let reason): "cannot write: \(reason); check that the folder exists and is writable"
    }
  }
}
