extension MatchModel {
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
