extension MatchModel {
  /// Whether a stored model can score with `comparisons`: the same comparisons, with as many
  /// levels (a new release may add one), else it starts again from the priors.
  public func fits(_ comparisons: [Comparison]) -> Bool {
    self.comparisons == comparisons && m.count == comparisons.count && u.count == comparisons.count
      && zip(m, comparisons).allSatisfy { $0.count == $1.levels.count } && zip(u, comparisons).allSatisfy { $0.count == $1.levels.count }
  }

  /// The model as the store keeps it: term frequencies keyed by a keyed hash of each name, so
  /// that model parameters hold no personal value (a rare surname would otherwise outlive its
  /// bearer's erasure). A run computes them again from its records.
  public func pseudonymised(_ key: (String) -> String) -> MatchModel {
    var model = self
    model.termFrequencies = termFrequencies.mapValues { table in
      Dictionary(table.map { (key($0.key), $0.value) }, uniquingKeysWith: +)
    }
    return model
  }

  /// Each name's count behind its term frequency in `name`'s table: from the total the
  /// frequencies were computed over, or, for a model saved without it, from the rarest name's
  /// frequency taken as one record (exact whenever a name was seen once).
  public func termCounts(_ name: String) -> [String: Int] {
    guard let table = termFrequencies[name], let rarest = table.values.min(), rarest > 0 else { return [:] }
    let total = termTotals[name] ?? (1 / rarest).rounded()
    return table.mapValues { Int(($0 * total).rounded()) }
  }

  /// A stored model with the term frequencies of `values` (per comparison name: the names of the
  /// records being explained) under their own names again.
  public func revealing(_ values: [String: [String]], key: (String) -> String) -> MatchModel {
    var model = self
    model.termFrequencies = Dictionary(uniqueKeysWithValues: termFrequencies.map { name, table in
      (name, Dictionary((values[name] ?? []).compactMap { value in table[key(value)].map { (value, $0) } }, uniquingKeysWith: { a, _ in a }))
    })
    return model
  }
}
