import Foundation
import PropertyBased
import Testing
@testable import TamisKit

@Suite struct NameTests {
  static let nameParts = ["a", "B", "é", "É", "ß", "ÿ", "Ø", "×", "÷", "x", "Z", " ", "-", "'", "Mc", "d'", "de", "DE", "la", "Le",
                          "van", "dé", "d'é", "µ", "e\u{301}", "\r\n", "ö", "Ö"]

  /// The byte-level test of whether a name needs re-casing answers as the general one does, or
  /// not at all (then only for text outside ASCII and Latin-1).
  @Test func recasingTestOnBytesAgreesWithTheGeneralOne() async {
    let names = Gen<String?>.element(of: Self.nameParts).map { $0! }.array(of: 0...8).map { $0.joined() }
    await propertyCheck(count: 3000, input: names) { name in
      let quick = name.withUTF8Bytes { NameNormaliser.needsRecasingLatin($0) }
      if name.unicodeScalars.allSatisfy({ $0.value < 0x100 && $0.value != 0xB5 && $0.value != 0x301 }) {
        #expect(quick != nil, "\(name) is ASCII and Latin-1 letters")
      }
      if let quick { #expect(quick == NameNormaliser.needsRecasingInFull(name), "\(name)") }
    }
  }

  @Test(arguments: [
    ("  JEAN   DUPONT ", "Jean Dupont"), ("jean-pierre", "Jean-Pierre"), ("MCDONALD", "McDonald"), ("o'brien", "O'Brien"),
    ("jean de la fontaine", "Jean de la Fontaine"), ("LE GOFF", "Le Goff"), ("DeVito", "DeVito"), ("ÉLODIE", "Élodie"),
    ("valéry giscard d'estaing", "Valéry Giscard d'Estaing"), ("Jean DUPONT", "Jean Dupont"),
    ("Marie d'ARTAGNAN", "Marie d'Artagnan"), ("Jean d’ORMESSON", "Jean d’Ormesson"), ("Valéry d'Église", "Valéry d'Église"),
  ])
  func properCase(raw: String, display: String) {
    #expect(NameNormaliser.display(raw) == display)
  }

  @Test func keysFoldAccentsCaseAndPunctuation() {
    #expect(NameNormaliser.key("Lefèvre") == NameNormaliser.key("LEFEVRE"))
    #expect(NameNormaliser.key("Jean-Pierre") == "jean pierre")
    #expect(NameNormaliser.key("N'Guyen") == "nguyen")
    #expect(TextFolding.key("Œuvre Straße") == "oeuvre strasse")
  }

  /// Text the fast path returns as is must be what the scalar-by-scalar path gives too.
  @Test func collapsingSpacesFastPathAgreesWithTheFullPath() async {
    let pieces = Gen<String?>.element(of: ["Jean", "é", "Œuvre", " ", "  ", "\t", "\u{0B}", "\u{0C}", "\u{A0}", "\u{2009}",
                                           "\u{202F}", "\u{3000}", "\u{85}", "\u{1680}", "-", "ß", "中", "\r\n", ""])
      .map { $0! }.array(of: 0...6).map { $0.joined() }
    await propertyCheck(count: 3000, input: pieces) { text in
      #expect(NameNormaliser.collapse(text) == NameNormaliser.collapseInFull(text), "\(text.unicodeScalars.map(\.value))")
    }
  }

  @Test(arguments: [("M.", "M"), ("Monsieur", "M"), ("MR", "M"), ("Mme", "Mme"), ("madame", "Mme"), ("Mlle", "Mme"), ("Dr", "Dr"),
                    ("Herr", "M"), ("Sr.", "M"), ("Sig.", "M"), ("Dhr.", "M"), ("Frau", "Mme"), ("Sra.", "Mme"), ("Sig.ra", "Mme"),
                    ("Mevr.", "Mme"), ("Senhora", "Mme"), ("Dott.ssa", "Dr")])
  func civility(raw: String, canonical: String) {
    #expect(CivilityNormaliser.normalise(raw) == canonical)
  }

  /// Messy CRMs type the civility in the name field: it moves to the civility (when the record
  /// has none), a bare initial stays, and first names that are also honorifics elsewhere stay.
  @Test func aCivilityTypedInANameFieldMovesToTheCivility() {
    func contact(_ values: [(ContactField, String)]) -> Contact {
      var record = MappedRecord(locator: Locator(file: "n.csv", line: 2), source: "n")
      for (field, text) in values { record.append(MappedRecord.Value(text: text, column: field.rawValue), to: field) }
      return Normaliser(options: NormaliseOptions()).normalise(record)
    }
    let doctor = contact([(.firstName, "Dr  Jean-Pierre"), (.lastName, "MARTIN")])
    #expect(doctor[.firstName].map(\.value) == ["Jean-Pierre"])
    #expect(doctor[.civility].map(\.value) == ["Dr"])
    let own = contact([(.civility, "Madame"), (.firstName, "M. Jean"), (.lastName, "Dupont")])
    #expect(own[.civility].map(\.value) == ["Mme"], "the record's own civility wins")
    #expect(own[.firstName].map(\.value) == ["Jean"])
    let initial = contact([(.firstName, "M Jean"), (.lastName, "Dupont")])
    #expect(initial[.firstName].map(\.value) == ["M Jean"])
    #expect(initial[.civility].isEmpty)
    #expect(FullNameSplitter.split("Don Johnson") == .init(civility: nil, firstName: "Don", lastName: "Johnson"))
  }

  @Test func fullNamesSplitTheFrenchWay() {
    #expect(FullNameSplitter.split("DUPONT Jean") == .init(civility: nil, firstName: "Jean", lastName: "DUPONT"))
    #expect(FullNameSplitter.split("Dupont, Jean") == .init(civility: nil, firstName: "Jean", lastName: "Dupont"))
    #expect(FullNameSplitter.split("M. Jean de La Fontaine") == .init(civility: "M", firstName: "Jean", lastName: "de La Fontaine"))
    #expect(FullNameSplitter.split("Jean-Pierre MARTIN") == .init(civility: nil, firstName: "Jean-Pierre", lastName: "MARTIN"))
  }
}

@Suite struct EmailTests {
  @Test(arguments: ["Jean.Dupont@Gmail.com", " <jean.dupont@gmail.com> ", "mailto:jean.dupont@gmail.com"])
  func valid(raw: String) {
    #expect(EmailNormaliser.normalise(raw) == .valid("jean.dupont@gmail.com"))
  }

