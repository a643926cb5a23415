import Foundation
import Testing
@testable import TamisKit
import TamisSynthetic

@Suite struct MatchTests {
  func record(_ id: String, first: String = "", last: String = "", birth: Int = 0, emails: [String] = [], phones: [String] = [],
              postcode: String = "", city: String = "", street: String = "") -> MatchRecord {
    MatchRecord(source: "t", recordId: id, firstName: NameNormaliser.key(first), lastName: NameNormaliser.key(last), birthDate: birth,
                emails: emails, phones: phones, postalCode: postcode, cityKey: city, streetKey: street)
  }

  @Test func phoneticKeysGroupSpellingsOfOneSurname() {
    #expect(FrenchPhonetic.key("Lefèvre") == FrenchPhonetic.key("LEFEBVRE"))
    #expect(FrenchPhonetic.key("Dupont") == FrenchPhonetic.key("Dupond"))
    #expect(FrenchPhonetic.key("Rousseau") == FrenchPhonetic.key("Rousseaux"))
    #expect(FrenchPhonetic.key("Martin") != FrenchPhonetic.key("Bernard"))
  }

  @Test func comparisonLevels() {
    let context = ComparisonContext(sharedValues: ["+33320123456"])
    let first = Comparison.firstName(), birth = Comparison.birthDate(), phone = Comparison.phone()
    let alexandre = record("1", first: "Alexandre", birth: 19800315, phones: ["+33320123456", "+33612345678"])
    #expect(first.level(alexandre, record("2", first: "Alex"), context: context) == 2, "nickname")
    #expect(first.level(alexandre, record("2", first: "Alexndre"), context: context) == 3, "typo")
    #expect(first.level(alexandre, record("2", first: "Bernard"), context: context) == 5)
    #expect(first.level(alexandre, record("2"), context: context) == 0, "null")
    #expect(birth.level(alexandre, record("2", birth: 19800315), context: context) == 1)
    #expect(birth.level(alexandre, record("2", birth: 19800503), context: context) == 4)
    #expect(birth.level(record("1", birth: 19800503), record("2", birth: 19800305), context: context) == 2, "day and month swapped")
    #expect(birth.level(alexandre, record("2", birth: 19810315), context: context) == 3, "one part off")
    #expect(phone.level(alexandre, record("2", phones: ["+33612345678"]), context: context) == 1)
    #expect(phone.level(alexandre, record("2", phones: ["+33320123456"]), context: context) == 2, "a household landline")
  }

  @Test func sharedValuesAreThoseOfDifferentPeople() {
    let records = [
      record("father", first: "Michel", birth: 19500214, phones: ["+33320123456"]),
      record("son", first: "Michel", birth: 19820909, phones: ["+33320123456", "+33677889900"]),
      record("same", first: "Michel", birth: 19820909, phones: ["+33677889900"]),
      record("nick", first: "Alex", emails: ["a@x.fr"]), record("full", first: "Alexandre", emails: ["a@x.fr"]),
    ]
    #expect(ComparisonContext.sharedValues(in: records) == ["+33320123456"])
  }

  /// A phone held by a nickname, a typo and the full name is one person's, in any order; by
  /// twins, by a brother and a sister, or by a father and son linked by a record with no birth
  /// date, it is shared.
  @Test(arguments: [(["Mimi", "Emiie", "Emilie"], [19900101, 19900101, 0], false), (["Emiie", "Mimi", "Emilie"], [0, 0, 0], false),
                    (["Lucas", "Louis"], [20010101, 20010101], true), (["Louis", "Louise"], [20010101, 20010101], true),
                    (["Michel", "Michel", "Michel"], [19500214, 0, 19820909], true)])
  func aValueIsSharedByPeopleNotBySpellingsOfOne(names: [String], births: [Int], shared: Bool) {
    let records = names.indices.map { record(String($0), first: names[$0], birth: births[$0], phones: ["+33320123456"]) }
    #expect(ComparisonContext.sharedValues(in: records).isEmpty != shared)
    #expect(ComparisonContext.sharedValues(in: records.reversed()).isEmpty != shared)
  }


