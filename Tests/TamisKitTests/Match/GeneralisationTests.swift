import Foundation
import Testing
@testable import TamisKit

/// Matching that holds on exports it was not tuned on: λ fitted to each run, identifiers as
/// evidence, vetoes that fire on two people rather than on a typo.
@Suite struct GeneralisationTests {
  func record(_ id: String, first: String = "", last: String = "", birth: Int = 0, emails: [String] = [], postcode: String = "",
              identifiers: [String: String] = [:]) -> MatchRecord {
    MatchRecord(source: "t", recordId: id, firstName: NameNormaliser.key(first), lastName: NameNormaliser.key(last), birthDate: birth,
                emails: emails, postalCode: postcode, identifiers: identifiers)
  }

  /// `people` distinct people, each with a personal email; `duplicates` of them twice.
  func population(people: Int, duplicates: Int) -> [MatchRecord] {
    var random = SeededGenerator(seed: UInt64(people))
    let firsts = ["jean", "marie", "pierre", "anne", "luc", "julie", "paul", "claire", "louis", "emma"]
    var records: [MatchRecord] = []
    for k in 0..<people {
      let person = record("p\(k)", first: firsts.randomElement(using: &random) ?? "jean", last: "name\(k % (people / 3 + 1))",
                          birth: 19400101 + Int.random(in: 0...600, using: &random) * 100 % 1231, emails: ["p\(k)@x.fr"])
      records.append(person)
      if k < duplicates {
        var copy = person
        copy.recordId = "d\(k)"
        records.append(copy)
      }
    }
    return records
  }

  /// λ is the chance that two of this run's records are one person: measured on the run, it
  /// follows the import's size instead of a prior fitted to a million records.
  @Test(arguments: [(500, 60), (3000, 400)])
  func lambdaFollowsTheImportsSize(people: Int, duplicates: Int) {
    let records = population(people: people, duplicates: duplicates)
    let pass = MatchingPass(records: records, active: nil, isKnownShared: { _ in false }, stored: nil, rules: MatchRules(), retrain: false)
    let n = Double(records.count)
    let truth = Double(duplicates) / (n * (n - 1) / 2)
    #expect(pass.model.lambda > truth * 0.9 && pass.model.lambda < truth * 3, "λ \(pass.model.lambda), truth \(truth)")
    #expect(pass.model.lambda > 1e-5, "not the million-record prior")
  }

  @Test func lambdaKnownAnswers() {
    // 100,000 records, 35,000 certain pairs, recall 0.7: 50,000 true pairs among 4,999,950,000.
    #expect(abs(ExpectationMaximisation.lambda(certainPairs: 35_000, records: 100_000) - 50_000 / 4_999_950_000) < 1e-12)
    // An incremental run of 10 records on 90 others: 10·90 + 45 pairs it could propose.
    #expect(abs(ExpectationMaximisation.lambda(certainPairs: 7, records: 100, active: 10) - 10 / 945.0) < 1e-12)
  }

  /// A declared identifier is compared and blocked on with no configuration, and an identical
  /// one (or a keying slip away) lifts the first-name and birth-date vetoes as a personal email does.
  @Test func declaredIdentifiersAreEvidence() {
    let rules = MatchRules().comparingIdentifiers(["loyalty"])
    #expect(rules.comparisons.contains { $0.kind == .identifier && $0.field == "loyalty" })
    #expect(rules.blockingRules.first?.keys == [.identifier])
    #expect(rules.vetoes.allSatisfy { $0.unless["loyalty"] == ["exact", "near"] })
    #expect(MatchRules().comparingIdentifiers([]).comparisons == MatchRules().comparisons, "nothing declared, nothing added")
    let a = record("a", first: "Rebecca", last: "Trenerry", birth: 19050103, identifiers: ["loyalty": "7814962"])
    let b = record("b", first: "Isabelle", last: "Trenerry", birth: 19050113, identifiers: ["loyalty": "7814962"])
    let blocked = Blocking.candidates([a, b], rules: rules)
    #expect(blocked.pairs.count == 1)
    let scorer = Scorer(model: MatchModel(comparisons: rules.comparisons), rules: rules, context: ComparisonContext())
    #expect(scorer.score(0, 1, records: [a, b], rule: 0).veto == nil)
    var other = b
    other.identifiers = ["loyalty": "2980023"]
    #expect(scorer.score(0, 1, records: [a, other], rule: 0).veto != nil, "twins with their own cards stay apart")
  }