  @Test(arguments: ["jean.dupont", "a@@b.fr", "a@b", ".a@b.fr", "a..b@c.fr", "a b@c.fr", "a@-b.fr", "a@b.1"])
  func invalid(raw: String) {
    if case .valid = EmailNormaliser.normalise(raw) { Issue.record("\(raw) should be invalid") }
  }

  /// The byte-level path for plain ASCII addresses accepts only what the full path accepts, and
  /// gives the same address; anything else goes through the full path.
  @Test func theASCIIFastPathAgreesWithTheFullPath() async {
    let locals = Gen<String?>.element(of: ["jean", "J.Dupont", "a", "x+tag", ".a", "a.", "a..b", "o'neil", "é", " ", "<a", "mailto:j", "a_b", ""])
      .map { $0! }.array(of: 1...2).map { $0.joined() }
    let labels = Gen<String?>.element(of: ["gmail", "b", "c", "fr", "1", "12", "x-y", "-x", "x-", "", "co", "é", "Z9", "a_b"]).map { $0! }
    let domains = labels.array(of: 1...3).map { $0.joined(separator: ".") }
    let ends = Gen<String?>.element(of: ["", "", ".", ">", " ", "@x.fr"]).map { $0! }
    await propertyCheck(count: 3000, input: locals, domains, ends) { local, domain, end in
      let raw = local + "@" + domain + end
      let full = EmailNormaliser.normaliseInFull(raw)
      if let fast = EmailNormaliser.validASCII(raw) { #expect(full == .valid(fast), "\(raw)") }
      #expect(EmailNormaliser.normalise(raw) == full, "\(raw)")
    }
  }

  @Test func internationalisedDomainsAreAccepted() {
    #expect(EmailNormaliser.normalise("Élise@Café.fr") == .valid("élise@café.fr"))
  }

  @Test func roleAddressesAndTyposAreFlagged() {
    #expect(EmailNormaliser.isRoleAddress("contact@alpha.fr"))
    #expect(!EmailNormaliser.isRoleAddress("jean@alpha.fr"))
    #expect(EmailNormaliser.suggestedDomain("a@gmial.com") == "gmail.com")
    #expect(EmailNormaliser.suggestedDomain("a@hotmial.fr") == "hotmail.fr")
    #expect(EmailNormaliser.suggestedDomain("a@orang.fr") == "orange.fr")
    #expect(EmailNormaliser.suggestedDomain("a@gmail.com") == nil)
    #expect(EmailNormaliser.suggestedDomain("a@mairie-lyon.fr") == nil)
  }

  /// Through the normaliser (ASCII addresses on bytes, the others through the full path): each
  /// address keeps its key, is marked `role` or `typo`, and its findings come in order.
  @Test func aRecordsAddressesAreFlaggedAndKeyed() {
    var record = MappedRecord(locator: Locator(file: "e.csv", line: 2), source: "e")
    record.append(MappedRecord.Value(text: "Contact@Alpha.fr; j.Dupont+x@GMAIL.com jean@gmial.com", column: "Courriel"), to: .email)
    record.append(MappedRecord.Value(text: "Info@Hotmial.fr", column: "Email 2"), to: .email)
    record.append(MappedRecord.Value(text: "Élise@Hotmial.fr", column: "Email 3"), to: .email)
    let contact = Normaliser(options: NormaliseOptions()).normalise(record)
    #expect(contact[.email].map(\.value) == ["contact@alpha.fr", "j.dupont+x@gmail.com", "jean@gmial.com", "info@hotmial.fr", "élise@hotmial.fr"])
    #expect(contact[.email].map(\.key) == ["contact@alpha.fr", "jdupont@gmail.com", "jean@gmial.com", "info@hotmial.fr", "élise@hotmial.fr"])
    #expect(contact[.email].map(\.detail) == ["role", nil, "typo", "typo", "typo"])
    #expect(contact.issues.map(\.code) == ["EMAIL_ROLE_ADDRESS", "EMAIL_DOMAIN_TYPO", "EMAIL_ROLE_ADDRESS", "EMAIL_DOMAIN_TYPO", "EMAIL_DOMAIN_TYPO"])
    #expect(EmailNormaliser.roleLocalParts.allSatisfy { part in part.withUTF8Bytes { EmailNormaliser.isRoleLocalPart($0) } })
    #expect(!"contacts".withUTF8Bytes { EmailNormaliser.isRoleLocalPart($0) })
  }

  /// A display name is no address: "Jean Durand <jean@x.fr>" holds one, not three.
  @Test func addressListsSplitOnSeparatorsNotOnDisplayNames() {
    #expect(Normaliser.splitList("a@x.fr; b@y.fr,c@z.fr") == ["a@x.fr", "b@y.fr", "c@z.fr"])
    #expect(Normaliser.splitList("a@x.fr b@y.fr") == ["a@x.fr", "b@y.fr"])
    #expect(Normaliser.splitList("Jean Durand <jean.durand@x.fr>") == ["<jean.durand@x.fr>"])
    #expect(Normaliser.splitList("\"Durand, Jean\" <jean@x.fr>; Anne <anne@y.fr>") == ["<jean@x.fr>", "<anne@y.fr>"])
    #expect(Normaliser.splitList("\"Durand; Jean\" <jean@x.fr>") == ["<jean@x.fr>"], "a semicolon inside quotes splits nothing either")
    #expect(Normaliser.splitList("jean durand@x.fr") == ["jean durand@x.fr"], "one bad address, flagged whole")
    var record = MappedRecord(locator: Locator(file: "e.csv", line: 2), source: "e")
    record.append(MappedRecord.Value(text: "Jean Durand <Jean.Durand@X.fr>", column: "Email"), to: .email)
    let contact = Normaliser(options: NormaliseOptions()).normalise(record)
    #expect(contact[.email].map(\.value) == ["jean.durand@x.fr"])
    #expect(contact.issues.isEmpty)
  }

  @Test func matchingKeyDropsTagsAndGmailDots() {
    #expect(EmailNormaliser.key("jean.dupont+shop@gmail.com") == "jeandupont@gmail.com")
    #expect(EmailNormaliser.key("jean.dupont+news@orange.fr") == "jean.dupont@orange.fr")
    #expect(EmailNormaliser.key("j.d@googlemail.com") == "jd@gmail.com")
    #expect(EmailNormaliser.key("+tag@x.fr") == "+tag@x.fr")
    #expect(EmailNormaliser.key("jean.dupont+shop@orange.fr") == "jean.dupont@orange.fr")
  }
}

@Suite struct PhoneTests {
  /// Compacting a number on bytes gives what compacting it scalar by scalar gives.
  @Test func compactingOnBytesAgreesWithScalars() async {
    let parts = ["0", "6", "+", "33", " ", ".", "-", "/", "(", ")", "\t", "x", "ext", "\u{A0}", "\u{202F}", "é", "\r"]
    let numbers = Gen<String?>.element(of: parts).map { $0! }.array(of: 0...14).map { $0.joined() }
    await propertyCheck(count: 1000, input: numbers) { number in
      #expect(PhoneNormaliser.compact(number) == PhoneNormaliser.compactInFull(number), "\(number)")
    }
  }

