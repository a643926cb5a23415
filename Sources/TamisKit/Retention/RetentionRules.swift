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
  /// The end of the person's contract (`contract_end_at`), the latest among their records.
  case endOfContract = "end_of_contract"
}

/// What a rule does to a person past due.
public enum RetentionAction: String, CaseIterable, Hashable, Sendable {
  /// Through the erasure path; a suppression entry only when the rule says `suppress: true`.
  case erase
  /// Erased as above, leaving one statistics row that names no one (status, country, département,
  /// birth decade, years of creation and last purchase).
  case anonymise
  /// Intermediate archiving: kept apart, out of every export and contactable list, for
  /// `archive_for`, then erased.
  case archive
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
    /// The source systems it applies to: a golden record all of whose source records come from
    /// them (a person also known elsewhere falls to a later rule); empty: any.
    public var sources: [String] = []
    /// The dates it counts from; the latest a golden record has wins (a contact after the
    /// collection restarts the period).
    public var from: [ReferenceDate]
    public var keep: RetentionPeriod
    public var action: RetentionAction
    /// How long an archived person is kept apart before being erased (`archive` only).
    public var archiveFor: RetentionPeriod?
    /// Whether erasing leaves a suppression entry, so that a later import does not re-create them.
    public var suppress = false
    /// For a rule per field: the fields it takes out of the person's records when due (`erase`) or
    /// lists (`review`); the person stays. Empty: the rule is about the whole person.
    public var fields: [ContactField] = []

    public init(name: String, statuses: [String], sources: [String] = [], from: [ReferenceDate],
                keep: RetentionPeriod, action: RetentionAction, archiveFor: RetentionPeriod? = nil, suppress: Bool = false,
                fields: [ContactField] = []) {
      (self.name, self.statuses, self.sources, self.from) = (name, statuses, sources, from)
      (self.keep, self.action, self.archiveFor, self.suppress, self.fields) = (keep, action, archiveFor, suppress, fields)
    }

    /// Whether it covers a golden record of this status whose source records come from `sources`.
    public func covers(status: String, sources recordSources: [String]) -> Bool {
      (statuses.isEmpty || statuses.contains(status)) && (sources.isEmpty || recordSources.allSatisfy(sources.contains))
    }

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

  /// The fields a rule per field may take out. Names, emails and phones identify the person and
  /// carry their consents; reference dates, status and opt-ins are what the rules and the ledger
  /// count from: those go with the person, by a rule about the whole person.
  public static let fieldsForRulesPerField: [ContactField] = [.civility, .birthDate, .company, .jobTitle, .street, .postalCode, .city, .country]

  public var rules: [Rule]
  public var file: String?

  /// The CNIL defaults (délibération n° 2021-131), as `rules/retention.yml` ships them.
  public static let defaults = RetentionRules(rules: [
    Rule(name: "prospects", statuses: ["prospect", "none"], from: [.lastContact, .lastPurchase, .created, .lastConsent], keep: RetentionPeriod(years: 3),
         action: .erase),
    Rule(name: "customers", statuses: ["customer", "former_customer"], from: [.lastPurchase, .lastContact, .lastConsent], keep: RetentionPeriod(years: 3),
         action: .erase),
  ])

  /// The first rule about the whole person for a golden record's status and source systems.
  public func rule(for status: String?, sources: [String] = []) -> Rule? {
    rules.first { $0.fields.isEmpty && $0.covers(status: Self.status(status), sources: sources) }
  }

  /// Every rule per field for a golden record's status and source systems: each applies on its own.
  public func fieldRules(for status: String?, sources: [String] = []) -> [Rule] {
    rules.filter { !$0.fields.isEmpty && $0.covers(status: Self.status(status), sources: sources) }
  }

  /// A golden record's customer status as rules name it: `none` when it has none.
  private static func status(_ status: String?) -> String { status.flatMap { $0.isEmpty ? nil : $0 } ?? "none" }

  /// Whether a rule names source systems: the report then reads each golden record's.
  public var usesSources: Bool { rules.contains { !$0.sources.isEmpty } }

