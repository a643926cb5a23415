import Foundation
import PropertyBased
import Testing
@testable import TamisKit

@Suite struct ReviewQueueTests {
  let references = ["crm:C3", "crm:C1", "eshop:W2", "erp:T9", "crm:C2"]

  func outcome(_ a: Int, _ b: Int, _ p: Double) -> PairScoring.PairOutcome {
    PairScoring.PairOutcome(a: Int32(a), b: Int32(b), probability: p, isKnownDistinct: false)
  }

  /// Between the thresholds, not already together, not rejected; by probability, then by the
  /// records' references — whatever order the pairs were scored in.
  @Test func pairsAreChosenAndOrderedWhateverTheScoringOrder() async {
    let scored = [outcome(0, 1, 0.8), outcome(2, 3, 0.8), outcome(1, 4, 0.9), outcome(0, 4, 0.97), outcome(3, 4, 0.5), outcome(2, 4, 0.7)]
    let clusterOf = [0, 1, 2, 3, 2]  // 2 and 4 already together
    let expected = [ReviewQueue.Item(a: "crm:C1", b: "crm:C2", probability: 0.9), ReviewQueue.Item(a: "crm:C1", b: "crm:C3", probability: 0.8),
                    ReviewQueue.Item(a: "erp:T9", b: "eshop:W2", probability: 0.8)]
    await propertyCheck(input: Gen.int(in: 0...1000)) { seed in
      var random = SeededGenerator(seed: UInt64(seed))
      let shuffled = scored.shuffled(using: &random)
      let items = ReviewQueue.pairs(shuffled, clusterOf: clusterOf, rejected: [Clustering.pack(0, 4)], rules: MatchRules()) { references[$0] }
      #expect(items == expected)
    }
  }
}