  @Test(arguments: [
    ("06 12 34 56 78", "FR", "+33612345678", "mobile"), ("01.42.60.00.00", "FR", "+33142600000", "fixed_line"),
    ("+33 (0)6 12 34 56 78", "FR", "+33612345678", "mobile"), ("0033 6 12 34 56 78", "FR", "+33612345678", "mobile"),
    ("09 70 12 34 56", "FR", "+33970123456", "voip"), ("0800 12 34 56", "FR", "+33800123456", "toll_free"),
    ("+353 87 123 4567", "FR", "+353871234567", "mobile"), ("020 7946 0958", "GB", "+442079460958", "fixed_line"),
    ("0692 12 34 56", "RE", "+262692123456", "mobile"),
  ])
  func knownAnswers(raw: String, region: String, e164: String, type: String) {
    let parsed = PhoneNormaliser().parse(raw, region: region)
    #expect(parsed.status == .valid)
    #expect(parsed.e164 == e164)
    #expect(parsed.type == type)
  }

  @Test(arguments: ["06 12 3", "01 23", "abc", "+33 1 23 45 67 89 10"])
  func invalidNumbersAreNotInvented(raw: String) {
    let parsed = PhoneNormaliser().parse(raw, region: "FR")
    #expect(parsed.status != .valid)
  }

