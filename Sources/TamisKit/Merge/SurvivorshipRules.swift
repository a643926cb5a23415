/// How a golden record's field is chosen among its source records' values.
public enum SurvivorshipRule: String, CaseIterable, Hashable, Sendable, Codable {
  /// The value of the most recently updated source record (updated_at, else created_at).
  case mostRecent = "most_recent"
  /// The value from the most trusted source (`source_priority`).
  case mostTrusted = "most_trusted"
  /// The value most source records agree on.
  case mostFrequent = "most_frequent"
  /// The longest value (the most complete street line).
  case longest
  /// Every distinct value (emails, phones).
  case union
}

/// Survivorship configuration from `rules/survivorship.yml`.
public struct SurvivorshipRules: Hashable, Sendable {
  /// Sources from most to least trusted; unlisted sources come after, by name.
  public var sourcePriority: [String] = []
  public var defaultRule: SurvivorshipRule = .mostRecent
  public var fields: [ContactField: SurvivorshipRule] = [
    .email: .union, .phone: .union, .mobile: .union, .landline: .union, .firstName: .mostFrequent, .birthDate: .mostFrequent,
  ]
  public var file: String?

  public init() {}

  /// The address fields move together: street, postal code, city and country come from the
  /// one source record chosen for the street, so that a golden address is never a mix of two.
  public static let addressFields: [ContactField] = [.street, .postalCode, .city, .country]

  public func rule(for field: ContactField) -> SurvivorshipRule { fields[field] ?? defaultRule }

  /// - Throws: `RulesError`, `ValidateError.unknownField`.
  public static func load(_ path: String) throws -> SurvivorshipRules {
    let root = try RulesNode.load(path)
    try root.allowKeys(["version", "source_priority", "default", "fields"])
    var rules = SurvivorshipRules()
    rules.file = path
    rules.sourcePriority = try root["source_priority"]?.strings() ?? []
    if let rule = root["default"] { rules.defaultRule = try rule.choice(SurvivorshipRule.self) }
    for (name, rule) in try root["fields"]?.entries() ?? [] {
      guard let field = ContactField(rawValue: name) else { throw ValidateError.unknownField(rule.locator, name: name) }
      rules.fields[field] = try rule.choice(SurvivorshipRule.self)
    }
    return rules
  }
}
