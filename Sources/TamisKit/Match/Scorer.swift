/// A scored candidate pair: the levels and weights behind its probability, kept for `explain`.
public struct ScoredPair: Hashable, Sendable {
  public var a: Int
  public var b: Int
  /// The blocking rule that found the pair first (a pair is scored once).
  public var rule: Int
  public var levels: [Int]
  public var weight: Double
  public var probability: Double
  /// The veto that forbade the merge, if any.
  public var veto: String?
  /// A veto whose conditions held but that a shared identifier, personal email or phone lifted.
  public var liftedVeto: String? = nil
  /// True when the names matched in swapped order (first ↔ last).
  public var swapped: Bool
}

/// Scores pairs of match records with a model: levels, weights, vetoes.
public struct Scorer: Sendable {
  public let model: MatchModel
  public let rules: MatchRules
  public let context: ComparisonContext
  private let firstNameIndex: Int?
  private let lastNameIndex: Int?
  private let vetoes: [(name: String, when: [(Int, Int)], unless: [(Int, Int)])]
  /// The levels that lift a veto (an identical personal email, phone or identifier), by comparison.
  private let liftingLevels: [(comparison: Int, level: Int)]

  public init(model: MatchModel, rules: MatchRules, context: ComparisonContext) {
    self.model = model
    self.rules = rules
    self.context = context
    firstNameIndex = model.comparisons.firstIndex { $0.kind == .firstName }
    lastNameIndex = model.comparisons.firstIndex { $0.kind == .lastName }
    func resolve(_ conditions: [String: [String]]) -> [(Int, Int)] {
      conditions.sorted { $0.key < $1.key }.flatMap { name, levels in
        levels.compactMap { level -> (Int, Int)? in
          guard let c = model.comparisons.firstIndex(where: { $0.name == name }),
                let l = model.comparisons[c].levels.firstIndex(of: level) else { return nil }
          return (c, l)
        }
      }
    }
    vetoes = rules.vetoes.map { ($0.name, resolve($0.when.mapValues { [$0] }), resolve($0.unless)) }
    var lifting: [(comparison: Int, level: Int)] = []
    for (c, l) in vetoes.flatMap(\.unless) where !lifting.contains(where: { $0 == (c, l) }) { lifting.append((c, l)) }
    liftingLevels = lifting
  }

  /// The levels of a pair, trying the names in swapped order when that agrees better.
  public func levels(_ x: MatchRecord, _ y: MatchRecord) -> (levels: [Int], swapped: Bool) {
    var levels = [UInt8](repeating: 0, count: model.comparisons.count)
    let swapped = levels.withUnsafeMutableBufferPointer { buffer in self.levels(x, y, into: buffer.baseAddress!) }
    return (levels.map(Int.init), swapped)
  }

  /// The levels of a pair written to `levels` (one byte per comparison); true when the names
  /// agree better in swapped order. Allocates nothing: a run computes millions.
  public func levels(_ x: MatchRecord, _ y: MatchRecord, into levels: UnsafeMutablePointer<UInt8>) -> Bool {
    for (c, comparison) in model.comparisons.enumerated() { levels[c] = UInt8(comparison.level(x, y, context: context)) }
    if let f = firstNameIndex, let l = lastNameIndex, levels[f] != 1 || levels[l] != 1 {
      let first = model.comparisons[f].nameLevel(x.firstName, y.lastName, context: context)
      var last = model.comparisons[l].nameLevel(x.lastName, y.firstName, context: context)
      // Either pair read across may be the two first names: a nickname there ("Coon Guigui" /
      // "Guillaume Coon") agrees as a similar name does.
      if last > 2 && context.nicknames.related(x.lastName, y.firstName) { last = 2 }
      // Swapped when, read the other way round, the names agree (exactly or with a typo; a name
      // one side lacks says nothing) and agree better than as given. A surname only close
      // (Jaro-Winkler ≥ 0.84) counts when the first name is exact ("jaxk shepherd" / "shepherd jack").
      let differentFirst = model.comparisons[f].levels.count - 1, differentLast = model.comparisons[l].levels.count - 1
      let firstAgrees = first < differentFirst, lastAgrees = last < differentLast - 1 || (last == differentLast - 1 && first == 1)
      if first + last > 0 && firstAgrees && lastAgrees && first + last < Int(levels[f]) + Int(levels[l]) {
        levels[f] = UInt8(first)
        levels[l] = UInt8(last)
        return true
      }
      if Int(levels[f]) == differentFirst && Int(levels[l]) == differentLast, let across = firstNameReadAcross(x, y, asGivenAcross: first) {
        levels[f] = UInt8(across.first)
        levels[l] = UInt8(across.last)
        return true
      }
    }
    return false
  }

