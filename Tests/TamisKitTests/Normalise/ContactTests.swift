import PropertyBased
import Testing
@testable import TamisKit

/// A contact keeps its values in one buffer of bytes; what goes in must come out, field by
/// field and in the order added, whatever parts share bytes.
@Suite struct ContactTests {
  static let parts = Gen<String?>.element(of: ["", "a", "A", "é", "e\u{301}", "Léa Dupont-Martin", "+33612345678", "mobile"]).map { $0! }
  static let fields = Gen<ContactField?>.element(of: [.email, .lastName, .country, .phone, .sourceId, .city]).map { $0! }

  @Test func valuesComeBackByFieldInTheOrderAdded() async {
    let values = zip(Self.fields, Self.parts, Self.parts, Self.parts, Gen.int(in: 0...2)).array(of: 0...12)
    await propertyCheck(count: 300, input: values) { items in
      var contact = Contact(locator: Locator(file: "f.csv", line: 2), source: "s")
      var expected: [ContactField: [NormalisedValue]] = [:]
      for (field, original, value, key, variant) in items {
        // Parts equal to one another (shared in the buffer) as often as different ones.
        let detail: String? = variant == 0 ? nil : variant == 1 ? "" : key
        let normalised = NormalisedValue(original: original, value: variant == 2 ? original : value, key: key, detail: detail,
                                         column: field.rawValue)
        contact.append(normalised, to: field)
        expected[field, default: []].append(normalised)
      }
      for field in ContactField.allCases {
        let got = contact[field]
        #expect(got.count == (expected[field] ?? []).count)
        for (a, b) in zip(got, expected[field] ?? []) {
          // Bytes, not `==`: "é" and "e\u{301}" are equal strings but must not be swapped.
          func bytes(_ value: NormalisedValue) -> [[UInt8]?] {
            [value.original, value.value, value.key, value.column].map { Array($0.utf8) } + [value.detail.map { Array($0.utf8) }]
          }
          #expect(bytes(a) == bytes(b))
        }
        #expect(contact.has(field) == (expected[field] != nil))
        #expect(contact.first(field)?.value == expected[field]?.first(where: \.isUsable)?.value)
      }
    }
  }
}
