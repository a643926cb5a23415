import Foundation

/// A Fellegi-Sunter model: for each comparison level, m (how often true matches show it) and u
/// (how often non-matches do), and λ, the share of candidate pairs that match. A level weighs
/// log2(m/u); a pair's weight is the prior's plus its levels'.
///
/// Saved in the store and reused; `--retrain` estimates it again.
public struct MatchModel: Hashable, Sendable, Codable {
  public var comparisons: [Comparison]
  /// m[c][l] and u[c][l]; level 0 (null) is unused.
  public var m: [[Double]]
  public var u: [[Double]]
  public var lambda: Double
  /// Term frequencies of name values, for comparisons with `termFrequency`.
  public var termFrequencies: [String: [String: Double]] = [:]
  /// u of each exact name level among random pairs (Σ tf²): what term frequencies are relative to.
  public var randomExactU: [String: Double] = [:]
  public var iterations = 0
  public var trainedOn = 0
  /// How many records with a value each term frequency is relative to, per comparison name: the
  /// store keeps counts, which an erasure can lower (not saved with the parameters).
  public var termTotals: [String: Double] = [:]

  enum CodingKeys: String, CodingKey {
    case comparisons, m, u, lambda, termFrequencies, randomExactU, iterations, trainedOn
  }

  static let floor = 1e-6

  /// Starts from prior parameters per comparison kind (what a French contact export usually
  /// shows), used as they are until there are enough candidate pairs to train on.
  public init(comparisons: [Comparison]) {
    self.comparisons = comparisons
    m = comparisons.map { MatchModel.priors[$0.kind]?.m ?? MatchModel.flat($0.levels.count, high: true) }
    u = comparisons.map { MatchModel.priors[$0.kind]?.u ?? MatchModel.flat($0.levels.count, high: false) }
    lambda = 1e-6
  }

  /// Priors per kind: m from typical duplicate rates of contact exports, u from how often two
  /// random French contacts agree (surnames and first names are far from uniform).
  static let priors: [ComparisonKind: (m: [Double], u: [Double])] = [
    .firstName: ([1, 0.85, 0.05, 0.05, 0.02, 0.03], [1, 0.02, 0.003, 0.01, 0.03, 0.937]),
    .lastName: ([1, 0.85, 0.06, 0.04, 0.05], [1, 0.005, 0.002, 0.02, 0.973]),
    .birthDate: ([1, 0.9, 0.03, 0.05, 0.02], [1, 0.00005, 0.00002, 0.002, 0.99793]),
    .email: ([1, 0.7, 0.05, 0.25], [1, 0.00001, 0.0001, 0.99989]),
    .phone: ([1, 0.75, 0.05, 0.2], [1, 0.00001, 0.0002, 0.99979]),
    .address: ([1, 0.75, 0.08, 0.05, 0.12], [1, 0.00005, 0.002, 0.02, 0.97795]),
    // An identical identifier weighs more than a personal email; a keying slip still much.
    .identifier: ([1, 0.9, 0.06, 0.04], [1, 0.000001, 0.00002, 0.999979]),
  ]

  static func flat(_ count: Int, high: Bool) -> [Double] {
    (0..<count).map { level in
      if level == 0 { return 1 }
      if level == count - 1 { return high ? 0.05 : 0.95 }
      return (high ? 0.95 : 0.05) / Double(max(1, count - 2))
    }
  }

  /// The weight of one level (log2 m/u), with the term frequency of `value` for exact levels.
  public func weight(comparison c: Int, level: Int, value: String? = nil) -> Double {
    guard level > 0 else { return 0 }
    var uValue = u[c][level]
    // A name's own frequency scales the exact level's u: "Martin" agrees by chance far more
    // often than the average name, a rare surname far less.
    if level == 1, comparisons[c].termFrequency, let value, let tf = termFrequencies[comparisons[c].name]?[value],
       let average = randomExactU[comparisons[c].name], average > 0 {
      uValue = min(0.5, u[c][level] * tf / average)
    }
    return log2(max(m[c][level], MatchModel.floor) / max(uValue, MatchModel.floor))
  }

  /// How common `value` is among the run's values of a comparison with term frequencies (0 when
  /// unseen, or without them).
  public func termFrequency(comparison c: Int, value: String) -> Double {
    termFrequencies[comparisons[c].name]?[value] ?? 0
  }

  /// The prior: λ is the chance that two random records are one person, the same population
  /// the u-probabilities are measured on.
  public var priorWeight: Double { log2(max(lambda, MatchModel.floor) / max(1 - lambda, MatchModel.floor)) }

  public static func probability(weight: Double) -> Double {
    let odds = pow(2, weight)
    return odds.isInfinite ? 1 : odds / (1 + odds)
  }
}

