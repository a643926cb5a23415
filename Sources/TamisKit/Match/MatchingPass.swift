/// The matching of one run, from its records to scored pairs: term frequencies and shared values
/// from the records, the stored model reused (or trained again by EM when asked, or when none
/// was ever trained and there are enough candidate pairs), candidate pairs by the blocking rules,
/// and every pair scored, on every core.
public struct MatchingPass: Sendable {
  public var model: MatchModel
  public var context: ComparisonContext
  public var scored: [PairScoring.PairOutcome]
  public var candidatePairs = 0
  public var pairsPerBlockingRule: [String: Int] = [:]
  public var oversizedBlocks: [String: Int] = [:]
  public var modelTrained = false
  public var emIterations = 0
  public var emLargestChange = ""

  /// - Parameters:
  ///   - active: new and changed records, when others are stored: only pairs with one are proposed.
  ///   - isKnownShared: whether the store already knows a value as shared by several people.
  ///   - stored: the store's model, if any (term frequencies are computed again here).
  public init(records: [MatchRecord], active: [Bool]?, isKnownShared: @escaping @Sendable (String) -> Bool, stored: MatchModel?,
              rules: MatchRules, retrain: Bool) {
    let shared = Background { [nicknames = rules.nicknames] in
      active.map { ComparisonContext.sharedValues(in: records, active: $0, isKnown: isKnownShared, nicknames: nicknames) }
        ?? ComparisonContext.sharedValues(in: records, nicknames: nicknames)
    }
    var model = stored ?? MatchModel(comparisons: rules.comparisons)
    if model.comparisons != rules.comparisons { model = MatchModel(comparisons: rules.comparisons) }
    ExpectationMaximisation.estimateTermFrequencies(&model, records: records)
    context = ComparisonContext(sharedValues: shared.value ?? [], nicknames: rules.nicknames)
    let (pairs, blocking) = Blocking.candidates(records, rules: rules, active: active)
    candidatePairs = pairs.count
    pairsPerBlockingRule = blocking.pairsPerRule
    oversizedBlocks = blocking.oversizedBlocks
    let (levels, swapped) = PairScoring.levels(pairs, records: records, scorer: Scorer(model: model, rules: rules, context: context))
    if (retrain || model.trainedOn == 0) && pairs.count >= rules.minimumTrainingPairs {
      ExpectationMaximisation.estimateU(&model, records: records, context: context)
      let report = ExpectationMaximisation.train(&model, pairs: pairs, levels: levels, rules: rules.blockingRules, records: records.count)
      modelTrained = true
      emIterations = report.iterations
      emLargestChange = report.largestChange
    }
    self.model = model
    scored = PairScoring.score(pairs, levels: levels, swapped: swapped, comparisons: model.comparisons.count, records: records,
                               scorer: Scorer(model: model, rules: rules, context: context))
  }
}