  /// The name levels of two records whose names agree in nothing as given, when one record has
  /// its names in swapped fields and its first name agrees with the other's, exactly or as a
  /// short form, while the surnames differ: "Dubois Catherine" / "Catherine Tarais", a married
  /// woman entered surname first in one system under her maiden name in another. As given, the
  /// first-name veto would call her two people. Which record is swapped is read from the run's
  /// name frequencies (``looksSwapped(_:)``): in "Céline Pachoux" / "Pachoux Frédéric" the
  /// swapped record's first name is Frédéric, and they are twins; in "Jean Daniel" / "Sébastien
  /// Jean" neither record looks swapped. `asGivenAcross` is x's first name against y's last name.
  private func firstNameReadAcross(_ x: MatchRecord, _ y: MatchRecord, asGivenAcross: Int) -> (first: Int, last: Int)? {
    guard let f = firstNameIndex, let l = lastNameIndex else { return nil }
    let firstNames = model.comparisons[f], lastNames = model.comparisons[l]
    if (1...2).contains(asGivenAcross) && looksSwapped(y) {
      return (asGivenAcross, lastNames.nameLevel(x.lastName, y.firstName, context: context))
    }
    let otherWay = firstNames.nameLevel(x.lastName, y.firstName, context: context)
    guard (1...2).contains(otherWay), looksSwapped(x) else { return nil }
    return (otherWay, lastNames.nameLevel(x.firstName, y.lastName, context: context))
  }

  /// Whether a record's names look entered in each other's field: its first name is commoner
  /// among the run's surnames than among its first names, and its last name the other way round.
  /// False without name frequencies.
  func looksSwapped(_ record: MatchRecord) -> Bool {
    guard let f = firstNameIndex, let l = lastNameIndex else { return false }
    return model.termFrequency(comparison: l, value: record.firstName) > model.termFrequency(comparison: f, value: record.firstName)
      && model.termFrequency(comparison: f, value: record.lastName) > model.termFrequency(comparison: l, value: record.lastName)
  }

  /// Scores one pair.
  /// - Complexity: O(k·n²) in the number of comparisons and the string lengths.
  public func score(_ a: Int, _ b: Int, records: [MatchRecord], rule: Int) -> ScoredPair {
    let (levels, swapped) = self.levels(records[a], records[b])
    return score(a, b, levels: levels, swapped: swapped, records: records, rule: rule)
  }

  /// Scores a pair whose levels are already known (computed once for training and scoring).
  public func score(_ a: Int, _ b: Int, levels: [Int], swapped: Bool, records: [MatchRecord], rule: Int) -> ScoredPair {
    let x = records[a]
    var weight = model.priorWeight
    forEachWeight(levels, x, records[b], swapped: swapped) { _, levelWeight in weight += levelWeight }
    var veto: String?, lifted: String?
    for candidate in vetoes where !candidate.when.isEmpty {
      guard candidate.when.allSatisfy({ levels[$0.0] == $0.1 }),
            !candidate.when.contains(where: { $0.0 == firstNameIndex }) || firstNamesShowTwoPeople(x, records[b], swapped: swapped) else { continue }
      if candidate.unless.contains(where: { levels[$0.0] == $0.1 }) {
        lifted = lifted ?? candidate.name
        continue
      }
      veto = candidate.name
      break
    }
    let probability = veto == nil ? MatchModel.probability(weight: weight) : 0
    return ScoredPair(a: a, b: b, rule: rule, levels: levels, weight: weight, probability: probability, veto: veto,
                      liftedVeto: veto == nil ? lifted : nil, swapped: swapped)
  }

  /// Whether two first names that compare as different are evidence of two people rather than a
  /// truncation or a diminutive the nickname list lacks (a list is never complete): neither is
  /// the other cut short by three letters or more ("Alex" / "Alexandre", "Fred" / "Frédéric";
  /// not "Louis" / "Louise" nor "Jean" / "Jeanne", a brother and a sister). A first name far
  /// from the other is not forgiven for being rare: measured on the generator's twins, a
  /// misspelt twin's record then merged with the other twin (9 → 24 pairs in 100,000 records).
  func firstNamesShowTwoPeople(_ x: MatchRecord, _ y: MatchRecord, swapped: Bool) -> Bool {
    let first = x.firstName, second = swapped ? y.lastName : y.firstName
    let (short, long) = first.utf8.count <= second.utf8.count ? (first, second) : (second, first)
    return !(short.utf8.count >= 3 && long.hasPrefix(short) && long.utf8.count - short.utf8.count >= 3)
  }