/// Estimates a ``MatchModel`` without labels: u from random pairs, m and λ by
/// expectation-maximisation over the candidate pairs' comparison patterns (counted once per
/// distinct pattern, so a million pairs cost a few thousand patterns).
public enum ExpectationMaximisation {
  public struct Report: Sendable {
    public var iterations: Int
    /// The parameter that moved most in the last iteration, for the log.
    public var largestChange: String
  }

  /// u per level from `samples` random pairs of `records`, with a fixed seed.
  public static func estimateU(_ model: inout MatchModel, records: [MatchRecord], context: ComparisonContext, samples: Int = 200_000, seed: UInt64 = 7) {
    guard records.count > 1 else { return }
    var state = seed
    func next() -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int((state >> 33) % UInt64(records.count))
    }
    var counts = model.comparisons.map { [Double](repeating: 0, count: $0.levels.count) }
    for _ in 0..<samples {
      let a = next(), b = next()
      if a == b { continue }
      records.withUnsafeBufferPointer { records in
        for (c, comparison) in model.comparisons.enumerated() {
          counts[c][comparison.level(records[a], records[b], context: context)] += 1
        }
      }
    }
    for c in counts.indices {
      let total = counts[c].dropFirst().reduce(0, +)
      guard total > 0 else { continue }
      for level in 1..<counts[c].count {
        // Half a count of smoothing: a level never seen among random pairs is rare, not impossible.
        model.u[c][level] = max((counts[c][level] + 0.5) / (total + 0.5 * Double(counts[c].count)), MatchModel.floor)
      }
    }
  }

  /// Term frequencies of the values of name comparisons, and their average (Σ tf²).
  public static func estimateTermFrequencies(_ model: inout MatchModel, records: [MatchRecord]) {
    for comparison in model.comparisons where comparison.termFrequency {
      var counts: [String: Double] = [:]
      var total = 0.0
      for index in records.indices {
        let value = comparison.kind == .firstName ? records[index].firstName : records[index].lastName
        if value.isEmpty { continue }
        counts[value, default: 0] += 1
        total += 1
      }
      guard total > 0 else { continue }
      let frequencies = counts.mapValues { $0 / total }
      model.termFrequencies[comparison.name] = frequencies
      model.termTotals[comparison.name] = total
      // Summed in a fixed order: a dictionary's order changes from one process to the next, and
      // floating-point sums with it, enough to tip a pair on the threshold.
      model.randomExactU[comparison.name] = frequencies.values.sorted().reduce(0) { $0 + $1 * $1 }
    }
  }

  /// m and λ by EM over `patterns` (level vectors of candidate pairs with their counts); u stays
  /// fixed, and the comparisons in `frozen` keep their m.
  @discardableResult
  public static func estimateM(_ model: inout MatchModel, patterns: [[Int]: Int], frozen: Set<Int> = [],
                               maxIterations: Int = 25, tolerance: Double = 1e-4) -> Report {
    let entries = patterns.sorted { $0.key.lexicographicallyPrecedes($1.key) }  // fixed order: deterministic sums
    var report = Report(iterations: 0, largestChange: "")
    for iteration in 1...maxIterations {
      var matchCounts = model.comparisons.map { [Double](repeating: 0, count: $0.levels.count) }
      var matchTotal = 0.0, total = 0.0
      for (pattern, count) in entries {
        var logM = log(max(model.lambda, MatchModel.floor)), logU = log(max(1 - model.lambda, MatchModel.floor))
        for (c, level) in pattern.enumerated() where level > 0 {
          logM += log(max(model.m[c][level], MatchModel.floor))
          logU += log(max(model.u[c][level], MatchModel.floor))
        }
        let p = 1 / (1 + exp(logU - logM))
        let weight = Double(count)
        matchTotal += p * weight
        total += weight
        for (c, level) in pattern.enumerated() { matchCounts[c][level] += p * weight }
      }
      var largest = 0.0
      var moved = ""
      let newLambda = min(max(matchTotal / max(total, 1), 1e-6), 1 - 1e-6)
      if abs(newLambda - model.lambda) > largest { largest = abs(newLambda - model.lambda); moved = "lambda" }
      model.lambda = newLambda
      for c in matchCounts.indices where !frozen.contains(c) {
        let nonNull = matchCounts[c].dropFirst().reduce(0, +)
        guard nonNull > 0 else { continue }
        for level in 1..<matchCounts[c].count {
          let value = max((matchCounts[c][level] + 0.01) / (nonNull + 0.01 * Double(matchCounts[c].count)), MatchModel.floor)
          if abs(value - model.m[c][level]) > largest {
            largest = abs(value - model.m[c][level])
            moved = "m[\(model.comparisons[c].name).\(model.comparisons[c].levels[level])]"
          }
          model.m[c][level] = value
        }
      }
      report = Report(iterations: iteration, largestChange: "\(moved) moved \(String(format: "%.5f", largest))")
      if largest < tolerance { break }
    }
    model.iterations = report.iterations
    model.trainedOn = patterns.values.reduce(0, +)
    return report
  }

  /// Trains a model on the candidate pairs' levels (flat, `levels[k·c + i]` for pair k): m per
  /// blocking rule, λ from the pairs a strict rule deems certain. u must be estimated first.
  public static func train(_ model: inout MatchModel, pairs: [(a: Int, b: Int, rule: Int)], foundBy: [UInt64], levels: [UInt8],
                           rules: [BlockingRule], records: Int) -> Report {
    let count = model.comparisons.count
    var patternsPerRule = [[[Int]: Int]](repeating: [:], count: rules.count)
    for (k, pair) in pairs.enumerated() {
      let pattern = (0..<count).map { Int(levels[k * count + $0]) }
      let found = k < foundBy.count ? foundBy[k] : 0
      for rule in rules.indices where rule == pair.rule || (rule < 64 && found & (1 << UInt64(rule)) != 0) {
        patternsPerRule[rule][pattern, default: 0] += 1
      }
    }
    let report = trainPerBlockingRule(&model, rules: rules, patternsPerRule: patternsPerRule)
    model.trainedOn = pairs.count
    model.lambda = lambda(certainPairs: certainPairs(levels, comparisons: model.comparisons), records: records)
    return report
  }

  /// Trains m the way Splink does: one EM per blocking rule on the pairs it found, each updating
  /// only the comparisons its keys do not force to agree, then m averaged over the rules that
  /// trained it. u stays the random-pair estimate.
  static func trainPerBlockingRule(_ model: inout MatchModel, rules: [BlockingRule], patternsPerRule: [[[Int]: Int]]) -> Report {
    let start = model
    var sums = model.m.map { $0.map { _ in 0.0 } }
    var trained = [Int](repeating: 0, count: model.comparisons.count)
    var last = Report(iterations: 0, largestChange: "")
    for (ruleIndex, rule) in rules.enumerated() where ruleIndex < patternsPerRule.count {
      let patterns = patternsPerRule[ruleIndex]
      guard patterns.values.reduce(0, +) >= 200 else { continue }
      let blocked = Set(rule.keys.flatMap(\.comparedKinds))
      // Identifiers keep their priors: an identical customer number or national id is evidence by
      // definition, and EM on pairs that blocking found by other keys can learn it away.
      let frozen = Set(model.comparisons.indices.filter { blocked.contains(model.comparisons[$0].kind) || model.comparisons[$0].kind == .identifier })
      var ruleModel = start
      ruleModel.lambda = 0.5
      last = estimateM(&ruleModel, patterns: patterns, frozen: frozen)
      for c in model.comparisons.indices where !frozen.contains(c) {
        for level in sums[c].indices { sums[c][level] += ruleModel.m[c][level] }
        trained[c] += 1
      }
    }
    for c in model.comparisons.indices where trained[c] > 0 {
      model.m[c] = sums[c].enumerated().map { level, sum in level == 0 ? 1 : sum / Double(trained[c]) }
    }
    model.iterations = last.iterations
    model.trainedOn = patternsPerRule.reduce(0) { $0 + $1.values.reduce(0, +) }
    return last
  }

  /// The pairs (levels flat, as ``train`` takes them) that a strict rule deems certain: the same
  /// first name, surname and birth date; or a personal email or phone, or an identifier, in common.
  public static func certainPairs(_ levels: [UInt8], comparisons: [Comparison]) -> Int {
    let count = comparisons.count
    guard count > 0 else { return 0 }
    let kinds = comparisons.map(\.kind)
    let first = kinds.firstIndex(of: .firstName), last = kinds.firstIndex(of: .lastName), birth = kinds.firstIndex(of: .birthDate)
    let strong = kinds.indices.filter { [.email, .phone, .identifier].contains(kinds[$0]) }
    var certain = 0
    for k in 0..<(levels.count / count) {
      func level(_ c: Int?) -> UInt8 { c.map { levels[k * count + $0] } ?? 0 }
      if (level(first) == 1 && level(last) == 1 && level(birth) == 1) || strong.contains(where: { level($0) == 1 }) { certain += 1 }
    }
    return certain
  }

  /// λ, the chance that two random records are one person, from this run's certain pairs divided
  /// by the share of true pairs such a rule is taken to find (`recall`, as Splink's
  /// `estimate_probability_two_random_records_match` takes it), over the record pairs the run
  /// could propose: all of them, or in an incremental run those with one of its `active` records.
  public static func lambda(certainPairs: Int, records: Int, active: Int? = nil, recall: Double = 0.7) -> Double {
    let n = Double(records)
    let pairs: Double
    if let active, active < records {
      let a = Double(active)
      pairs = a * (n - a) + a * max(a - 1, 0) / 2
    } else {
      pairs = n * max(n - 1, 1) / 2
    }
    return min(max(Double(max(certainPairs, 1)) / recall / max(pairs, 1), 1e-12), 0.5)
  }
}
