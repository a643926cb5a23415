import Foundation

/// Scores a run's candidate pairs on every core: their comparison levels once (EM trains on them
/// and scoring weighs them), then each pair's probability and whether it shows two people.
public enum PairScoring {
  /// The comparison levels of every pair, flat (pair k's levels at k·c ..< (k+1)·c), and whether
  /// each pair's names matched in swapped order.
  static func levels(_ pairs: [(a: Int, b: Int, rule: Int)], records: [MatchRecord], scorer: Scorer) -> ([UInt8], [Bool]) {
    let c = scorer.model.comparisons.count
    var flat = [UInt8](repeating: 0, count: pairs.count * c)
    var swapped = [Bool](repeating: false, count: pairs.count)
    flat.withUnsafeMutableBufferPointer { levels in
      swapped.withUnsafeMutableBufferPointer { swaps in
        guard let levelBase = levels.baseAddress, let swapBase = swaps.baseAddress else { return }
        Parallel.forEachChunk(pairs.count) { range in
          for k in range { swapBase[k] = scorer.levels(records[pairs[k].a], records[pairs[k].b], into: levelBase + k * c) }
        }
      }
    }
    return (flat, swapped)
  }

  /// What clustering and the review queue need of a scored pair; a run holds millions, so the
  /// levels and weights behind it (``ScoredPair``) are not kept.
  public struct PairOutcome: Sendable {
    public var a: Int32
    public var b: Int32
    public var probability: Double
    /// Evidence of two people (``Scorer/isKnownDistinct(_:)``): the clustering guard keeps them apart.
    public var isKnownDistinct: Bool
    /// An identical personal identifier, email or phone (``Scorer/sharesIdentifier(_:)``): the
    /// link outweighs the clustering guard, except for firmly distinct pairs.
    public var sharesIdentifier: Bool = false
    /// Known distinct and differing on a personal identifier (``Scorer/isFirmlyDistinct(_:)``).
    public var isFirmlyDistinct: Bool = false
    /// The veto that kept the pair apart, numbered from 1 in the rules' order (0: none).
    public var veto: UInt8 = 0
    /// The veto whose conditions held but that a shared identifier lifted (``ScoredPair/liftedVeto``),
    /// numbered likewise: the clustering guard does not hold that same disagreement against a third record.
    public var liftedVeto: UInt8 = 0
  }

  static func score(_ pairs: [(a: Int, b: Int, rule: Int)], levels: [UInt8], swapped: [Bool], comparisons: Int,
                    records: [MatchRecord], scorer: Scorer) -> [PairOutcome] {
    Parallel.map(pairs.count) { range in
      range.map { k in
        let pair = pairs[k]
        let pattern = (0..<comparisons).map { Int(levels[k * comparisons + $0]) }
        let scored = scorer.score(pair.a, pair.b, levels: pattern, swapped: swapped[k], records: records, rule: pair.rule)
        return PairOutcome(a: Int32(pair.a), b: Int32(pair.b), probability: scored.probability, isKnownDistinct: scorer.isKnownDistinct(scored),
                           sharesIdentifier: scorer.sharesIdentifier(scored), isFirmlyDistinct: scorer.isFirmlyDistinct(scored),
                           veto: scorer.vetoNumber(scored.veto), liftedVeto: scorer.vetoNumber(scored.liftedVeto))
      }
    }
  }
}