  /// A veto's number from 1 in the rules' order, 0 for none: what clustering keeps of a pair's veto.
  public func vetoNumber(_ name: String?) -> UInt8 {
    guard let name, let index = vetoes.firstIndex(where: { $0.name == name }), index < 255 else { return 0 }
    return UInt8(index + 1)
  }

  /// Whether a scored pair is evidence of two people — a veto, or two comparisons that disagree
  /// outright — and not a mere lack of evidence between sparse records of one person. The
  /// clustering guard keeps such pairs apart.
  public func isKnownDistinct(_ pair: ScoredPair) -> Bool {
    guard pair.probability < rules.reviewThreshold else { return false }
    if pair.veto != nil { return true }
    var disagreements = 0
    for (c, level) in pair.levels.enumerated() where level > 0 && level == model.comparisons[c].levels.count - 1 { disagreements += 1 }
    return disagreements >= 2
  }

  /// Whether a pair shares the evidence that lifts the vetoes: an identical personal identifier,
  /// email or phone names one person whatever a typo in a name or date says.
  public func sharesIdentifier(_ pair: ScoredPair) -> Bool {
    liftingLevels.contains { pair.levels[$0.comparison] == $0.level }
  }

  /// Whether a pair known to be two people also differs outright on a personal identifier, email
  /// or phone: evidence that even an identical identifier elsewhere in a cluster does not outweigh.
  public func isFirmlyDistinct(_ pair: ScoredPair) -> Bool {
    isKnownDistinct(pair) && liftingLevels.contains { pair.levels[$0.comparison] == model.comparisons[$0.comparison].levels.count - 1 }
  }

  func value(of comparison: Comparison, _ record: MatchRecord) -> String? {
    switch comparison.kind {
    case .firstName: record.firstName
    case .lastName: record.lastName
    default: nil
    }
  }

  /// Calls `body` with each comparison's weight for a pair's levels, exact names weighed by their
  /// frequency; allocates nothing (a run weighs millions of pairs). Names read in swapped order are
  /// weighed both ways (which record has them swapped, and so which table says how rare "Martin"
  /// is, is unknown) and the commoner reading is taken: "Jean Martin" / "Martin Jean" must not
  /// weigh more than "Jean Martin" twice. A near match on a name weighs no more than an exact
  /// match on the commoner of the two would: "Martin" / "Matrin" is no better evidence than
  /// "Martin" / "Martin".
  func forEachWeight(_ levels: [Int], _ x: MatchRecord, _ y: MatchRecord, swapped: Bool, _ body: (Int, Double) -> Void) {
    func exact(_ c: Int, _ value: String?) -> Double { model.weight(comparison: c, level: 1, value: value) }
    func weight(_ c: Int) -> Double {
      let level = levels[c], comparison = model.comparisons[c]
      if level == 1 { return exact(c, value(of: comparison, x)) }
      let plain = model.weight(comparison: c, level: level)
      guard !swapped, comparison.termFrequency, level > 1, level < comparison.levels.count - 1 else { return plain }
      return min(plain, exact(c, value(of: comparison, x)), exact(c, value(of: comparison, y)))
    }
    var first = firstNameIndex.map(weight), last = lastNameIndex.map(weight)
    if swapped, let f = firstNameIndex, let l = lastNameIndex, let asGiven = first.flatMap({ a in last.map { a + $0 } }) {
      let otherWay = (levels[f] == 1 ? exact(f, x.lastName) : first ?? 0, levels[l] == 1 ? exact(l, x.firstName) : last ?? 0)
      if otherWay.0 + otherWay.1 < asGiven { (first, last) = otherWay }
    }
    for c in levels.indices {
      body(c, c == firstNameIndex ? first ?? 0 : c == lastNameIndex ? last ?? 0 : weight(c))
    }
  }

  /// One line per comparison for `tamis explain`: level, weight, and what was compared.
  public func explanation(_ pair: ScoredPair, records: [MatchRecord]) -> [(comparison: String, level: String, weight: Double)] {
    var lines: [(comparison: String, level: String, weight: Double)] = []
    forEachWeight(pair.levels, records[pair.a], records[pair.b], swapped: pair.swapped) { c, weight in
      lines.append((model.comparisons[c].name, model.comparisons[c].levels[pair.levels[c]], weight))
    }
    return lines
  }
}
