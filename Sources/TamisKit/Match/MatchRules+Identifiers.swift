extension MatchRules {
  /// These rules, also comparing and blocking on every identifier field the records carry (a
  /// mapping's `type: identifier` custom field: customer number, national id, loyalty card),
  /// without further configuration. An identifier identical or a keying slip away lifts the vetoes
  /// as a personal email or phone does: it names one person whatever a typo in a first name or
  /// birth date says (numbers a last digit apart, as twins' consecutive customer numbers, compare
  /// as different, see ``Comparison/isKeyingSlip(_:_:)``).
  public func comparingIdentifiers(of records: [MatchRecord]) -> MatchRules {
    // Most records carry no identifier: only their keys are collected (a run has a million).
    var fields = Set<String>()
    for record in records where !record.identifiers.isEmpty { fields.formUnion(record.identifiers.keys) }
    return comparingIdentifiers(fields)
  }

  /// These rules, also comparing and blocking on each of `fields` (see ``comparingIdentifiers(of:)``).
  public func comparingIdentifiers(_ fields: Set<String>) -> MatchRules {
    let compared = Set(comparisons.filter { $0.kind == .identifier }.compactMap(\.field))
    let added = fields.subtracting(compared).sorted()
    guard !added.isEmpty || (!fields.isEmpty && !blockingRules.contains { $0.keys.contains(.identifier) }) else { return self }
    var rules = self
    for field in added { rules.comparisons.append(Comparison(name: field, kind: .identifier, field: field)) }
    if !rules.blockingRules.contains(where: { $0.keys.contains(.identifier) }) {
      rules.blockingRules.insert(BlockingRule(name: "same_identifier", keys: [.identifier]), at: 0)
    }
    let identifierNames = rules.comparisons.filter { $0.kind == .identifier }.map(\.name)
    rules.vetoes = rules.vetoes.map { veto in
      var veto = veto
      for name in identifierNames where veto.unless[name] == nil { veto.unless[name] = ["exact", "near"] }
      return veto
    }
    return rules
  }
}
