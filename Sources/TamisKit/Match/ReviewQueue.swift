/// The pairs a person must decide: scored between the review and match thresholds, not already
/// in one cluster, not rejected before. Ordered by probability, then by the records' references,
/// so that two runs on the same inputs queue them, and number them, alike.
public enum ReviewQueue {
  public struct Item: Hashable, Sendable {
    public var a: String
    public var b: String
    public var probability: Double
  }

  public static func pairs(_ scored: [PairScoring.PairOutcome], clusterOf: [Int], rejected: Set<UInt64>, rules: MatchRules,
                           reference: (Int) -> String) -> [Item] {
    var items: [Item] = []
    for pair in scored where pair.probability >= rules.reviewThreshold && pair.probability < rules.matchThreshold {
      let a = Int(pair.a), b = Int(pair.b)
      if clusterOf[a] == clusterOf[b] || rejected.contains(Clustering.pack(a, b)) { continue }
      let (x, y) = (reference(a), reference(b))
      items.append(Item(a: min(x, y), b: max(x, y), probability: pair.probability))
    }
    return items.sorted { ($1.probability, $0.a, $0.b) < ($0.probability, $1.a, $1.b) }
  }
}
