import Foundation

/// Matching configuration from `rules/matching.yml`: blocking rules, comparisons, the two
/// thresholds, vetoes and nicknames.
public struct MatchRules: Sendable {
  /// A rule that forbids a merge whatever the weights say: a disagreement that no amount of
  /// shared address, landline or surname can outweigh (family members, namesakes).
  public struct Veto: Hashable, Sendable, Codable {
    public var name: String
    /// Every `comparison: level` here must hold for the veto to apply.
    public var when: [String: String]
    /// …unless a comparison is at one of the levels listed for it here (a personal email or
    /// mobile in common, an identifier identical or a keying slip away).
    public var unless: [String: [String]]
  }

  public var blockingRules = BlockingRule.defaults
  /// Blocks with more records than this are not paired (a switchboard, "Martin" in Paris);
  /// other rules still find the true pairs in them.
  public var maxBlockSize = 100
  public var comparisons = Comparison.defaults
  /// Pairs at or above this probability merge.
  public var matchThreshold = 0.95
  /// Pairs between this and the match threshold go to review.
  public var reviewThreshold = 0.6
  public var vetoes: [Veto] = MatchRules.defaultVetoes
  /// Below this many candidate pairs the model keeps its priors: EM on a handful of pairs
  /// learns the handful, not the population.
  public var minimumTrainingPairs = 2000
  public var nicknames = Nicknames()
  public var file: String?

  public init() {}

  public static let defaultVetoes: [Veto] = [
    Veto(name: "different_birth_dates", when: ["birth_date": "different"], unless: ["email": ["exact"], "phone": ["exact"]]),
    Veto(name: "different_first_names", when: ["first_name": "different"], unless: ["email": ["exact"], "phone": ["exact"]]),
  ]

  /// - Throws: `RulesError`, `MatchError`.
  public static func load(_ path: String) throws -> MatchRules {
    let root = try RulesNode.load(path)
    try root.allowKeys(["version", "blocking_rules", "max_block_size", "comparisons", "thresholds", "vetoes", "nicknames", "minimum_training_pairs"])
    var rules = MatchRules()
    rules.file = path
    if let blocking = root["blocking_rules"] {
      rules.blockingRules = try blocking.array().map { node in
        try node.allowKeys(["name", "keys"])
        let keys = try node.required("keys").array().map { key -> BlockingKey in
          let name = try key.string()
          guard let value = BlockingKey(rawValue: name) else { throw MatchError.unknownBlockingKey(key.locator, key: name) }
          return value
        }
        return BlockingRule(name: try node.required("name").string(), keys: keys)
      }
    }
    if let size = root["max_block_size"] { rules.maxBlockSize = try size.int() }
    if let minimum = root["minimum_training_pairs"] { rules.minimumTrainingPairs = try minimum.int() }
    if let comparisons = root["comparisons"] {
      rules.comparisons = try comparisons.array().map { node in
        try node.allowKeys(["name", "kind", "thresholds", "term_frequency", "field"])
        let kindNode = try node.required("kind")
        let kindName = try kindNode.string()
        guard let kind = ComparisonKind(rawValue: kindName) else { throw MatchError.unknownComparison(kindNode.locator, kind: kindName) }
        var comparison = Comparison(name: try node["name"]?.string() ?? kindName, kind: kind)
        if let thresholds = node["thresholds"] {
          comparison.thresholds = try thresholds.array().map { try $0.double() }
          guard comparison.thresholds.count == 2, comparison.thresholds.allSatisfy({ (0...1).contains($0) }) else {
            throw RulesError.badValue(thresholds.locator, expected: "two Jaro-Winkler thresholds between 0 and 1, highest first")
          }
        }
        comparison.termFrequency = try node["term_frequency"]?.bool() ?? false
        comparison.field = try node["field"]?.string()
        if kind == .identifier && comparison.field == nil { throw RulesError.missingKey(node.locator, key: "field") }
        return comparison
      }
    }
    if let thresholds = root["thresholds"] {
      try thresholds.allowKeys(["match", "review"])
      rules.matchThreshold = try thresholds.required("match").double()
      rules.reviewThreshold = try thresholds.required("review").double()
      guard rules.reviewThreshold <= rules.matchThreshold, (0...1).contains(rules.reviewThreshold), (0...1).contains(rules.matchThreshold) else {
        throw RulesError.badValue(thresholds.locator, expected: "probabilities with review ≤ match")
      }
    }
    if let vetoes = root["vetoes"] {
      rules.vetoes = try vetoes.array().map { node in
        try node.allowKeys(["name", "when", "unless"])
        func conditions(_ key: String) throws -> [String: [String]] {
          var result: [String: [String]] = [:]
          for (name, levels) in try node[key]?.entries() ?? [] {
            guard let comparison = rules.comparisons.first(where: { $0.name == name }) else {
              throw RulesError.badValue(levels.locator, expected: "a comparison name: " + rules.comparisons.map(\.name).joined(separator: ", "))
            }
            let levelNames = try levels.strings()
            guard !levelNames.isEmpty, levelNames.allSatisfy(comparison.levels.contains), key == "unless" || levelNames.count == 1 else {
              throw RulesError.badValue(levels.locator, expected: (key == "unless" ? "levels" : "one level") + " of \(name): " + comparison.levels.joined(separator: ", "))
            }
            result[name] = levelNames
          }
          return result
        }
        return Veto(name: try node.required("name").string(), when: try conditions("when").mapValues { $0[0] }, unless: try conditions("unless"))
      }
    }
    if let nicknames = root["nicknames"] {
      rules.nicknames = Nicknames(groups: try nicknames.array().map { try $0.strings() })
    }
    return rules
  }
}