  /// - Throws: `RulesError` (`file:line:column`), before anything is touched.
  public static func load(_ path: String) throws -> RetentionRules {
    let root = try RulesNode.load(path)
    try root.allowKeys(["version", "rules"])
    var result = RetentionRules(rules: [], file: path)
    for node in try root.required("rules").array() {
      let rule = try Self.rule(node)
      if result.rules.contains(where: { $0.name == rule.name }) {
        throw RulesError.badValue(try node.required("name").locator, expected: "a name no other rule has")
      }
      result.rules.append(rule)
    }
    return result
  }

  /// One rule of the file, each key checked against the others (`archive_for` with `archive` only, …).
  static func rule(_ node: RulesNode) throws -> Rule {
    try node.allowKeys(["name", "status", "source", "from", "keep", "action", "archive_for", "suppress", "fields"])
    var statuses: [String] = []
    for status in try node["status"]?.array() ?? [] {
      guard knownStatuses.contains(try status.string()) else {
        throw RulesError.badValue(status.locator, expected: "a customer status among \(knownStatuses.joined(separator: ", "))")
      }
      statuses.append(try status.string())
    }
    var sources: [String] = []
    for source in try node["source"]?.array() ?? [] {
      guard !(try source.string()).isEmpty else { throw RulesError.badValue(source.locator, expected: "a source system's name") }
      sources.append(try source.string())
    }
    let keepNode = try node.required("keep")
    let period = "a period from 1 to 1000 years, months or days: 3y, 18m or 90d"
    guard let keep = RetentionPeriod(try keepNode.string()) else { throw RulesError.badValue(keepNode.locator, expected: period) }
    let fromNode = try node.required("from")
    let from = try fromNode.array().map { try $0.choice(ReferenceDate.self) }
    if from.isEmpty { throw RulesError.badValue(fromNode.locator, expected: "one reference date or a list of them") }
    let action = try node["action"]?.choice(RetentionAction.self) ?? .review
    var archiveFor: RetentionPeriod?
    if let archiveNode = node["archive_for"] {
      guard action == .archive else { throw RulesError.badValue(archiveNode.locator, expected: "no archive_for unless the action is archive") }
      guard let value = RetentionPeriod(try archiveNode.string()) else { throw RulesError.badValue(archiveNode.locator, expected: period) }
      archiveFor = value
    } else if action == .archive {
      throw RulesError.badValue(try node.required("action").locator, expected: "archive with archive_for: how long (5y for contract proof)")
    }
    let suppress = try node["suppress"]?.bool() ?? false
    if suppress, ![.erase, .anonymise].contains(action), let suppressNode = node["suppress"] {
      throw RulesError.badValue(suppressNode.locator, expected: "suppress only on a rule that erases or anonymises")
    }
    let fields = try self.fields(node, action: action)
    return Rule(name: try node.required("name").string(), statuses: statuses, sources: sources, from: from,
                keep: keep, action: action, archiveFor: archiveFor, suppress: suppress, fields: fields)
  }

  /// A rule per field's `fields`: among ``fieldsForRulesPerField``, acting by `erase` or `review`, without a suppression entry.
  static func fields(_ node: RulesNode, action: RetentionAction) throws -> [ContactField] {
    guard let fieldsNode = node["fields"] else { return [] }
    var fields: [ContactField] = []
    let allowed = "a field among \(fieldsForRulesPerField.map(\.rawValue).joined(separator: ", ")) (names, emails and phones go with the person)"
    for item in try fieldsNode.array() {
      guard let field = ContactField(rawValue: try item.string()), fieldsForRulesPerField.contains(field) else {
        throw RulesError.badValue(item.locator, expected: allowed)
      }
      if !fields.contains(field) { fields.append(field) }
    }
    if fields.isEmpty { throw RulesError.badValue(fieldsNode.locator, expected: allowed) }
    if ![.erase, .review].contains(action) {
      throw RulesError.badValue(try node.required("action").locator, expected: "erase or review on a rule per field (the person stays)")
    }
    if let suppressNode = node["suppress"], try suppressNode.bool() {
      throw RulesError.badValue(suppressNode.locator, expected: "no suppress on a rule per field (the person stays)")
    }
    return fields
  }
}
