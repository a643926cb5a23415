import Foundation
import PropertyBased
import Testing
@testable import TamisKit

@Suite struct SurvivorshipTests {
  func view(_ source: String, _ id: String, recency: String, _ values: [ContactField: [String]]) -> SurvivorView {
    var all = [[String]](repeating: [], count: ContactField.count)
    for (field, list) in values { all[field.index] = list }
    return SurvivorView(source: source, recordId: id, recency: recency, values: all)
  }

  var views: [SurvivorView] {
    [
      view("eshop", "W1", recency: "2024-06-01", [.firstName: ["Jean"], .lastName: ["Dupond"], .email: ["j@x.fr"], .street: ["12 bd Voltaire"], .postalCode: ["75011"], .city: ["Paris"], .civility: ["M"]]),
      view("crm", "C1", recency: "2019-01-02", [.firstName: ["Jean"], .lastName: ["Dupont"], .email: ["jean@y.fr", "j@x.fr"], .street: ["12 boulevard Voltaire"], .postalCode: ["75011"], .city: ["Paris"], .civility: ["M"]]),
      view("erp", "T1", recency: "2021-03-03", [.firstName: ["Jean-Pierre"], .lastName: ["Dupont"], .civility: ["Dr"], .birthDate: ["1980-03-15"]]),
    ]
  }

  @Test func rulesChooseAndKeepLineage() {
    var rules = SurvivorshipRules()
    rules.sourcePriority = ["erp", "crm", "eshop"]
    rules.fields[.lastName] = .mostFrequent
    rules.fields[.civility] = .mostTrusted
    let golden = Survivorship(rules: rules).merge(id: "G1", views)
    #expect(golden[.firstName].first?.value == "Jean", "most frequent")
    #expect(golden[.lastName].first?.value == "Dupont")
    #expect(golden[.civility].first.map { ($0.value, $0.source) } ?? ("", "") == ("Dr", "erp"), "most trusted")
    #expect(golden[.email].map(\.value) == ["jean@y.fr", "j@x.fr"], "union, most trusted first")
    #expect(golden[.email].map(\.recordId) == ["C1", "C1"])
    #expect(golden[.street].first.map { ($0.value, $0.recordId) } ?? ("", "") == ("12 bd Voltaire", "W1"), "most recent street")
    #expect(golden[.postalCode].first?.recordId == "W1", "address fields come from the street's record")
    #expect(golden[.birthDate].first?.recordId == "T1")
    #expect(golden.members == ["crm:C1", "erp:T1", "eshop:W1"])
    #expect(golden.json.contains(#""last_name":{"value":"Dupont","source":"erp","record_id":"T1"}"#))
  }

  @Test func mergeIgnoresInputOrder() async {
    let base = views
    var rules = SurvivorshipRules()
    rules.sourcePriority = ["crm"]
    let survivorship = Survivorship(rules: rules)
    let expected = survivorship.merge(id: "G", base)
    await propertyCheck(input: Gen.shuffled(base)) { shuffled in
      #expect(survivorship.merge(id: "G", shuffled) == expected)
    }
  }

  @Test func viewsRoundTripThroughTheirStoredForm() {
    for view in views { #expect(SurvivorView(encoded: view.encoded) == view) }
  }

  /// A view without a contract end is stored as before the field existed (29 fields), so stores
  /// written then keep their fingerprints; one with it stores it, and both read back.
  @Test func fieldsAddedLaterAreStoredOnlyWhenHeld() throws {
    var view = try #require(views.first)
    #expect(view.encoded.split(separator: "\u{1E}", omittingEmptySubsequences: false).count == 3 + 29)
    view.values[ContactField.contractEndAt.index] = ["2027-06-30"]
    #expect(view.encoded.split(separator: "\u{1E}", omittingEmptySubsequences: false).count == 3 + ContactField.count)
    #expect(SurvivorView(encoded: view.encoded) == view)
    #expect(SurvivorView(encoded: "crm\u{1E}C1\u{1E}") == nil, "too few fields")
  }
}