  /// The French fast path answers from libphonenumber's own verdicts; on every three-digit prefix
  /// it handles, with many suffixes and every written form, it must agree with libphonenumber.
  /// The fast path learns from numbers given to libphonenumber as country code and national
  /// number: the same answers, E.164 included, as parsing their text.
  @Test func numbersGivenAsDigitsAreDescribedAsTheirTextIsParsed() {
    for prefix in 100...999 {
      for tail in [0, 123_456, 999_999] {
        let national = prefix * 1_000_000 + tail
        #expect(PhoneNormaliser.libphonenumber(countryCode: 33, nationalNumber: UInt64(national))
                == PhoneNormaliser.libphonenumber("+33\(national)", region: "FR"), "\(national)")
      }
    }
    #expect(PhoneNormaliser.libphonenumber(countryCode: 44, nationalNumber: 7_911_123_456)
            == PhoneNormaliser.libphonenumber("+447911123456", region: "FR"))
  }

  @Test func fastPathAgreesWithLibphonenumberOnEveryPrefix() {
    var random = SystemRandomNumberGenerator()
    var checked = 0
    var fastPath = FrenchFastPath()
    for prefix in 100...999 where prefix / 100 != 8 {
      for _ in 0..<12 {
        let suffix = String(format: "%06d", Int.random(in: 0...999_999, using: &random))
        let national = String(prefix) + suffix
        for written in ["0" + national, "+33" + national, "0033" + national, "+33 (0)" + national] {
          let compact = PhoneNormaliser.compact(written)
          guard let fast = fastPath.parse(compact, region: "FR") else { continue }
          let reference = PhoneNormaliser.libphonenumber(written, region: "FR")
          #expect(fast == reference, "\(written)")
          checked += 1
        }
      }
    }
    #expect(checked > 30_000)
  }
}

@Suite struct DateTests {
  static let dateCharacters = Array("0123456789/-. x") as [Character]

