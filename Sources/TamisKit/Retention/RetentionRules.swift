/// A golden record's reference date a retention rule counts from.
public enum ReferenceDate: String, CaseIterable, Hashable, Sendable {
  /// The last contact that came from the person (a reply, a click, a request).
  case lastContact = "last_contact"
  /// The last purchase: the end of the commercial relationship, as far as the exports tell.
  case lastPurchase = "last_purchase"
  /// The earliest creation among the person's records: when they were collected.
  case created
  /// The last consent the person gave, from the consent ledger: a renewed consent restarts the period.
  case lastConsent = "last_consent"
  /// The last time one of the person's records was in an export.
  case lastSeen = "last_seen"
}

/// What a rule does to a person past due.
public enum RetentionAction: String, CaseIterable, Hashable, Sendable {
  /// Through the erasure path, with no suppression entry (the person did not object).
  case erase
  /// Listed for a person to decide.
  case review
}

/// How long: a number of years, months or days (`3y`, `18m`, `90d`).
public struct RetentionPeriod: Hashable, Sendable, CustomStringConvertible {
  public var years = 0
  public var months = 0
  public var days = 0

  public init(years: Int = 0, months: Int = 0, days: Int = 0) {
    (self.years, self.months, self.days) = (years, months, days)
  }

  /// - Returns: nil when unreadable or not above zero.
  public init?(_ text: String) {
    guard let unit = text.last, let value = Int(text.dropLast()), (1...1000).contains(value) else { return nil }
    switch unit {
    case "y": years = value
    case "m": months = value
    case "d": days = value
    default: return nil
    }
  }

  /// `3 years`, `18 months`, `90 days`.
  public var description: String {
    [(years, "year"), (months, "month"), (days, "day")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
      .joined(separator: " ")
  }

  public func after(_ day: CivilDate) -> CivilDate { day.adding(years: years, months: months, days: days) }
}

/// The retention rules of `rules/retention.yml`: per customer status, how long a golden record is
/// kept from which reference date, and what happens then (RGPD art. 5(1)(e), storage limitation).
public struct RetentionRules: Sendable {
  public struct Rule: Hashable, Sendable {
    public var name: String
    /// The customer statuses it applies to (`customer`, `prospect`, `former_customer`, or `none`
    /// for a golden record without one); empty: any.
    public var statuses: [String]
    /// The dates it counts from; the latest a golden record has wins (a contact after the
    /// collection restarts the period).
    public var from: [ReferenceDate]
    public var keep: RetentionPeriod
    public var action: RetentionAction

    /// Which date counted, its day and the day the rule acts; nil when the golden record has none
    /// of the rule's dates (or none readable).
    public func due(_ dates: [ReferenceDate: String]) -> (from: ReferenceDate, reference: CivilDate, due: CivilDate)? {
      var latest: (from: ReferenceDate, reference: CivilDate)?
      for date in from {
        if let day = dates[date].flatMap(CivilDate.init(iso:)), latest.map({ day > $0.reference }) ?? true { latest = (date, day) }
      }
      return latest.map { ($0.from, $0.reference, keep.after($0.reference)) }
    }
  }

  /// The statuses Tamis's normalisation gives, and `none`.
  public static let knownStatuses = ["customer", "prospect", "former_customer", "none"]

  public var rules: [Rule]
  public var file: String?

  /// The CNIL defaults (délibération n° 2021-131), as `rules/retention.yml` ships them.
  public static let defaults = RetentionRules(rules: [
    Rule(name: "prospects", statuses: ["prospect", "none"], from: [.lastContact, .lastPurchase, .created, .lastConsent], keep: RetentionPeriod(years: 3),
         action: .erase),
    Rule(name: "customers", statuses: ["customer", "former_customer"], from: [.lastPurchase, .lastContact, .lastConsent], keep: RetentionPeriod(years: 3),
         action: .erase),
  ])

  /// The first rule for a golden record's status.
  public func rule(for status: String?) -> Rule? {
    let status = (status?.isEmpty ?? true) ? "none" : status ?? "none"
    return rules.first { $0.statuses.isEmpty || $0.statuses.contains(status) }
  }

  /// - Throws: `RulesError` (`file:line:column`), before anything is touched.
  public static func load(_ path: String) throws -> RetentionRules {
    let root = try RulesNode.load(path)
    try root.allowKeys(["version", "rules"])
    var result = RetentionRules(rules: [], file: path)
    for node in try root.required("rules").array() {
      try node.allowKeys(["name", "status", "from", "keep", "action"])
      var statuses: [String] = []
      for status in try node["status"]?.array() ?? [] {
        guard knownStatuses.contains(try status.string()) else {
          throw RulesError.badValue(status.locator, expected: "a customer status among \(knownStatuses.joined(separator: ", "))")
        }
        statuses.append(try status.string())
      }
      let nameNode = try node.required("name")
      let name = try nameNode.string()
      if result.rules.contains(where: { $0.name == name }) { throw RulesError.badValue(nameNode.locator, expected: "a name no other rule has") }
      let keepNode = try node.required("keep")
      guard let keep = RetentionPeriod(try keepNode.string()) else {
        throw RulesError.badValue(keepNode.locator, expected: "a period from 1 to 1000 years, months or days: 3y, 18m or 90d")
      }
      let from = try node.required("from").array().map { try $0.choice(ReferenceDate.self) }
      if from.isEmpty { throw RulesError.badValue(try node.required("from").locator, expected: "one reference date or a list of them") }
      result.rules.append(Rule(name: name, statuses: statuses, from: from, keep: keep,
                               action: try node["action"]?.choice(RetentionAction.self) ?? .review))
    }
    return result
  }
}
