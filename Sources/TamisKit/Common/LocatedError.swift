/// An error that stops a stage, with the place that caused it and a message saying what to do.
///
/// Each stage has one enum conforming to it (`ReadError`, `MapError`, …); the CLI prints
/// `locator: error: message` and exits 2.
public protocol LocatedError: Error, CustomStringConvertible {
  var locator: Locator { get }
  var message: String { get }
}

extension LocatedError {
  public var description: String { "\(locator): error: \(message)" }
}
