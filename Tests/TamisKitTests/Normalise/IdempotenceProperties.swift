import Foundation
import PropertyBased
import Testing
@testable import TamisKit

/// Normalising a normalised record changes nothing: the law every output of Tamis relies on
/// (re-running a referential through Tamis must not drift).
@Suite struct IdempotenceProperties {
  static let nameCharacters = Array("abcdeéèêfghijklmnoôpqrstuüvwxyzçABCDEÉFGHIJKLMNOPQRSTUVWXYZŒœ -'") as [Character]
  static let names = Gen<Character?>.element(of: nameCharacters).map { $0! }.string(of: 0...24)
  static let words = Gen<String?>.element(of: ["de", "la", "DU", "le", "Mc", "d'", "jean", "PIERRE", "o'", "Saint", "bd", "av.", "rue", "12", "cedex"]).map { $0! }
  static let phrases = words.array(of: 0...5).map { $0.joined(separator: " ") }
  static let digits = Gen.number.string(of: 0...12)
  static let separators = Gen<String?>.element(of: ["", " ", ".", "-", "/", "+33 ", "+", "00"]).map { $0! }

  func normaliseTwice(_ values: [(ContactField, String)]) -> (Contact, Contact) {
    let normaliser = Normaliser(options: NormaliseOptions(referenceDate: CivilDate(year: 2026, month: 1, day: 1)))
    var first = MappedRecord(locator: Locator(file: "p.csv", line: 2), source: "p")
    for (field, text) in values { first[field].append(.init(text: text, column: field.rawValue)) }
    let once = normaliser.normalise(first)
    var second = MappedRecord(locator: first.locator, source: "p")
    for field in ContactField.allCases {
      for value in once[field] where value.isUsable { second[field].append(.init(text: value.value, column: value.column)) }
    }
    return (once, normaliser.normalise(second))
  }

  func usable(_ contact: Contact) -> [[String]] {
    ContactField.allCases.map { contact[$0].filter(\.isUsable).map { $0.value + "|" + $0.key } }
  }

  @Test func namesAndAddressesAreFixedPoints() async {
    await propertyCheck(count: 300, input: Self.names, Self.phrases, Self.names) { first, last, street in
      let (once, twice) = normaliseTwice([(.firstName, first), (.lastName, last), (.street, street), (.city, last), (.company, street)])
      #expect(usable(once) == usable(twice))
    }
  }

  @Test func phonesEmailsAndDatesAreFixedPoints() async {
    await propertyCheck(count: 300, input: Self.digits, Self.separators, Self.names, Gen.int(in: 0...60_000)) { digits, separator, local, serial in
      let email = local.filter { $0.isLetter } + "@exemple.fr"
      let phone = separator + digits
      let date = String(serial)
      let (once, twice) = normaliseTwice([(.phone, phone), (.mobile, "06" + digits), (.email, email), (.birthDate, date),
                                           (.createdAt, "\(serial % 28 + 1)/\(serial % 12 + 1)/\(1950 + serial % 70)"),
                                           (.postalCode, String(digits.prefix(5)))])
      #expect(usable(once) == usable(twice))
    }
  }

  /// Rows written by Tamis read back as written, plain rows (read in one go) and quoted ones
  /// (read field by field) mixed in one file.
  @Test func csvWriteThenReadRoundTrips() async throws {
    let cells = Gen<Character?>.element(of: Array("ab,\"\n\r;é €x ") as [Character]).map { $0! }.string(of: 0...12).array(of: 1...6)
    await propertyCheck(count: 100, input: cells.array(of: 1...4)) { rows in
      let directory = TestFiles.directory()
      let url = directory.appendingPathComponent("t.csv")
      let header = (0..<(rows.map(\.count).max() ?? 1)).map { "c\($0)" }
      let writer = CSVWriter(try AtomicFile(url), header: header)
      for row in rows { writer.write(row) }
      try writer.commit()
      let reader = try CSVReader(path: url.path, options: ReadOptions(delimiter: UInt8(ascii: ",")))
      for row in rows {
        // A row of empty cells starts with "" (`,,` would be no record at all).
        let record = try #require(try reader.next())
        for (index, value) in row.enumerated() {
          // What was neutralised for spreadsheets reads back with its leading quote.
          let neutralised = ["=", "+", "-", "@", "\t", "\r"].contains(value.unicodeScalars.first.map(String.init) ?? "")
          #expect(record.values("c\(index)").first ?? "" == (neutralised ? "'" + value : value), "column \(index) of \(rows)")
        }
      }
      #expect(try reader.next() == nil)
    }
  }

  /// The slip test's fast path says what the edit distance says, on ASCII and beyond it.
  @Test func oneSlipApartAgreesWithTheEditDistance() async {
    let letters = Gen<Character?>.element(of: Array("abcé") as [Character]).map { $0! }.string(of: 0...6)
    await propertyCheck(count: 2000, input: letters, letters) { a, b in
      #expect(StringDistance.isOneSlipApart(a, b) == (StringDistance.damerauLevenshtein(a, b, limit: 1) == 1), "\(a) / \(b)")
    }
    for (a, b) in [("crhistophe", "christophe"), ("guilaume", "guillaume"), ("emiie", "emilie"), ("abc", "abc"), ("abcd", "abdc")] {
      #expect(StringDistance.isOneSlipApart(a, b) == (a != b))
    }
  }
}
