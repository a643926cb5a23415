import Foundation
import Testing
@testable import TamisKit

@Suite struct MappingTests {
  @Test(arguments: [
    ("Courriel", ContactField.email), ("E-mail", .email), ("Adresse mail", .email), ("Nom", .lastName),
    ("Nom de famille", .lastName), ("Surname", .lastName), ("Prénom", .firstName), ("Given name", .firstName),
    ("Tél. portable", .mobile), ("GSM", .mobile), ("Mobile", .mobile), ("CP", .postalCode), ("Code postal", .postalCode),
    ("Zip", .postalCode), ("Ville", .city), ("Commune", .city), ("DATE DE NAISSANCE", .birthDate), ("firstName", .firstName),
    ("address.city", .city), ("name/first", .firstName), ("consents.email.value", .optInEmail), ("email#2", .email),
    ("Téléphone 2", .phone), ("N° client", .sourceId),
  ])
  func detectsFrenchAndEnglishHeaders(header: String, field: ContactField) {
    #expect(HeaderSynonyms.detect(header)?.field == field)
  }

  @Test(arguments: [
    ("Vorname", ContactField.firstName), ("Nachname", .lastName), ("Anrede", .civility), ("PLZ", .postalCode), ("Ort", .city),
    ("Land", .country), ("Straße", .street), ("Handy", .mobile), ("Geburtsdatum", .birthDate), ("Kundennummer", .sourceId),
    ("Nombre", .firstName), ("Apellidos", .lastName), ("Correo electrónico", .email), ("Teléfono móvil", .mobile),
    ("Código postal", .postalCode), ("Ciudad", .city), ("País", .country), ("Fecha de nacimiento", .birthDate),
    ("Cognome", .lastName), ("CAP", .postalCode), ("Città", .city), ("Cellulare", .mobile), ("Ragione sociale", .company),
    ("Voornaam", .firstName), ("Achternaam", .lastName), ("Woonplaats", .city), ("Geboortedatum", .birthDate),
    ("Apelido", .lastName), ("Morada", .street), ("Telemóvel", .mobile), ("Telefon privat", .landline), ("Telefonnummer 2", .phone),
  ])
  func detectsGermanSpanishItalianDutchAndPortugueseHeaders(header: String, field: ContactField) {
    #expect(HeaderSynonyms.detect(header)?.field == field)
  }

  /// A header spelled as Tamis spells the field (README, `normalised.csv`) is that field.
  @Test(arguments: ContactField.allCases)
  func tamisOwnFieldNamesAreTheirFields(field: ContactField) {
    #expect(HeaderSynonyms.detect(field.rawValue)?.field == field)
  }

  /// Words that mean something else in another export stay extras rather than guesses.
  @Test(arguments: ["Via", "Stato", "Staat", "Hausnummer", "Tussenvoegsel", "Provincia", "Bundesland"])
  func ambiguousForeignHeadersAreNotGuessed(header: String) {
    #expect(HeaderSynonyms.detect(header) == nil)
  }

  /// A path's last step decides: an attribute named like a field is that field, a bare value
  /// takes its element's field, and a qualifier of a phone or email is neither (it is kept).
  @Test(arguments: [
    ("identite/@civilite", ContactField?.some(.civility)), ("contact/@id", .sourceId), ("phone.number", .phone),
    ("emails/email/valeur", .email), ("telephones/telephone/@type", nil), ("telephone.type", nil),
    ("email.verified", nil), ("coordonnees/tel_domicile", .landline), ("adresse/ville", .city),
  ])
  func pathsAreReadByTheirLastStep(header: String, field: ContactField?) {
    #expect(HeaderSynonyms.detect(header)?.field == field)
  }

  @Test func unknownHeadersAreKeptAsExtras() throws {
    let mapper = Mapper(mapping: Mapping(), file: "x.csv")
    let record = SourceRecord(locator: Locator(file: "x.csv", line: 2), fields: [
      SourceField(key: "Courriel", value: "a@x.fr"), SourceField(key: "Couleur préférée", value: "bleu"),
    ])
    let mapped = mapper.map(record)
    #expect(mapped[.email].map(\.text) == ["a@x.fr"])
    #expect(mapped.extras == [SourceField(key: "Couleur préférée", value: "bleu")])
    #expect(mapped.source == "x")
  }

  @Test func aMappingFileOverridesDetectionAndDeclaresCustomFields() throws {
    let path = TestFiles.write("""
      source: crm
      files: ["*crm*.csv"]
      delimiter: ";"
      encoding: latin1
      columns:
        "Nom": full_name
        "Notes": ignore
      custom:
        "Carte fidélité": { name: loyalty_number, type: identifier }
      """, name: "m.yml")
    let mapping = try Mapping.load(path)
    #expect(mapping.applies(to: "exports/crm_2024.csv"))
    #expect(!mapping.applies(to: "exports/shop.csv"))
    #expect(mapping.read.delimiter == UInt8(ascii: ";"))
    #expect(mapping.read.encoding == .windows1252)
    let mapper = Mapper(mapping: mapping, file: "crm.csv")
    let mapped = mapper.map(SourceRecord(locator: Locator(file: "crm.csv"), fields: [
      SourceField(key: "Nom", value: "Jean Dupont"), SourceField(key: "Notes", value: "x"), SourceField(key: "Carte fidélité", value: "ab 12"),
    ]))
    #expect(mapped[.fullName].map(\.text) == ["Jean Dupont"])
    #expect(mapped.extras.isEmpty)
    #expect(mapped.custom.map(\.field.name) == ["loyalty_number"])
    #expect(mapped.source == "crm")
  }

  @Test func aMappingNamingAMissingColumnIsReportedAgainstTheFile() throws {
    let path = TestFiles.write("columns:\n  \"Courriel\": email\n  \"Portable\": mobile\n  \"Notes\": ignore\n", name: "m.yml")
    let mapper = Mapper(mapping: try Mapping.load(path), file: "f.csv")
    let issues = mapper.check(header: ["Courriel", "Nom"], file: "f.csv")
    #expect(issues.map(\.code) == ["MAPPING_COLUMN_MISSING"], "an ignored column may be absent")
    #expect(issues.first?.locator.field == "Portable")
    #expect(issues.first?.message.contains("m.yml:3") == true)
  }

  @Test func aBadMappingFileNamesItsLine() throws {
    let typo = TestFiles.write("columns:\n  \"Courriel\": emial\n", name: "t.yml")
    let error = #expect(throws: MapError.self) { try Mapping.load(typo) }
    #expect(error?.locator.line == 2)
    let badKey = TestFiles.write("source: crm\ndelimeter: \";\"\n", name: "k.yml")
    let keyError = #expect(throws: RulesError.self) { try Mapping.load(badKey) }
    #expect(keyError?.locator.line == 2)
    let notYAML = TestFiles.write("columns:\n  - [unclosed\n", name: "y.yml")
    #expect(throws: RulesError.self) { try Mapping.load(notYAML) }
  }

  @Test func shippedMappingsLoad() throws {
    let mappings = try Mapping.loadAll(in: TestFiles.repository.appendingPathComponent("rules").path)
    #expect(Set(mappings.compactMap(\.source)) == ["crm", "eshop", "erp"])
  }
}
