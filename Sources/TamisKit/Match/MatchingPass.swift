/// The matching of one run, from its records to scored pairs: term frequencies and shared values
/// from the records, the stored model reused (or trained again by EM when asked, or when none
/// was ever trained and there are enough candidate pairs), candidate pairs by the blocking rules,
/// and every pair scored, on every core. λ is estimated in every run from the pairs a strict
/// rule deems certain among this run's records: it depends on their number, and a prior fitted
/// to a million records is hundreds of times too pessimistic on a few thousand.
public struct MatchingPass: Sendable {
  /// The rules in force: those given, plus the identifier fields the records carry.
  public var rules: MatchRules
  public var model: MatchModel
  public var context: ComparisonContext
  public var scored: [PairScoring.PairOutcome]
  /// What the run's summary says of matching.
  public var report = Report()

  public struct Report: Codable, Sendable {
    public var candidatePairs = 0
    public var pairsPerBlockingRule: [String: Int] = [:]
    public var oversizedBlocks: [String: Int] = [:]
    public var modelTrained = false
    public var emIterations = 0
    public var emLargestChange = ""

    public init() {}
  }

  /// - Parameters:
  ///   - active: new and changed records, when others are stored: only pairs with one are proposed.
  ///   - isKnownShared: whether the store already knows a value as shared by several people.
  ///   - stored: the store's model, if any (term frequencies are computed again here).
  public init(records: [MatchRecord], active: [Bool]?, isKnownShared: @escaping @Sendable (String) -> Bool, stored: MatchModel?,
              rules: MatchRules, retrain: Bool) {
    let rules = rules.comparingIdentifiers(of: records)
    self.rules = rules
    // Nicknames next to first names as exports spell them (last names too: names are read in
    // swapped order), then shared values, beside term frequencies.
    let prepared = Background { [nicknames = rules.nicknames] in
      var names = Set<String>()
      for record in records { names.insert(record.firstName); names.insert(record.lastName) }
      let known = nicknames.knowingSlips(of: names)
      let shared = active.map { ComparisonContext.sharedValues(in: records, active: $0, isKnown: isKnownShared, nicknames: known) }
        ?? ComparisonContext.sharedValues(in: records, nicknames: known)
      return ComparisonContext(sharedValues: shared, nicknames: known)
    }
    var model = stored.flatMap { $0.fits(rules.comparisons) ? $0 : nil } ?? MatchModel(comparisons: rules.comparisons)
    ExpectationMaximisation.estimateTermFrequencies(&model, records: records)
    context = prepared.value ?? ComparisonContext(nicknames: rules.nicknames)
    let (pairs, foundBy, blocking) = Blocking.candidates(records, rules: rules, active: active)
    report.candidatePairs = pairs.count
    report.pairsPerBlockingRule = blocking.pairsPerRule
    report.oversizedBlocks = blocking.oversizedBlocks
    let (levels, swapped) = PairScoring.levels(pairs, records: records, scorer: Scorer(model: model, rules: rules, context: context))
    if (retrain || model.trainedOn == 0) && pairs.count >= rules.minimumTrainingPairs {
      ExpectationMaximisation.estimateU(&model, records: records, context: context)
      let em = ExpectationMaximisation.train(&model, pairs: pairs, foundBy: foundBy, levels: levels, rules: rules.blockingRules, records: records.count)
      report.modelTrained = true
      report.emIterations = em.iterations
      report.emLargestChange = em.largestChange
    }
    model.lambda = ExpectationMaximisation.lambda(certainPairs: ExpectationMaximisation.certainPairs(levels, comparisons: model.comparisons),
                                                  records: records.count, active: active.map { $0.lazy.filter { $0 }.count })
    self.model = model
    scored = PairScoring.score(pairs, levels: levels, swapped: swapped, comparisons: model.comparisons.count, records: records,
                               scorer: Scorer(model: model, rules: rules, context: context))
  }
}
