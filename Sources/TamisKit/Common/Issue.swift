/// How serious an issue is. Records with an `error` go to quarantine; warnings are reported.
public enum Severity: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
  case info, warning, error

  private var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    }
  }
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A problem found in one record (or one feed), kept as data: the record goes on, or to
/// quarantine, with every issue it collected. Issues are never thrown.
///
/// Messages never carry a raw name, email or phone: the locator says where to look.
public struct Issue: Hashable, Sendable, Codable {
  /// Stable upper-case code (`EMAIL_INVALID`), listed in the README; tests assert it.
  public var code: String
  public var severity: Severity
  public var locator: Locator
  public var message: String

  public init(_ code: String, _ severity: Severity, at locator: Locator, _ message: String) {
    self.code = code
    self.severity = severity
    self.locator = locator
    self.message = message
  }
}

extension Issue: CustomStringConvertible {
  /// `file:line: warning: message [CODE]`, the form compilers and CI annotations use.
  public var description: String { "\(locator): \(severity.rawValue): \(message) [\(code)]" }
}
