/// The kinds of request a person may make (RGPD art. 15–21).
public enum RequestType: String, CaseIterable, Hashable, Sendable, Codable {
  case access, erasure, objection, rectification
}

/// One request in the register, with its legal deadline: one month from receipt, extendable once
/// by two further months when the person was told so within the first month (RGPD art. 12(3)).
public struct DataSubjectRequest: Hashable, Sendable {
  public enum Status: String, Hashable, Sendable, Codable { case open, done, closed }

  public var reference: String
  public var type: RequestType
  public var received: CivilDate
  /// When the person was told of an extension, and why.
  public var notified: CivilDate?
  public var extensionReason: String?
  public var status: Status
  /// The day the command that satisfies it ran, or it was closed.
  public var completed: CivilDate?

  public init(reference: String, type: RequestType, received: CivilDate, notified: CivilDate? = nil, extensionReason: String? = nil,
              status: Status = .open, completed: CivilDate? = nil) {
    self.reference = reference
    self.type = type
    self.received = received
    self.notified = notified
    self.extensionReason = extensionReason
    self.status = status
    self.completed = completed
  }

  /// Calendar months from a day: the same day, or the month's last day when it has none
  /// (31 January + 1 month = 28 or 29 February).
  public static func monthsAfter(_ day: CivilDate, _ months: Int) -> CivilDate { day.adding(months: months) }

  /// One month from receipt, or three once extended.
  public var due: CivilDate { DataSubjectRequest.monthsAfter(received, notified == nil ? 1 : 3) }

  /// Open and past its deadline on `day`.
  public func isLate(on day: CivilDate) -> Bool { status == .open && due < day }

  /// Whether an extension told on `day` is allowed: once, and within the first month.
  public func canExtend(notifiedOn day: CivilDate) -> Bool {
    notified == nil && status == .open && day >= received && day <= DataSubjectRequest.monthsAfter(received, 1)
  }
}