  /// A keying slip is near; numbers differing in their last digit only are consecutive numbers
  /// (twins' cards), not a slip; two neighbours swapped at the end are a slip.
  @Test(arguments: [("7814962", "7814962", 1), ("7814962", "7814963", 3), ("7814962", "7819462", 2), ("7814962", "7841692", 3),
                    ("7814962", "7814926", 2), ("AB12", "AB13", 2), ("7814962", "", 0), ("AB12", "AB1", 3)])
  func identifierLevels(x: String, y: String, level: Int) {
    let comparison = Comparison(name: "id", kind: .identifier, field: "id")
    let a = record("a", identifiers: x.isEmpty ? [:] : ["id": x]), b = record("b", identifiers: y.isEmpty ? [:] : ["id": y])
    #expect(comparison.level(a, b, context: ComparisonContext()) == level)
  }

  /// A first name cut short by three letters or more is not a second person; a brother and a
  /// sister ("Louis" / "Louise"), twins ("Lucas" / "Louis") are.
  @Test(arguments: [("Alex", "Alexandre", false), ("Fred", "Frederic", false), ("Louis", "Louise", true), ("Jean", "Jeanne", true),
                    ("Lucas", "Louis", true), ("Jean", "Pierre", true)])
  func firstNameVetoesForgiveTruncations(x: String, y: String, twoPeople: Bool) {
    let scorer = Scorer(model: MatchModel(comparisons: Comparison.defaults), rules: MatchRules(), context: ComparisonContext())
    #expect(scorer.firstNamesShowTwoPeople(record("a", first: x), record("b", first: y), swapped: false) == twoPeople)
  }

  @Test func anIdentifierSharedOrDifferingIsToldApartFromNamesAndDates() {
    let rules = MatchRules().comparingIdentifiers(["nir"])
    let scorer = Scorer(model: MatchModel(comparisons: rules.comparisons), rules: rules, context: ComparisonContext())
    let a = record("a", first: "Jenna", last: "Campbell", birth: 19751109, identifiers: ["nir": "9092692"])
    let same = record("b", first: "Rosie", last: "Rundle", birth: 19751109, identifiers: ["nir": "9092692"])
    let near = record("c", first: "Rosie", last: "Rundle", birth: 19751109, identifiers: ["nir": "9082692"])
    let other = record("d", first: "Rosie", last: "Rundle", birth: 19751109, identifiers: ["nir": "1234567"])
    let records = [a, same, near, other]
    let samePair = scorer.score(0, 1, records: records, rule: 0)
    #expect(scorer.sharesIdentifier(samePair) && samePair.veto == nil && samePair.liftedVeto == "different_first_names")
    let nearPair = scorer.score(0, 2, records: records, rule: 0)
    #expect(scorer.sharesIdentifier(nearPair) && nearPair.veto == nil && nearPair.liftedVeto != nil)
    #expect(scorer.isFirmlyDistinct(scorer.score(0, 3, records: records, rule: 0)))
    let consecutive = record("e", first: "Rosie", last: "Campbell", birth: 19751109, identifiers: ["nir": "9092693"])
    let twins = scorer.score(0, 1, records: [a, consecutive], rule: 0)
    #expect(twins.veto == "different_first_names" && twins.liftedVeto == nil && scorer.isFirmlyDistinct(twins))
  }

