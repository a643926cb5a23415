extension Clustering {
  /// Each record's cluster once a run's evidence is in: records of one stored golden record stay
  /// together (unless changed), a steward's must-links join, pairs at or above the match
  /// threshold join strongest first; cannot-links guard every join, known-distinct pairs every
  /// join they are not outvoted on (only firmly distinct pairs a link that shares an identifier).
  /// - Parameters:
  ///   - decisions: the store's decisions, by record index.
  ///   - goldenOf: each record's stored golden id ("" when new); `changed` records do not keep it.
  public static func clusters(count: Int, scored: [PairScoring.PairOutcome], decisions: [(kind: String, a: Int, b: Int)],
                              goldenOf: [String], changed: Set<Int>, matchThreshold: Double) -> (clusterOf: [Int], rejected: Set<UInt64>) {
    let distinct = scored.filter(\.isKnownDistinct).map { (Int($0.a), Int($0.b)) }
    let firmlyDistinct = scored.filter(\.isFirmlyDistinct).map { (Int($0.a), Int($0.b)) }
    var mustLinks: [(Int, Int)] = []
    var cannotLinks: [(Int, Int)] = []
    var rejected = Set<UInt64>()
    for decision in decisions {
      if decision.kind == "cannot_link" {
        cannotLinks.append((decision.a, decision.b))
        rejected.insert(pack(decision.a, decision.b))
      } else {
        mustLinks.append((decision.a, decision.b))
      }
    }
    let vetoes = Int(scored.lazy.map { max($0.veto, $0.liftedVeto) }.max() ?? 0)
    var vetoed = [[(Int, Int)]](repeating: [], count: vetoes), overriding = [[(Int, Int)]](repeating: [], count: vetoes)
    for pair in scored {
      if pair.veto > 0 { vetoed[Int(pair.veto) - 1].append((Int(pair.a), Int(pair.b))) }
      if pair.liftedVeto > 0 { overriding[Int(pair.liftedVeto) - 1].append((Int(pair.a), Int(pair.b))) }
    }
    var clustering = Clustering(count: count, distinct: distinct, firmlyDistinct: firmlyDistinct, vetoed: vetoed, overriding: overriding,
                                rejected: cannotLinks)
    var byGolden: [String: Int] = [:]
    for (index, golden) in goldenOf.enumerated() where !golden.isEmpty && !changed.contains(index) {
      if let first = byGolden[golden] { clustering.join(first, index) } else { byGolden[golden] = index }
    }
    for (a, b) in mustLinks { clustering.join(a, b) }
    clustering.apply(scored.filter { $0.probability >= matchThreshold && !rejected.contains(pack(Int($0.a), Int($0.b))) }
      .map { Link(a: Int($0.a), b: Int($0.b), probability: $0.probability, sharesIdentifier: $0.sharesIdentifier) })
    return (clustering.clusters(), rejected)
  }
}
