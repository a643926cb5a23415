import Foundation

/// The rules a feed must pass, from `rules/validation.yml`: severities per issue code,
/// identifying field sets, required fields, per-field checks and thresholds on rates.
public struct ValidationRules: Hashable, Sendable {
  /// A check on one field's normalised values.
  public struct FieldRule: Hashable, Sendable {
    public var allowed: [String]?
    public var pattern: String?
    public var maxLength: Int?
    public var severity: Severity = .warning
  }

  /// A limit on how often an issue may occur in a feed (the share of records having it).
  public struct Threshold: Hashable, Sendable {
    /// An issue code, or `QUARANTINED` for the share of records quarantined.
    public var code: String
    public var maxRate: Double
    /// Count the rate among records that have this field (emails among records with an email).
    public var among: ContactField?
    /// Below this many records (in the base of the rate) the threshold is not judged: a rate
    /// over a handful of records says nothing about the feed. A `QUARANTINED` threshold is
    /// judged anyway when every record was quarantined (nothing of the feed can be loaded).
    public var minRecords: Int = 0
    public var locator: Locator
  }

  /// Which findings make the feed fail (exit 1).
  public enum FailOn: String, Hashable, Sendable, CaseIterable {
    /// Only findings about files and the whole feed: an unreadable or refused file, a threshold
    /// exceeded. A quarantined record alone does not fail the feed (the QUARANTINED threshold does).
    case feed
    /// Any error-level finding, a quarantined record included.
    case error
    /// Any warning or error.
    case warning
    /// Never: report only.
    case never
  }

  public var file: String?
  public var failOn: FailOn = .feed
  public var severities: [String: Severity] = [:]
  /// A record needs every field of at least one set, else it is quarantined (RECORD_UNIDENTIFIABLE).
  public var identifying: [[ContactField]] = [[.email], [.phone], [.lastName, .firstName], [.lastName, .postalCode],
                                              [.firstName, .birthDate, .postalCode], [.firstName, .birthDate, .street]]
  public var required: [ContactField] = []
  public var fields: [ContactField: FieldRule] = [:]
  public var thresholds: [Threshold] = []

  public init() {}

  /// - Throws: `RulesError`, `ValidateError`.
  public static func load(_ path: String) throws -> ValidationRules {
    let root = try RulesNode.load(path)
    try root.allowKeys(["version", "fail_on", "severities", "identifying", "required", "fields", "thresholds"])
    var rules = ValidationRules()
    rules.file = path
    if let version = root["version"], try version.int() != 1 {
      throw RulesError.badValue(version.locator, expected: "version 1")
    }
    if let failOn = root["fail_on"] { rules.failOn = try failOn.choice(FailOn.self) }
    for (code, severity) in try root["severities"]?.entries() ?? [] {
      guard IssueCatalogue.codes[code] != nil else { throw ValidateError.unknownCode(severity.locator, code: code) }
      rules.severities[code] = try severity.choice(Severity.self)
    }
    if let identifying = root["identifying"] {
      rules.identifying = try identifying.array().map { set in try set.array().map { try field($0) } }
    }
    rules.required = try root["required"]?.array().map { try field($0) } ?? []
    for (name, spec) in try root["fields"]?.entries() ?? [] {
      guard let contactField = ContactField(rawValue: name) else {
        throw ValidateError.unknownField(spec.locator, name: name)
      }
      try spec.allowKeys(["allowed", "pattern", "max_length", "severity"])
      var rule = FieldRule()
      rule.allowed = try spec["allowed"]?.strings()
      if let pattern = spec["pattern"] {
        let text = try pattern.string()
        guard (try? NSRegularExpression(pattern: text)) != nil else {
          throw RulesError.badValue(pattern.locator, expected: "a valid regular expression")
        }
        rule.pattern = text
      }
      rule.maxLength = try spec["max_length"]?.int()
      if let severity = spec["severity"] { rule.severity = try severity.choice(Severity.self) }
      rules.fields[contactField] = rule
    }
    for item in try root["thresholds"]?.array() ?? [] {
      try item.allowKeys(["code", "max_rate", "among", "min_records"])
      let code = try item.required("code").string()
      guard code == "QUARANTINED" || IssueCatalogue.codes[code] != nil else {
        throw ValidateError.unknownCode(item.locator, code: code)
      }
      let rateNode = try item.required("max_rate")
      let rate = try rateNode.double()
      guard (0...1).contains(rate) else { throw RulesError.badValue(rateNode.locator, expected: "a rate between 0 and 1 (0.02 for 2 %)") }
      let among = try item["among"].map { try field($0) }
      let minRecords = try item["min_records"]?.int() ?? 0
      rules.thresholds.append(Threshold(code: code, maxRate: rate, among: among, minRecords: minRecords, locator: item.locator))
    }
    return rules
  }

  private static func field(_ node: RulesNode) throws -> ContactField {
    let name = try node.string()
    guard let field = ContactField(rawValue: name) else { throw ValidateError.unknownField(node.locator, name: name) }
    return field
  }

  /// The severity of `code` under these rules.
  public func severity(of code: String, default given: Severity) -> Severity {
    severities[code] ?? given
  }
}
