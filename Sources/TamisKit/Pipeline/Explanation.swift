import Foundation

/// `tamis explain`: why two source records merged or did not, level by level.
public enum Explanation {
  /// - Throws: `MatchError.unknownRecord`, `StoreError`.
  public static func explain(store: ReferentialStore, _ a: String, _ b: String, rules: MatchRules) throws -> String {
    guard let first = try store.sourceRecord(a) else { throw MatchError.unknownRecord(Locator(file: store.path), reference: a) }
    guard let second = try store.sourceRecord(b) else { throw MatchError.unknownRecord(Locator(file: store.path), reference: b) }
    // The store keeps names, emails and phones in model parameters only as keyed hashes: the
    // two records' own values are looked up by theirs.
    let hasher = try store.hasher("model_hmac")
    let names = [first.match, second.match]
    let nameValues = names.flatMap { [$0.firstName, $0.lastName] }
    let stored = try store.model() ?? MatchModel(comparisons: rules.comparisons)
    // Both names in both tables: names read in swapped order weigh, and show which record is
    // swapped, by how common each is as a first name and as a surname.
    let model = stored.revealing(Dictionary(uniqueKeysWithValues: stored.comparisons.filter(\.termFrequency).map { comparison in
      (comparison.name, nameValues)
    }), key: hasher.hash)
    let shared = try store.sharedValueHashes()
    let context = ComparisonContext(sharedValues: Set(names.flatMap { $0.emails + $0.phones }.filter { shared.contains(hasher.hash($0)) }),
                                    nicknames: rules.nicknames.knowingSlips(of: Set(nameValues)))
    // The rules the run scored with: those given, plus the identifier fields the model compares.
    let scorer = Scorer(model: model, rules: rules.comparingIdentifiers(Set(model.comparisons.filter { $0.kind == .identifier }.compactMap(\.field))),
                        context: context)
    let records = [first.match, second.match]
    let pair = scorer.score(0, 1, records: records, rule: 0)
    var lines = ["\(a) (golden \(first.goldenId))  vs  \(b) (golden \(second.goldenId))", ""]
    lines.append("COMPARISON    LEVEL                 WEIGHT")
    lines.append("prior (λ)" + String(repeating: " ", count: 27) + String(format: "%+7.2f", model.priorWeight))
    for line in scorer.explanation(pair, records: records) {
      lines.append(line.comparison.padding(toLength: 14, withPad: " ", startingAt: 0) + line.level.padding(toLength: 20, withPad: " ", startingAt: 0)
                   + String(format: "%+9.2f", line.weight))
    }
    lines.append("total" + String(repeating: " ", count: 31) + String(format: "%+7.2f", pair.weight))
    if pair.swapped { lines.append("names compared in swapped order (first ↔ last)") }
    if let veto = pair.veto { lines.append("veto: \(veto) — these records are never merged automatically") }
    if let lifted = pair.liftedVeto { lines.append("veto \(lifted) lifted: a personal identifier, email or phone is shared") }
    let verdict = pair.probability >= rules.matchThreshold ? "match (merge)" : pair.probability >= rules.reviewThreshold ? "review" : "distinct"
    lines.append(String(format: "probability: %.4f → %@ (match ≥ %.2f, review ≥ %.2f)", pair.probability, verdict, rules.matchThreshold, rules.reviewThreshold))
    let decisions = try store.decisions().filter { $0.a == min(a, b) && $0.b == max(a, b) }
    for decision in decisions { lines.append("decision on record: \(decision.kind.replacingOccurrences(of: "_", with: "-"))") }
    return lines.joined(separator: "\n") + "\n"
  }
}