  /// Names read the other way round: a record that lacks its last name ("Cameron" alone, against
  /// "Jessup Cameron" swapped), and a surname only close when the first name is exact.
  @Test func swappedNamesAreReadWhenOneSideLacksANameOrHasATypo() {
    let scorer = Scorer(model: MatchModel(comparisons: Comparison.defaults), rules: MatchRules(), context: ComparisonContext())
    let alone = record("a", first: "Cameron", birth: 19561117), swapped = record("b", first: "Jessup", last: "Cameron", birth: 19561117)
    let (levels, isSwapped) = scorer.levels(alone, swapped)
    #expect(isSwapped && levels[0] == 1 && levels[1] == 0)
    #expect(scorer.score(0, 1, records: [alone, swapped], rule: 0).veto == nil)
    let typo = record("c", first: "Shepherd", last: "Jaxk"), other = record("d", first: "Jack", last: "Shepherd")
    #expect(scorer.levels(typo, other).swapped)
    #expect(scorer.levels(record("f", first: "Coon", last: "Guigui"), record("g", first: "Guillaume", last: "Coon")).swapped, "a nickname read across")
    let stranger = record("e", first: "Jessup", last: "Martin")
    #expect(!scorer.levels(alone, stranger).swapped && scorer.score(0, 1, records: [alone, stranger], rule: 0).veto != nil)
  }

