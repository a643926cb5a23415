import Foundation
import Testing
@testable import TamisKit

@Suite struct ValidationTests {
  func contact(_ values: [(ContactField, String)]) -> Contact {
    var record = MappedRecord(locator: Locator(file: "f.csv", line: 7, record: 6), source: "f")
    for (field, text) in values { record[field].append(.init(text: text, column: field.rawValue)) }
    return Normaliser(options: NormaliseOptions(referenceDate: CivilDate(year: 2026, month: 1, day: 1))).normalise(record)
  }

  @Test func aRecordWithNoIdentifyingSetIsQuarantined() {
    var empty = contact([(.city, "Paris"), (.createdAt, "01/01/2020")])
    Validator(rules: ValidationRules()).validate(&empty)
    #expect(empty.hasErrors)
    #expect(empty.issues.map(\.code) == ["RECORD_UNIDENTIFIABLE"])
    #expect(empty.issues[0].locator.line == 7)

    var named = contact([(.lastName, "Dupont"), (.postalCode, "75011")])
    Validator(rules: ValidationRules()).validate(&named)
    #expect(!named.hasErrors)
  }

  @Test func rulesRegradeSeveritiesAndCheckFields() throws {
    let path = TestFiles.write("""
      version: 1
      required: [email]
      severities:
        PHONE_INVALID: error
      fields:
        civility: { allowed: [M, Mme] }
        postal_code: { pattern: "^75", severity: error }
        last_name: { max_length: 5 }
        first_name: { max_length: 6 }
      """, name: "v.yml")
    let rules = try ValidationRules.load(path)
    // "Dupont" has six characters (too long); "Hélène" six characters in eight bytes (not too long).
    var record = contact([(.lastName, "Dupont"), (.firstName, "Hélène"), (.phone, "12"), (.civility, "Dr"), (.postalCode, "69003")])
    Validator(rules: rules).validate(&record)
    let bySeverity = Dictionary(grouping: record.issues, by: \.code).mapValues { $0.map(\.severity) }
    #expect(bySeverity["PHONE_INVALID"] == [.error])
    #expect(bySeverity["REQUIRED_FIELD_MISSING"] == [.error])
    #expect(bySeverity["VALUE_NOT_ALLOWED"] == [.warning])
    #expect(bySeverity["VALUE_PATTERN_MISMATCH"] == [.error])
    #expect(record.issues.filter { $0.code == "VALUE_TOO_LONG" }.map(\.locator.field) == ["last_name"])
  }

  @Test func badRulesFilesNameTheirLine() throws {
    let unknownCode = TestFiles.write("version: 1\nseverities:\n  EMAIL_INVLAID: error\n", name: "a.yml")
    let codeError = #expect(throws: ValidateError.self) { try ValidationRules.load(unknownCode) }
    #expect(codeError?.locator.line == 3)
    let unknownField = TestFiles.write("version: 1\nrequired: [emails]\n", name: "b.yml")
    #expect(throws: ValidateError.self) { try ValidationRules.load(unknownField) }
    let badRate = TestFiles.write("thresholds:\n  - code: EMAIL_INVALID\n    max_rate: 2\n", name: "c.yml")
    let rateError = #expect(throws: RulesError.self) { try ValidationRules.load(badRate) }
    #expect(rateError?.locator.line == 3)
    let broken = TestFiles.write("fail_on: [error\n", name: "d.yml")
    #expect(throws: RulesError.self) { try ValidationRules.load(broken) }
  }

  @Test func thresholdsJudgeRatesAmongRecordsWithTheField() throws {
    var rules = ValidationRules()
    rules.thresholds = [.init(code: "EMAIL_INVALID", maxRate: 0.02, among: .email, minRecords: 10, locator: Locator(file: "v.yml", line: 3))]
    var tally = FeedTally()
    tally.begin(FileProfile(file: "f.csv", format: .csv, encoding: .utf8))
    for i in 0..<100 {
      var item = contact([(.email, i < 3 ? "broken" : "p\(i)@x.fr")])
      Validator(rules: rules).validate(&item)
      tally.count(item)
    }
    tally.applyThresholds(rules)
    #expect(tally.feedIssues.map(\.code) == ["THRESHOLD_EXCEEDED"])
    #expect(!tally.passes(rules))
    #expect(tally.balances)
    rules.thresholds[0].maxRate = 0.05
    var relaxed = tally
    relaxed.feedIssues = []
    relaxed.severities["THRESHOLD_EXCEEDED"] = nil
    relaxed.applyThresholds(rules)
    #expect(relaxed.feedIssues.isEmpty)
  }