  /// The byte-level reader of the common shapes answers as the general one does, or not at all:
  /// ten characters of digits and separators, valid dates or not, in every order.
  @Test func commonShapesReadAsTheGeneralReaderDoes() async {
    let shaped = Gen<Character?>.element(of: Self.dateCharacters).map { $0! }.string(of: 10...10)
    let days = Gen.int(in: 0...35), months = Gen.int(in: 0...14), years = Gen.int(in: 0...2999)
    let separators = Gen<String?>.element(of: ["/", "-", ".", " "]).map { $0! }
    let orders = Gen<DateOrder?>.element(of: DateOrder.allCases).map { $0! }
    await propertyCheck(count: 2000, input: shaped, days, months, years, separators, orders) { noise, day, month, year, separator, order in
      let pad = { (value: Int, width: Int) in String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
      let common = separator != " "
      // A time from the day, month and year drawn, beyond their ranges too (hour 35, minute 99).
      let time = pad(day, 2) + ":" + pad(month * 7, 2) + ":" + pad(year % 70, 2)
      let timestamp = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + time
      for (text, isCommon) in [(noise, false), (pad(day, 2) + separator + pad(month, 2) + separator + pad(year, 4), common),
                               (pad(year, 4) + separator + pad(month, 2) + separator + pad(day, 2), common),
                               (timestamp, false), (timestamp + "Z", false), (timestamp + "+02:00", false),
                               (String(noise.prefix(9)) + "T" + time, false)] {
        let general = DateNormaliser.parseAnyShape(text, order: order, pivot: 26, allowsSerial: true)
        let quick = text.withUTF8Bytes { DateNormaliser.parseCommonShape($0, order: order) }
        if isCommon { #expect(quick != nil, "\(text) is a common shape") }
        if let quick { #expect(quick == general, "\(text) read as \(order)") }
      }
    }
  }

  @Test(arguments: [
    ("15/03/1980", "1980-03-15"), ("15-03-80", "1980-03-15"), ("15.03.1980", "1980-03-15"), ("19800315", "1980-03-15"),
    ("1980-03-15", "1980-03-15"), ("29252", "1980-02-01"), ("12 mars 1985", "1985-03-12"), ("1er janvier 2020", "2020-01-01"),
    ("March 12, 1985", "1985-03-12"), ("2023-05-01T10:22:00Z", "2023-05-01T10:22:00Z"), ("01/05/2023 10:22", "2023-05-01T10:22:00"),
  ])
  func formats(raw: String, iso: String) {
    guard case .date(let date, let time) = DateNormaliser.parse(raw, order: .dayFirst, pivot: 26) else {
      Issue.record("\(raw) did not parse")
      return
    }
    #expect(DateNormaliser.format(date, time: time) == iso)
  }

  @Test func theDeclaredOrderResolvesAmbiguity() {
    #expect(DateNormaliser.parse("03/04/2025", order: .dayFirst) == .date(CivilDate(year: 2025, month: 4, day: 3), time: nil))
    #expect(DateNormaliser.parse("03/04/2025", order: .monthFirst) == .date(CivilDate(year: 2025, month: 3, day: 4), time: nil))
  }

  @Test func impossibleAndUnparsableDatesAreTold() {
    #expect(DateNormaliser.parse("31/02/2020") == .impossible)
    #expect(DateNormaliser.parse("12/13/2020") == .impossible)
    #expect(DateNormaliser.parse("hier") == .unparsable)
  }

  @Test func civilDateArithmeticRoundTrips() {
    for day in stride(from: -30_000, to: 60_000, by: 97) {
      #expect(CivilDate(dayNumber: day).dayNumber == day)
    }
    #expect(CivilDate(year: 2024, month: 2, day: 29).adding(years: 1) == CivilDate(year: 2025, month: 2, day: 28))
  }

  /// Dates print as yyyy-MM-dd, zero-padded, and read back: across years 1 to 9999 and past them.
  @Test func civilDatesPrintAsISOAndReadBack() {
    for day in stride(from: -719_000, to: 2_933_000, by: 997) {
      let date = CivilDate(dayNumber: day)
      let text = date.description
      #expect(text == String(format: "%04d-%02d-%02d", date.year, date.month, date.day), "\(day)")
      if (1...9999).contains(date.year) { #expect(CivilDate(iso: text) == date, "\(text)") }
    }
    #expect(CivilDate(year: 12_345, month: 1, day: 2).description == "12345-01-02")
    #expect(CivilDate(year: 7, month: 3, day: 9).description == "0007-03-09")
  }
}

@Suite struct AddressTests {
  @Test func streetKeysExpandAbbreviations() {
    #expect(AddressNormaliser.streetKey("12 bd Voltaire") == AddressNormaliser.streetKey("12, Boulevard VOLTAIRE"))
    #expect(AddressNormaliser.streetKey("5 av. de la République") == "5 avenue de la republique")
    #expect(AddressNormaliser.streetKey("14 chem. des Vignes") == "14 chemin des vignes")
  }

  @Test func postalCodes() {
    #expect(AddressNormaliser.postalCode("75011", country: "FR")?.value == "75011")
    #expect(AddressNormaliser.postalCode("1000", country: "FR")?.value == "01000")
    #expect(AddressNormaliser.postalCode("67000 CEDEX 2", country: nil)! == ("67000", true))
    #expect(AddressNormaliser.postalCode("00100", country: "FR") == nil)
    #expect(AddressNormaliser.postalCode("ABC", country: "FR") == nil)
    #expect(AddressNormaliser.postalCode("d02 vx88", country: "IE")?.value == "D02 VX88")
  }

  @Test func citiesAndCountries() {
    #expect(AddressNormaliser.cityDisplay("AIX-EN-PROVENCE") == "Aix-en-Provence")
    #expect(AddressNormaliser.cityDisplay("STRASBOURG CEDEX 2") == "Strasbourg")
    #expect(AddressNormaliser.cityKey("St-Étienne") == AddressNormaliser.cityKey("SAINT ETIENNE"))
    for (raw, code) in [("France", "FR"), ("fr", "FR"), ("Allemagne", "DE"), ("Germany", "DE"), ("Royaume-Uni", "GB"),
                        ("USA", "US"), ("Belgique", "BE"), ("Côte d'Ivoire", "CI"), ("ESP", "ES"), ("Deutschland", "DE"),
                        ("Österreich", "AT"), ("Schweiz", "CH"), ("España", "ES"), ("Italia", "IT"), ("Nederland", "NL"),
                        ("België", "BE"), ("Frankreich", "FR"), ("Francia", "FR"), ("Estados Unidos", "US")] {
      #expect(CountryNormaliser.normalise(raw) == code, "\(raw)")
    }
    #expect(CountryNormaliser.normalise("Atlantide") == nil)
  }

  @Test func booleans() {
    for yes in ["oui", "Yes", "1", "TRUE", "x", "Opt-in", "ja", "Sí", "sim"] { #expect(BooleanNormaliser.normalise(yes) == true, "\(yes)") }
    for no in ["non", "No", "0", "false", "opt-out", "nein", "não", "nee"] { #expect(BooleanNormaliser.normalise(no) == false, "\(no)") }
    #expect(BooleanNormaliser.normalise("peut-être") == nil)
    for (raw, status) in [("Client", "customer"), ("Kunde", "customer"), ("Interessent", "prospect"), ("prospecto", "prospect"),
                          ("ancien client", "former_customer"), ("VIP", "vip")] {
      #expect(CustomerStatus.normalise(raw) == status, "\(raw)")
    }
  }
}

@Suite struct DateOrderVoteTests {
  static func verdict(_ dates: [String]) -> DateOrder? {
    var vote = DateOrderVote()
    dates.forEach { vote.count($0) }
    return vote.verdict
  }

  @Test func valuesThatCanBeReadOneWayDecide() {
    #expect(Self.verdict(["12/31/1975", "07/04/1980"]) == .monthFirst)
    #expect(Self.verdict(["31/12/1975", "07/04/1980"]) == .dayFirst)
    #expect(Self.verdict(["05/06/1975", "1980-04-07", "19800407", "2016-06-07T10:00:00Z", "", "n/a"]) == nil)
  }

  /// A few month-first typos in a day-first file do not turn it around: four in five must agree.
  @Test func monthFirstNeedsAClearMajority() {
    let french = Array(repeating: "25/12/1980", count: 10)
    #expect(Self.verdict(french + Array(repeating: "12/25/1980", count: 3)) == .dayFirst)
    #expect(Self.verdict(french + Array(repeating: "12/25/1980", count: 39)) == .dayFirst)
    #expect(Self.verdict(french + Array(repeating: "12/25/1980", count: 40)) == .monthFirst)
  }
}
