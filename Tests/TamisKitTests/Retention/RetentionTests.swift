import Foundation
import Testing
@testable import TamisKit

@Suite struct RetentionTests {
  static let asOf = CivilDate(iso: "2026-12-01")!

  @Test(arguments: [("3y", 3, 0, 0), ("18m", 0, 18, 0), ("90d", 0, 0, 90), ("1000y", 1000, 0, 0)])
  func periodsRead(text: String, years: Int, months: Int, days: Int) {
    #expect(RetentionPeriod(text) == RetentionPeriod(years: years, months: months, days: days))
  }

  @Test(arguments: ["0y", "-3y", "3", "y", "3w", "1001y", "3 y", "", "1.5y"])
  func unreadablePeriodsAreRefused(text: String) {
    #expect(RetentionPeriod(text) == nil)
  }

  @Test func aPeriodCountsInCalendarTerms() {
    #expect(RetentionPeriod("3y")!.after(CivilDate(iso: "2024-02-29")!) == CivilDate(iso: "2027-02-28"))
    #expect(RetentionPeriod("1m")!.after(CivilDate(iso: "2026-01-31")!) == CivilDate(iso: "2026-02-28"))
    #expect(RetentionPeriod("18m")!.description == "18 months" && RetentionPeriod("1y")!.description == "1 year")
  }

  /// The latest of the rule's dates counts, whatever the order the rule names them in; an
  /// unreadable date is no date.
  @Test func theLatestReferenceDateCounts() throws {
    let rule = try #require(RetentionRules.defaults.rule(for: "prospect"))
    let due = try #require(rule.due([.created: "2019-05-01", .lastContact: "2022-03-04T10:00:00Z", .lastPurchase: "garbage", .lastSeen: "2026-11-01"]))
    #expect(due.from == .lastContact && due.reference == CivilDate(iso: "2022-03-04") && due.due == CivilDate(iso: "2025-03-04"))
    #expect(rule.due([.lastSeen: "2026-11-01"]) == nil, "last_seen is not a prospect's date")
    #expect(try #require(rule.due([.created: "2020-01-01", .lastConsent: "2025-06-01"])).from == .lastConsent, "a renewed consent restarts the period")
  }

  @Test func aContractEndIsAReferenceDate() throws {
    let rule = RetentionRules.Rule(name: "contracts", statuses: ["customer"], from: [.endOfContract, .lastPurchase], keep: RetentionPeriod(years: 5),
                                   action: .archive, archiveFor: RetentionPeriod(years: 5))
    let due = try #require(rule.due([.lastPurchase: "2020-01-10", .endOfContract: "2022-06-30"]))
    #expect(due.from == .endOfContract && due.due == CivilDate(iso: "2027-06-30"))
    for header in ["Date de fin de contrat", "date_resiliation", "Contract End Date"] {
      #expect(HeaderSynonyms.detect(header)?.field == .contractEndAt, "\(header)")
    }
  }

  @Test func theFirstRuleForAStatusApplies() {
    let rules = RetentionRules.defaults
    #expect(rules.rule(for: nil)?.name == "prospects" && rules.rule(for: "")?.name == "prospects")
    #expect(rules.rule(for: "former_customer")?.name == "customers")
    #expect(rules.rule(for: "vip") == nil)
  }

  @Test func theShippedFileIsTheDefaults() throws {
    let shipped = try RetentionRules.load(TestFiles.repository.appendingPathComponent("rules/retention.yml").path)
    #expect(shipped.rules == RetentionRules.defaults.rules)
  }

  @Test(arguments: [
    ("rules:\n  - name: a\n    status: [prospect, vip]\n    from: created\n    keep: 3y\n", "3:24", "a customer status among"),
    ("rules:\n  - name: a\n    from: [created, last_login]\n    keep: 3y\n", "3:21", "one of: last_contact"),
    ("rules:\n  - name: a\n    from: created\n    keep: -3y\n", "4:11", "a period from 1 to 1000"),
    ("rules:\n  - name: a\n    from: created\n    keep: 3y\n    action: shred\n", "5:13", "one of: erase, anonymise, archive, review"),
    ("rules:\n  - name: a\n    from: created\n    keep: 3y\n    action: archive\n", "5:13", "archive with archive_for"),
    ("rules:\n  - name: a\n    from: created\n    keep: 3y\n    action: erase\n    archive_for: 5y\n", "6:18", "no archive_for unless"),
    ("rules:\n  - name: a\n    from: created\n    keep: 3y\n    action: archive\n    archive_for: 5 ans\n", "6:18", "a period from 1 to 1000"),
    ("rules:\n  - name: a\n    from: created\n    keep: 3y\n    action: review\n    suppress: true\n", "6:15", "suppress only on a rule that erases"),
    ("rules:\n  - name: a\n    source: [crm, \"\"]\n    from: created\n    keep: 3y\n", "3:19", "a source system's name"),
    ("rules:\n  - name: a\n    from: created\n    keep: 3y\n    field: birth_date\n", "", "unknown key 'field'"),
    ("rules:\n  - name: a\n    from: created\n    keep: 3y\n  - name: a\n    from: created\n    keep: 1y\n", "5:11", "a name no other rule has"),
    ("rules:\n  - name: a\n    from: []\n    keep: 3y\n", "3:11", "one reference date or a list"),
    ("rules:\n  - name: a\n    fields: [birth_date, email]\n    from: created\n    keep: 1y\n", "3:26", "a field among civility, birth_date"),
    ("rules:\n  - name: a\n    fields: []\n    from: created\n    keep: 1y\n", "3:13", "a field among"),
    ("rules:\n  - name: a\n    fields: [birth_date]\n    from: created\n    keep: 1y\n    action: anonymise\n", "6:13", "erase or review on a rule per field"),
    ("rules:\n  - name: a\n    fields: [birth_date]\n    from: created\n    keep: 1y\n    action: erase\n    suppress: true\n", "7:15",
     "no suppress on a rule per field"),
  ])
  func badRulesNameTheirPlace(yaml: String, position: String, message: String) throws {
    let path = TestFiles.write(yaml, name: "retention.yml")
    let error = #expect(throws: RulesError.self) { try RetentionRules.load(path) }
    let text = error?.description ?? ""
    #expect(text.contains(message), "\(text)")
    if !position.isEmpty { #expect(text.hasPrefix("\(path):\(position)"), "\(text)") }
  }
}