  /// Blocking must find exactly the pairs an all-pairs search finds sharing a rule's key.
  @Test func blockingAgreesWithBruteForce() {
    var rules = MatchRules()
    rules.maxBlockSize = 1000
    var records: [MatchRecord] = []
    var random = SystemRandomNumberGenerator()
    let lasts = ["Martin", "Martan", "Dupont", "Dupond", "Roux", "Leroux"], firsts = ["Jean", "Marie", "Luc"]
    for i in 0..<300 {
      records.append(record(String(i), first: firsts.randomElement(using: &random)!, last: lasts.randomElement(using: &random)!,
                            birth: 19800101 + Int.random(in: 0...3, using: &random),
                            emails: Bool.random(using: &random) ? ["p\(Int.random(in: 0...40, using: &random))@x.fr"] : [],
                            phones: Bool.random(using: &random) ? ["+336\(Int.random(in: 10...60, using: &random))"] : [],
                            postcode: ["75011", "69003"].randomElement(using: &random)!))
    }
    let found = Set(Blocking.candidates(records, rules: rules).pairs.map { "\($0.a)-\($0.b)" })
    var expected = Set<String>()
    for a in 0..<records.count {
      for b in (a + 1)..<records.count where rules.blockingRules.contains(where: { rule in
        !Set(rule.values(records[a])).isDisjoint(with: rule.values(records[b]))
      }) {
        expected.insert("\(a)-\(b)")
      }
    }
    #expect(found == expected)
    let active = records.indices.map { $0 >= 250 }
    let incremental = Blocking.candidates(records, rules: rules, active: active).pairs
    #expect(incremental.allSatisfy { $0.a >= 250 || $0.b >= 250 })
    #expect(Set(incremental.map { "\($0.a)-\($0.b)" }) == expected.filter { $0.split(separator: "-").contains { Int($0)! >= 250 } })
  }

  /// An incremental run finds shared phones and emails by looking only at the values its own
  /// records hold; with no changed record it must agree with a full pass.
  @Test func incrementalSharedValuesAgreeWithAFullPass() {
    var records: [MatchRecord] = []
    var random = SystemRandomNumberGenerator()
    let firsts = ["Jean", "Marie", "Luc", "Jeanne"]
    for i in 0..<400 {
      records.append(record(String(i), first: firsts.randomElement(using: &random)!, last: "Martin",
                            birth: Bool.random(using: &random) ? 0 : 19800101 + Int.random(in: 0...2, using: &random),
                            emails: Bool.random(using: &random) ? ["p\(Int.random(in: 0...60, using: &random))@x.fr"] : [],
                            phones: Bool.random(using: &random) ? ["+3361\(Int.random(in: 10...90, using: &random))"] : [],
                            postcode: "75011"))
    }
    let full = ComparisonContext.sharedValues(in: records)
    let known = ComparisonContext.sharedValues(in: Array(records.prefix(300)))
    let incremental = ComparisonContext.sharedValues(in: records, active: records.indices.map { $0 >= 300 }, isKnown: known.contains)
    // What scoring needs: the verdict on every value an added record holds.
    let added = Set(records[300...].flatMap { $0.emails + $0.phones })
    #expect(!full.isEmpty)
    #expect(incremental == full.intersection(added))
  }

  /// EM recovers the m-probabilities and λ that generated the patterns.
  /// The sum of squared term frequencies does not depend on the records' order nor on a
  /// dictionary's: the same exports give the same model, bit for bit, in every process.
  @Test func termFrequenciesDoNotDependOnOrder() {
    var generator = SeededRandom(seed: 7)
    let records = (0..<5_000).map { k in
      MatchRecord(source: "s", recordId: "\(k)", firstName: "f\(Int.random(in: 0..<900, using: &generator))",
                  lastName: "l\(Int.random(in: 0..<3_000, using: &generator))")
    }
    var first = MatchModel(comparisons: Comparison.defaults)
    ExpectationMaximisation.estimateTermFrequencies(&first, records: records)
    for round in 0..<10 {
      var shuffled = MatchModel(comparisons: Comparison.defaults)
      ExpectationMaximisation.estimateTermFrequencies(&shuffled, records: records.shuffled(using: &generator))
      #expect(shuffled.randomExactU == first.randomExactU, "round \(round)")
    }
  }