  /// Three records, all unusable: below `min_records`, yet the feed fails (nothing of it can be
  /// loaded); one usable record among them and the small feed is not judged.
  @Test func aFeedOfWhichNothingCanBeLoadedFailsWhateverItsSize() {
    var rules = ValidationRules()
    rules.thresholds = [.init(code: "QUARANTINED", maxRate: 0.1, minRecords: 20, locator: Locator(file: "v.yml", line: 9))]
    func tally(usable: Int) -> FeedTally {
      var tally = FeedTally()
      tally.begin(FileProfile(file: "f.csv", format: .csv, encoding: .utf8))
      for i in 0..<3 {
        var item = contact(i < usable ? [(.lastName, "Dupont"), (.postalCode, "75011")] : [(.city, "Paris")])
        Validator(rules: rules).validate(&item)
        tally.count(item)
      }
      tally.applyThresholds(rules)
      return tally
    }
    let none = tally(usable: 0)
    #expect(none.feedIssues.map(\.code) == ["THRESHOLD_EXCEEDED"])
    #expect(none.feedIssues.first?.message.contains("QUARANTINED in 3 of 3 records") == true, "\(none.feedIssues)")
    #expect(!none.passes(rules))
    let one = tally(usable: 1)
    #expect(one.feedIssues.isEmpty)
    #expect(one.passes(rules))
  }

  /// Ten records validated and counted under one threshold, which is then judged.
  func tallied(_ code: String, maxRate: Double, among: ContactField, _ record: (Int) -> [(ContactField, String)]) -> FeedTally {
    var rules = ValidationRules()
    rules.thresholds = [.init(code: code, maxRate: maxRate, among: among, minRecords: 4, locator: Locator(file: "v.yml", line: 3))]
    var tally = FeedTally()
    tally.begin(FileProfile(file: "f.csv", format: .csv, encoding: .utf8))
    for i in 0..<10 {
      var item = contact(record(i))
      Validator(rules: rules).validate(&item)
      tally.count(item)
    }
    tally.applyThresholds(rules)
    return tally
  }

  /// `among:` may name any field, not only the usual contact channels.
  @Test func thresholdsCountAmongAnyField() {
    let tally = tallied("EMAIL_INVALID", maxRate: 0.10, among: .company) { i in
      [(.lastName, "Dupont"), (.postalCode, "75011"), (.email, i < 2 ? "broken" : "p\(i)@x.fr")] + (i < 5 ? [(.company, "ACME")] : [])
    }
    #expect(tally.recordsWithField[ContactField.company.index] == 5)
    #expect(tally.feedIssues.map(\.code) == ["THRESHOLD_EXCEEDED"])  // 2 of 5 with a company
  }

  /// `among: phone` counts records with a phone in any column: half with a mobile, half with a
  /// landline make one base of ten, not the five of the larger column.
  @Test func phoneThresholdsCountRecordsWithAnyPhone() {
    let tally = tallied("PHONE_INVALID", maxRate: 0.25, among: .phone) { i in
      [(.lastName, "Dupont"), (.firstName, "Jean"), (i % 2 == 0 ? .mobile : .landline, i < 2 ? "12" : "06 12 34 56 \(10 + i)")]
    }
    #expect(tally.recordsWithPhone == 10)
    #expect(tally.recordsWithCode["PHONE_INVALID"] == 2)
    #expect(tally.feedIssues.isEmpty, "2 invalid of 10 records with a phone is 20 %, under the limit (not 2 of 5)")
  }

  @Test func shippedRulesLoad() throws {
    let rules = try ValidationRules.load(TestFiles.repository.appendingPathComponent("rules/validation.yml").path)
    #expect(rules.failOn == .feed)
    #expect(rules.thresholds.count == 3)
  }
}