  /// Blocking hashes a rule's keys part by part; the blocks are those of the joined keys, for
  /// records with missing, single and several values under every key.
  @Test func keyHashesAreTheHashesOfTheJoinedKeys() {
    var random = SeededGenerator(seed: 7)
    let words = ["", "jean", "marie", "dupont", "martin", "jean pierre", "le gall"]
    func pick() -> String { words.randomElement(using: &random) ?? "" }
    let rules = BlockingRule.defaults + [BlockingRule(name: "all", keys: BlockingKey.allCases), BlockingRule(name: "pair", keys: [.phone, .email])]
    for k in 0..<500 {
      let record = MatchRecord(source: "t", recordId: "\(k)", firstName: pick(), lastName: pick(), birthDate: Bool.random(using: &random) ? 19800101 + k : 0,
                               emails: (0..<Int.random(in: 0...2, using: &random)).map { "e\($0)@\(pick())" },
                               phones: (0..<Int.random(in: 0...2, using: &random)).map { "+3361234567\($0)" },
                               postalCode: Bool.random(using: &random) ? "7501\(k % 10)" : "", streetKey: pick(),
                               identifiers: Bool.random(using: &random) ? ["nir": "1850575\(k)"] : [:])
      for rule in rules { #expect(rule.keyHashes(record) == rule.values(record).map(Blocking.stableHash), "\(rule.name), record \(k)") }
    }
  }

  /// A married woman entered surname first in one system ("Dubois Catherine") under her maiden
  /// name in another ("Catherine Tarais"): read across, the first names agree, exactly or as a
  /// short form, and the first-name veto does not call her two people. Which record is swapped is
  /// read from name frequencies: "Céline Pachoux" / "Pachoux Frédéric" are twins (the surname
  /// agrees across), and in "Jean Daniel" / "Sébastien Jean" neither record looks swapped; both
  /// stay vetoed. Without name frequencies, names are not read across.
  @Test func aFirstNameReadAcrossAgreesWhenOneRecordLooksSwapped() {
    var model = MatchModel(comparisons: Comparison.defaults)
    model.termFrequencies = ["first_name": ["catherine": 0.01, "celine": 0.01, "frederic": 0.01, "brigitte": 0.01, "pachoux": 1e-5, "gigi": 1e-3,
                                            "jean": 0.05, "daniel": 0.01, "sebastien": 0.01],
                             "last_name": ["dubois": 0.01, "tarais": 1e-4, "catherine": 1e-5, "pachoux": 1e-4, "gigi": 1e-5, "gundin": 1e-4,
                                           "maillard": 1e-3, "jean": 1e-3, "daniel": 5e-4]]
    let scorer = Scorer(model: model, rules: MatchRules(), context: ComparisonContext())
    let married = [record("a", first: "Dubois", last: "Catherine", birth: 19890405), record("b", first: "Catherine", last: "Tarais", birth: 19890405)]
    for (x, y) in [(0, 1), (1, 0)] {
      let pair = scorer.score(x, y, records: married, rule: 0)
      #expect(pair.swapped && pair.levels[0] == 1 && pair.levels[1] == 4 && pair.veto == nil, "records in order \(x), \(y)")
    }
    let nickname = [record("c", first: "Maillard", last: "Gigi"), record("d", first: "Brigitte", last: "Gundin")]
    #expect(scorer.levels(nickname[0], nickname[1]).levels[0] == 2, "a short form read across")
    let twins = [record("e", first: "Celine", last: "Pachoux", birth: 19630215), record("f", first: "Pachoux", last: "Frederic", birth: 19630215)]
    let neither = [record("g", first: "Jean", last: "Daniel", birth: 19990316), record("h", first: "Sebastien", last: "Jean", birth: 19990316)]
    for records in [twins, neither] {
      for (x, y) in [(0, 1), (1, 0)] { #expect(scorer.score(x, y, records: records, rule: 0).veto == "different_first_names") }
    }
    let unweighted = Scorer(model: MatchModel(comparisons: Comparison.defaults), rules: MatchRules(), context: ComparisonContext())
    #expect(unweighted.score(0, 1, records: married, rule: 0).veto == "different_first_names")
  }

  /// A nickname list holds names spelt right; exports do not: a name one slip from a listed full
  /// name is known as that name ("Crhistophe" is Chris, "Guilaume" is Guigui), in both orders.
  /// Short names are not (one letter makes another name), nor are listed names (Louis is not
  /// Louise), nor a name two slips away.
  @Test func aNicknameIsKnownNextToAMisspeltFullName() {
    let nicknames = Nicknames().knowingSlips(of: ["crhistophe", "guilaume", "louis", "louise", "chrstphe", "emiie"])
    #expect(nicknames.related("crhistophe", "chris") && nicknames.related("chris", "crhistophe"))
    #expect(nicknames.related("guigui", "guilaume") && nicknames.related("emiie", "mimi"))
    #expect(!nicknames.related("louis", "lou") && !nicknames.related("louise", "loulou"))
    #expect(!nicknames.related("chrstphe", "chris"), "two slips away")
    #expect(!Nicknames().related("crhistophe", "chris"), "only names seen in the run are looked up")
    let scorer = Scorer(model: MatchModel(comparisons: Comparison.defaults), rules: MatchRules(), context: ComparisonContext(nicknames: nicknames))
    let pair = scorer.score(0, 1, records: [record("a", first: "Crhistophe", last: "Richard", birth: 19860412),
                                            record("b", first: "Chris", last: "Richard", birth: 19860412)], rule: 0)
    #expect(pair.levels[0] == 2 && pair.veto == nil)
  }

  /// The same street in the same département is the same street when the town is one slip apart,
  /// or the postcode is and a town is not named; not in another town, nor in another département.
  /// On another street, the places compare as they are: same city, same département, neither.
  @Test(arguments: [("2299 armidale", "2294 armdiale", 1, 3), ("2299", "2294 armidale", 1, 3), ("2621 leeton", "2612 leetoh", 1, 3),
                    ("69100 villeurbanne", "69110 sainte foy les lyon", 3, 3), ("69100", "69101", 1, 3),
                    ("2299 armidale", "3299 armdiale", 4, 4), ("75011 paris", "75012 paris", 1, 2)])
  func aMistypedTownOrPostcodeOnTheSameStreetIsTheSameStreet(place: String, other: String, level: Int, elsewhereLevel: Int) {
    func record(_ id: String, _ place: String, street: String) -> MatchRecord {
      let parts = place.split(separator: " ", maxSplits: 1).map(String.init)
      return MatchRecord(source: "t", recordId: id, postalCode: parts[0], cityKey: parts.count > 1 ? parts[1] : "", streetKey: street)
    }
    let a = record("a", place, street: "16 carnegie garden")
    #expect(Comparison.address().level(a, record("b", other, street: "16 carnegie garden"), context: ComparisonContext()) == level)
    #expect(Comparison.address().level(a, record("c", other, street: "3 rue voltaire"), context: ComparisonContext()) == elsewhereLevel)
  }

  /// Blocking keys that survive names swapped or mistyped past their start and a mistyped postcode.
  @Test func blockingForgivesSwappedNamesAndPostcodeSlips() {
    let a = record("a", first: "Julien", last: "Rolsoux", birth: 19650619, postcode: "25314")
    let b = record("b", first: "Rossoux", last: "Julien", birth: 19650619, postcode: "25341")
    #expect(BlockingKey.namePrefix.values(a) == ["jul", "rol"])
    #expect(BlockingKey.department.values(b) == ["25"] && BlockingKey.department.values(record("c", postcode: "75")).isEmpty)
    let prefix = MatchRules.with(blocking: [BlockingRule(name: "p", keys: [.namePrefix, .birthDate])])
    let department = MatchRules.with(blocking: [BlockingRule(name: "d", keys: [.birthDate, .department])])
    let old = MatchRules.with(blocking: [BlockingRule(name: "o", keys: [.firstNamePrefix, .birthDate]), BlockingRule(name: "q", keys: [.birthDate, .postalCode])])
    #expect(Blocking.candidates([a, b], rules: prefix).pairs.count == 1)
    #expect(Blocking.candidates([a, b], rules: department).pairs.count == 1)
    #expect(Blocking.candidates([a, b], rules: old).pairs.isEmpty)
  }

  /// Each blocking rule trains on every pair it proposes. Counted under the first rule only,
  /// `same_birth_date` (after `same_email`) sees no true pair sharing an email and learns that
  /// an identical email is evidence against a match.
  @Test func aRuleTrainsOnEveryPairItProposesNotOnlyThoseNoEarlierRuleFound() {
    let comparisons = MatchRules().comparisons
    let rules = [BlockingRule(name: "same_email", keys: [.email]), BlockingRule(name: "same_birth_date", keys: [.birthDate])]
    let same: [UInt8] = [1, 1, 1, 1, 0, 1], other: [UInt8] = [5, 4, 1, 3, 0, 4]
    var pairs: [(a: Int, b: Int, rule: Int)] = [], levels: [UInt8] = [], foundBy: [UInt64] = []
    for k in 0..<600 {
      let isMatch = k < 300
      pairs.append((a: 2 * k, b: 2 * k + 1, rule: isMatch ? 0 : 1))
      levels += isMatch ? same : other
      foundBy.append(isMatch ? 0b11 : 0b10)
    }
    let email = comparisons.firstIndex { $0.kind == .email } ?? 0
    var everyRule = MatchModel(comparisons: comparisons)
    _ = ExpectationMaximisation.train(&everyRule, pairs: pairs, foundBy: foundBy, levels: levels, rules: rules, records: 1200)
    var firstRuleOnly = MatchModel(comparisons: comparisons)
    _ = ExpectationMaximisation.train(&firstRuleOnly, pairs: pairs, foundBy: [], levels: levels, rules: rules, records: 1200)
    #expect(everyRule.weight(comparison: email, level: 1, value: nil) > 5)
    #expect(firstRuleOnly.weight(comparison: email, level: 1, value: nil) < everyRule.weight(comparison: email, level: 1, value: nil) - 5)
  }

  @Test func aFirstNameABirthDateAndWhereTheyLiveIdentifyAPerson() {
    #expect(ValidationRules().identifying.contains([.firstName, .birthDate, .postalCode]))
    #expect(ValidationRules().identifying.contains([.firstName, .birthDate, .street]))
  }
}

extension MatchRules {
  static func with(blocking: [BlockingRule]) -> MatchRules {
    var rules = MatchRules()
    rules.blockingRules = blocking
    return rules
  }
}

@Suite struct StreetKeyTests {
  /// An export that keeps the house number in a column of its own still compares whole streets.
  @Test(arguments: [(["11", "were street"], "11 were street"), (["24 bis", "rue de la paix"], "24 bis rue de la paix"),
                    (["11"], "11"), (["12 rue voltaire", "batiment b"], "12 rue voltaire"), ([], "")])
  func aHouseNumberAloneJoinsTheLineAfterIt(lines: [String], key: String) {
    #expect(MatchRecord.streetKey(lines) == key)
  }
}