  @Test func expectationMaximisationRecoversKnownParameters() {
    var truth = MatchModel(comparisons: [.firstName(), .birthDate(), .email()])
    truth.m = [[1, 0.8, 0.1, 0.05, 0.03, 0.02], [1, 0.85, 0.05, 0.05, 0.05], [1, 0.7, 0.05, 0.25]]
    truth.u = [[1, 0.02, 0.01, 0.02, 0.05, 0.9], [1, 0.001, 0.001, 0.01, 0.988], [1, 0.001, 0.01, 0.989]]
    truth.lambda = 0.3
    var random = SeededGenerator(seed: 42)
    var patterns: [[Int]: Int] = [:]
    func draw(_ probabilities: [Double]) -> Int {
      var x = Double.random(in: 0..<1, using: &random)
      for (level, p) in probabilities.enumerated().dropFirst() { x -= p; if x < 0 { return level } }
      return probabilities.count - 1
    }
    for _ in 0..<200_000 {
      let isMatch = Double.random(in: 0..<1, using: &random) < truth.lambda
      let pattern = (0..<3).map { c in draw(isMatch ? truth.m[c] : truth.u[c]) }
      patterns[pattern, default: 0] += 1
    }
    var model = MatchModel(comparisons: truth.comparisons)
    model.u = truth.u
    ExpectationMaximisation.estimateM(&model, patterns: patterns, maxIterations: 200, tolerance: 1e-7)
    #expect(abs(model.lambda - 0.3) < 0.01)
    for c in 0..<3 {
      for level in 1..<truth.m[c].count { #expect(abs(model.m[c][level] - truth.m[c][level]) < 0.02, "m[\(c)][\(level)]") }
    }
  }

  @Test func vetoKeepsFatherAndSonApart() {
    let rules = MatchRules()
    let father = record("f", first: "Michel", last: "Bernard", birth: 19500214, phones: ["+33320123456"], postcode: "59000", city: "lille", street: "22 rue pasteur")
    let son = record("s", first: "Michel", last: "Bernard", birth: 19820909, phones: ["+33320123456"], postcode: "59000", city: "lille", street: "22 rue pasteur")
    let records = [father, son]
    let scorer = Scorer(model: MatchModel(comparisons: rules.comparisons), rules: rules,
                        context: ComparisonContext(sharedValues: ComparisonContext.sharedValues(in: records)))
    let pair = scorer.score(0, 1, records: records, rule: 0)
    #expect(pair.veto == "different_birth_dates")
    #expect(pair.probability == 0)
    var typo = son
    typo.birthDate = 19500215
    let same = scorer.score(0, 1, records: [father, typo], rule: 0)
    #expect(same.veto == nil && same.probability > rules.matchThreshold)
  }

  /// Only evidence of two people guards clusters, not sparse records that say little.
  @Test func knownDistinctNeedsEvidence() {
    let rules = MatchRules()
    let scorer = Scorer(model: MatchModel(comparisons: rules.comparisons), rules: rules, context: ComparisonContext())
    let sparse = [record("a", first: "Jean", last: "Dupont"), record("b", first: "Jean", last: "Dupont")]
    let low = scorer.score(0, 1, records: sparse, rule: 0)
    #expect(low.probability < rules.reviewThreshold)
    #expect(!scorer.isKnownDistinct(low))
    let different = [record("a", first: "Jean", last: "Dupont", birth: 19800101, emails: ["a@x.fr"]),
                     record("b", first: "Paul", last: "Martin", birth: 19900505, emails: ["b@y.fr"])]
    #expect(scorer.isKnownDistinct(scorer.score(0, 1, records: different, rule: 0)))
  }

  @Test func swappedNamesAreRecognised() {
    let rules = MatchRules()
    let a = record("a", first: "Martin", last: "Dupont", birth: 19800101, emails: ["x@y.fr"])
    let b = record("b", first: "Dupont", last: "Martin", birth: 19800101)
    let scorer = Scorer(model: MatchModel(comparisons: rules.comparisons), rules: rules, context: ComparisonContext())
    let pair = scorer.score(0, 1, records: [a, b], rule: 0)
    #expect(pair.swapped)
    #expect(pair.levels[0] == 1 && pair.levels[1] == 1)
  }

  /// "Dupont Martin" against "Martin Dupont": which record has its names swapped is unknown, so
  /// they weigh as the commoner reading says ("martin" a common first name), not as "dupont", a
  /// first name never seen, would; `explain` shows the same weights.
  @Test func namesInSwappedOrderWeighAsTheCommonerReading() {
    let rules = MatchRules()
    var model = MatchModel(comparisons: rules.comparisons)
    model.termFrequencies = ["first_name": ["dupont": 1e-6, "martin": 0.05], "last_name": ["martin": 0.01, "dupont": 0.01]]
    model.randomExactU = ["first_name": 0.01, "last_name": 0.01]
    let scorer = Scorer(model: model, rules: rules, context: ComparisonContext())
    let records = [record("a", first: "Dupont", last: "Martin", birth: 19800101), record("b", first: "Martin", last: "Dupont", birth: 19800101)]
    let pair = scorer.score(0, 1, records: records, rule: 0)
    #expect(pair.swapped)
    let birth = model.weight(comparison: 2, level: 1)
    let commoner = model.priorWeight + model.weight(comparison: 0, level: 1, value: "martin") + model.weight(comparison: 1, level: 1, value: "dupont") + birth
    let rarer = model.priorWeight + model.weight(comparison: 0, level: 1, value: "dupont") + model.weight(comparison: 1, level: 1, value: "martin") + birth
    #expect(abs(pair.weight - commoner) < 1e-9 && commoner < rarer - 1)
    #expect(abs(model.priorWeight + scorer.explanation(pair, records: records).map(\.weight).reduce(0, +) - pair.weight) < 1e-9)
  }

  /// A–B and B–C are strong, but A–C was compared and found distinct: C must not join A.
  @Test func clusteringRefusesToChainThroughAThirdRecord() {
    var clustering = Clustering(count: 4, distinct: [(0, 2)])
    clustering.apply([.init(a: 0, b: 1, probability: 0.99), .init(a: 1, b: 2, probability: 0.97), .init(a: 2, b: 3, probability: 0.98)])
    let clusters = clustering.clusters()
    #expect(clusters[0] == clusters[1])
    #expect(clusters[2] == clusters[3])
    #expect(clusters[0] != clusters[2])
  }

  /// One record (5) of a person, corrupted, is distinct from another of theirs (0) but matches
  /// the four others: four matches to one distinction join it. Three to one do not (the other
  /// twin's record matching three of a twin's records, distinct from the fourth); a person's
  /// rejection holds against any number of matches.
  @Test func matchesOutvoteADistinctionMoreThanThreeToOneButNeverARejection() {
    let person: [Clustering.Link] = (1...4).map { .init(a: 0, b: $0, probability: 0.99) }
    let corrupted: [Clustering.Link] = (1...4).map { .init(a: $0, b: 5, probability: 0.98) }
    var outvoted = Clustering(count: 6, distinct: [], firmlyDistinct: [(0, 5)])
    outvoted.apply(person + corrupted)
    #expect(Set(outvoted.clusters()).count == 1)
    var rejected = Clustering(count: 6, distinct: [], rejected: [(0, 5)])
    rejected.apply(person + corrupted)
    #expect(rejected.clusters() == [0, 0, 0, 0, 0, 5])
    var twins = Clustering(count: 6, distinct: [(0, 5)])
    twins.apply(person + corrupted.dropLast())
    #expect(twins.clusters() == [0, 0, 0, 0, 0, 5], "three matches against one distinction")
  }

  /// A shares B's identifier; B was found distinct from C only on names (a typo-ridden
  /// duplicate): the identifier outweighs that guard. Not a firm distinction (a different
  /// identifier) nor a steward's rejection.
  @Test func aSharedIdentifierOutweighsTheGuardButNotAFirmDistinction() {
    let links: [Clustering.Link] = [.init(a: 1, b: 2, probability: 0.99), .init(a: 0, b: 1, probability: 0.98, sharesIdentifier: true)]
    var soft = Clustering(count: 3, distinct: [(0, 2)])
    soft.apply(links)
    #expect(Set(soft.clusters()).count == 1)
    var firm = Clustering(count: 3, distinct: [], firmlyDistinct: [(0, 2)])
    firm.apply(links)
    let clusters = firm.clusters()
    #expect(clusters[1] == clusters[2] && clusters[0] != clusters[1])
    var unshared = Clustering(count: 3, distinct: [(0, 2)])
    unshared.apply(links.map { .init(a: $0.a, b: $0.b, probability: $0.probability) })
    #expect(Set(unshared.clusters()).count == 2)
  }

  /// A corrupted record (1: a mistyped first name) joined its person (0, 2) by a shared
  /// identifier despite the first-name veto; another of the person's records (3) differs from it
  /// by that veto too, but matches the person: a distinction the cluster already overrode. Another
  /// veto between them, or a veto no member overrode (twins), still keeps a record out.
  @Test func aDistinctionTheClusterAlreadyOverrodeDoesNotKeepARecordOut() {
    let links: [Clustering.Link] = [.init(a: 0, b: 2, probability: 0.99), .init(a: 0, b: 1, probability: 0.99, sharesIdentifier: true),
                                    .init(a: 1, b: 2, probability: 0.99, sharesIdentifier: true), .init(a: 0, b: 3, probability: 0.98),
                                    .init(a: 2, b: 3, probability: 0.98)]
    var overridden = Clustering(count: 5, distinct: [(1, 3)], vetoed: [[(1, 3)]], overriding: [[(0, 1), (1, 2)]])
    overridden.apply(links)
    #expect(overridden.clusters() == [0, 0, 0, 0, 4])
    var held = Clustering(count: 5, distinct: [(1, 3)], vetoed: [[(1, 3)]])
    held.apply(links)
    #expect(held.clusters() == [0, 0, 0, 3, 4], "without the overridden veto, two matches do not outvote one distinction")
    var otherVeto = Clustering(count: 5, distinct: [(1, 3)], vetoed: [[], [(1, 3)]], overriding: [[(0, 1), (1, 2)], []])
    otherVeto.apply(links)
    #expect(otherVeto.clusters() == [0, 0, 0, 3, 4], "a birth date where the cluster forgave a first name still counts")
    var twins = Clustering(count: 5, distinct: [(0, 4), (2, 4)], vetoed: [[(0, 4), (2, 4)]], overriding: [[(0, 1)]])
    twins.apply(links + [.init(a: 1, b: 4, probability: 0.97)])
    #expect(twins.clusters()[4] == 4, "a veto no member overrode (2 against 4) still counts")
  }

  /// A record with a mistyped birth date (3) joins its person by a near national id, which lifted
  /// the birth-date veto against two of the person's records (0, 2); a third record (1), whose id
  /// is itself mistyped, differs from it by that same birth date: the cluster already forgave
  /// that difference, so the record joins. Forgiven against a record outside the cluster, it
  /// does not.
  @Test func aRecordForgivenAVetoByItsPersonIsNotKeptOutByTheSameVeto() {
    let person: [Clustering.Link] = [.init(a: 0, b: 1, probability: 0.99), .init(a: 0, b: 2, probability: 0.99),
                                     .init(a: 1, b: 2, probability: 0.99)]
    let joining: [Clustering.Link] = [.init(a: 0, b: 3, probability: 0.99, sharesIdentifier: true),
                                      .init(a: 2, b: 3, probability: 0.99, sharesIdentifier: true)]
    var forgiven = Clustering(count: 5, distinct: [], firmlyDistinct: [(1, 3)], vetoed: [[(1, 3)]], overriding: [[(0, 3), (2, 3)]])
    forgiven.apply(person + joining)
    #expect(forgiven.clusters() == [0, 0, 0, 0, 4])
    var elsewhere = Clustering(count: 5, distinct: [], firmlyDistinct: [(1, 3)], vetoed: [[(1, 3)]], overriding: [[(3, 4)]])
    elsewhere.apply(person + joining)
    #expect(elsewhere.clusters() == [0, 0, 0, 3, 4], "two matches do not outvote a distinction no member forgave")
    var otherVeto = Clustering(count: 5, distinct: [], firmlyDistinct: [(1, 3)], vetoed: [[], [(1, 3)]], overriding: [[(0, 3), (2, 3)], []])
    otherVeto.apply(person + joining)
    #expect(otherVeto.clusters() == [0, 0, 0, 3, 4], "a first name where the cluster forgave a birth date still counts")
  }

  @Test func matchingRulesFileErrorsAreLocated() throws {
    let path = TestFiles.write("comparisons:\n  - name: x\n    kind: fuzzy\n", name: "m.yml")
    let error = #expect(throws: MatchError.self) { try MatchRules.load(path) }
    #expect(error?.locator.line == 3)
    let veto = TestFiles.write("vetoes:\n  - name: v\n    when: {birth_date: nope}\n", name: "v.yml")
    #expect(throws: RulesError.self) { try MatchRules.load(veto) }
    let shipped = try MatchRules.load(TestFiles.repository.appendingPathComponent("rules/matching.yml").path)
    #expect(shipped.blockingRules == BlockingRule.defaults && shipped.vetoes.count == 2)
    let levels = TestFiles.write("vetoes:\n  - name: v\n    when: {birth_date: different}\n    unless: {email: [exact, exact_shared], phone: exact}\n", name: "l.yml")
    #expect(try MatchRules.load(levels).vetoes.first?.unless == ["email": ["exact", "exact_shared"], "phone": ["exact"]])
    let twoWhen = TestFiles.write("vetoes:\n  - name: v\n    when: {birth_date: [different, exact]}\n", name: "w.yml")
    let whenError = #expect(throws: RulesError.self) { try MatchRules.load(twoWhen) }
    #expect(whenError?.locator.line == 3)
  }
}

/// A seeded generator for reproducible tests.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
