import Foundation
import Testing

@Suite struct IngestCommandTests {
  static let demo = ["fixtures/crm/clients_crm.csv", "fixtures/eshop/customers.json", "fixtures/erp/contacts_erp.xml"]

  @Test func normalizeWritesEveryRecordAndBalances() throws {
    let out = Tamis.temporaryDirectory()
    let result = try Tamis.run(["normalize"] + Self.demo + ["--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "nothing on stderr when it is not a terminal")
    #expect(result.stdout.contains("records: 31 read = 29 accepted + 2 quarantined"))
    let csv = Tamis.read(out.appendingPathComponent("normalised.csv")).split(separator: "\n")
    #expect(csv.count == 32)
    let quarantine = Tamis.read(out.appendingPathComponent("quarantine.csv"))
    #expect(quarantine.contains("crm,C0010,fixtures/crm/clients_crm.csv,12,RECORD_UNIDENTIFIABLE"))
    #expect(quarantine.contains("eshop,WEB-1009,"))
    let jsonl = Tamis.read(out.appendingPathComponent("normalised.jsonl")).split(separator: "\n")
    #expect(jsonl.count == 31)
    #expect(jsonl[0].contains(#""email":[{"value":"jean.dupont@gmail.com","original":"Jean.Dupont@gmail.com""#))
    #expect(csv[1].contains(",'+33612345678,"), "phones are neutralised for spreadsheets")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.contains("partial") }
    #expect(leftovers.isEmpty)
  }

  @Test func outputsAreByteIdenticalFromRunToRun() throws {
    let first = Tamis.temporaryDirectory(), second = Tamis.temporaryDirectory()
    try Tamis.run(["normalize"] + Self.demo + ["--out", first.path, "--quiet"])
    try Tamis.run(["normalize"] + Self.demo + ["--out", second.path, "--quiet"])
    for name in ["normalised.csv", "normalised.jsonl", "quarantine.csv", "findings.jsonl"] {
      let a = try Data(contentsOf: first.appendingPathComponent(name)), b = try Data(contentsOf: second.appendingPathComponent(name))
      #expect(a == b, "\(name)")
      #expect(!a.isEmpty)
    }
  }

  @Test(arguments: [
    ("fixtures/malformed/billion_laughs.xml", Int32(1), "fixtures/malformed/billion_laughs.xml:3:2: error: the DOCTYPE declares the entity 'lol'"),
    ("fixtures/malformed/xxe.xml", 1, "fixtures/malformed/xxe.xml:3:3: error: the DOCTYPE declares the entity 'xxe'"),
    ("fixtures/malformed/truncated.xml", 1, "records: 2 read = 2 accepted + 0 quarantined"),
    ("fixtures/malformed/empty.csv", 1, "fixtures/malformed/empty.csv: error: the file is empty"),
    ("fixtures/malformed/header_only.csv", 0, "fixtures/malformed/header_only.csv:1: warning: the file has a header and no records [FILE_NO_RECORDS]"),
    ("fixtures/malformed/broken_quote.csv", 0, "fixtures/malformed/broken_quote.csv:3:3 (record 2): error: a quote opens here and never closes"),
    ("fixtures/malformed/invalid_utf8.csv", 0, "fixtures/malformed/invalid_utf8.csv:3:12 (record 2): error: byte 0xE9 is not UTF-8"),
    ("fixtures/malformed/big_field.csv", 0, "records: 2 read = 2 accepted + 0 quarantined"),
    ("fixtures/malformed/bad_lines.jsonl", 0, "records: 3 read = 2 accepted + 1 quarantined"),
  ])
  func malformedInputsAreReportedNotCrashed(file: String, status: Int32, expected: String) throws {
    let result = try Tamis.run(["validate", file])
    #expect(result.status == status, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains(expected), "\(result.stdout)")
    #expect(!result.stdout.contains("DOES NOT BALANCE"))
  }

  @Test func brokenQuoteLosesNothing() throws {
    let out = Tamis.temporaryDirectory()
    try Tamis.run(["normalize", "fixtures/malformed/broken_quote.csv", "--out", out.path, "--quiet"])
    let accepted = Tamis.read(out.appendingPathComponent("normalised.csv"))
    for email in ["paul.durand@example.fr", "luc.morel@example.fr", "julie.simon@example.fr"] { #expect(accepted.contains(email)) }
    #expect(Tamis.read(out.appendingPathComponent("quarantine.csv")).contains("CSV_UNBALANCED_QUOTE"))
  }

  /// Three bare values, no object: every record quarantined, and the small feed fails (exit 1)
  /// under the shipped rules, although it is below their `min_records`.
  @Test func aFeedOfWhichNothingCanBeLoadedFails() throws {
    let file = Tamis.temporaryDirectory().appendingPathComponent("bare.json")
    try "[1, 2, 3]\n".write(to: file, atomically: true, encoding: .utf8)
    let result = try Tamis.run(["validate", file.path])
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("records: 3 read = 0 accepted + 3 quarantined"), "\(result.stdout)")
    #expect(result.stdout.contains("QUARANTINED in 3 of 3 records"), "\(result.stdout)")
  }

  @Test func strictRulesFailAFeedWithQuarantinedRecords() throws {
    let rules = Tamis.temporaryDirectory().appendingPathComponent("strict.yml")
    try "version: 1\nfail_on: error\n".write(to: rules, atomically: true, encoding: .utf8)
    let result = try Tamis.run(["validate", "fixtures/malformed/broken_quote.csv", "--rules", rules.path])
    #expect(result.status == 1)
  }

  @Test func configurationErrorsExitTwoWithALocatedMessage() throws {
    let rules = Tamis.temporaryDirectory().appendingPathComponent("bad.yml")
    try "version: 1\nthresholds:\n  - code: EMAIL_INVALID\n    max_rat: 0.1\n".write(to: rules, atomically: true, encoding: .utf8)
    let bad = try Tamis.run(["validate", "fixtures/crm/clients_crm.csv", "--rules", rules.path])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("bad.yml:4:5 (field 'thresholds.0.max_rat'): error: unknown key 'max_rat'"), "\(bad.stderr)")

    let missing = try Tamis.run(["validate", "fixtures/nope.csv"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("fixtures/nope.csv: error: cannot open the file"))

    let flag = try Tamis.run(["validate", "--no-such-flag", "x.csv"])
    #expect(flag.status == 2)
    #expect(!flag.stderr.isEmpty)

    let mapping = Tamis.temporaryDirectory().appendingPathComponent("m.yml")
    try "columns:\n  \"Mail\": email\n".write(to: mapping, atomically: true, encoding: .utf8)
    let column = try Tamis.run(["validate", "fixtures/malformed/ragged.csv", "--mapping", mapping.path])
    #expect(column.status == 1, "a mapping that no longer fits the export fails the feed")
    #expect(column.stdout.contains("fixtures/malformed/ragged.csv:1 (field 'Mail'): error: the mapping (\(mapping.path):2) names the column 'Mail', which the file does not have"), "\(column.stdout)")
  }

  @Test func reportFormatsForMachines() throws {
    let json = try Tamis.run(["validate", "fixtures/crm/clients_crm.csv", "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect((object?["records"] as? [String: Any])?["read"] as? Int == 15)
    let junit = try Tamis.run(["validate", "fixtures/malformed/xxe.xml", "--format", "junit"])
    #expect(junit.status == 1)
    #expect(junit.stdout.contains("<testcase classname=\"fixtures/malformed/xxe.xml\" name=\"XML_ENTITY_DECLARED\">"))
    let github = try Tamis.run(["validate", "fixtures/malformed/xxe.xml", "--format", "github"])
    #expect(github.stdout.contains("::error file=fixtures/malformed/xxe.xml,line=3,col=3,title=XML_ENTITY_DECLARED::"))
    let quiet = try Tamis.run(["validate", "fixtures/malformed/xxe.xml", "--quiet"])
    #expect(quiet.stdout.isEmpty && quiet.status == 1)
  }

  /// Exports Tamis has no mapping for, in other languages and conventions, are read by detection alone.
  @Test func foreignExportsAreMappedAndTheirDateOrderDetected() throws {
    let out = Tamis.temporaryDirectory()
    let files = ["fixtures/foreign/kunden_export.csv", "fixtures/foreign/us_contacts.csv"]
    let result = try Tamis.run(["normalize"] + files + ["--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("records: 9 read = 9 accepted + 0 quarantined"))
    let csv = Tamis.read(out.appendingPathComponent("normalised.csv"))
    // Anrede, Vorname, Nachname, E-Mail, Telefon, Mobil, Straße, PLZ, Ort, Land, Geburtsdatum (dd.MM.yyyy), Newsletter
    #expect(csv.contains(",K-10001,M,Jürgen,Müller,,juergen.mueller@web.de,'+493012345678,'+4915123456789,,Hauptstraße 5,10115,Berlin,DE,1970-04-03,"))
    #expect(csv.contains(",K-10003,M,Lukas,Meier,,lukas.meier@bluewin.ch,'+41446681800,'+41791234567,,Bahnhofstrasse 1,8001,Zürich,CH,1979-08-17,"))
    #expect(csv.contains(",K-10004,Mme,Sophie,Gruber,"))
    #expect(csv.contains(",AT,1990-12-05,,,,,,,customer,,"))
    // No mapping declares the US file's date order: 12/31/1975 and 03/15/1968 make it month-first.
    #expect(csv.contains(",US-001,M,John,Smith,,john.smith@example.com,'+14155552671,,,1 Market St,94105,San Francisco,US,1980-07-04,"))
    #expect(csv.contains(",US-002,Mme,Mary,O'Brien,"))
    #expect(csv.contains(",US,1975-12-31,"))
    let findings = Tamis.read(out.appendingPathComponent("findings.jsonl"))
    #expect(findings.contains(#""code":"DATE_ORDER_DETECTED","severity":"info","file":"fixtures/foreign/us_contacts.csv""#))
    #expect(!findings.contains("DATE_IMPOSSIBLE"))

    // A mapping that declares the order is obeyed: 12/31/1975 is then impossible, and nothing is detected.
    let mapping = Tamis.temporaryDirectory().appendingPathComponent("us.yml")
    try "source: us\ndate_order: day_first\n".write(to: mapping, atomically: true, encoding: .utf8)
    let declared = Tamis.temporaryDirectory()
    try Tamis.run(["normalize", "fixtures/foreign/us_contacts.csv", "--mapping", mapping.path, "--out", declared.path, "--quiet"])
    let obeyed = Tamis.read(declared.appendingPathComponent("findings.jsonl"))
    #expect(obeyed.contains(#""code":"DATE_IMPOSSIBLE""#) && !obeyed.contains("DATE_ORDER_DETECTED"))
    #expect(Tamis.read(declared.appendingPathComponent("normalised.csv")).contains(",US,1980-04-07,"))
  }

  @Test func inspectDetectsAndEmitsAMappingThatLoadsBack() throws {
    let mapping = Tamis.temporaryDirectory().appendingPathComponent("crm.yml")
    let result = try Tamis.run(["inspect", "fixtures/crm/clients_crm.csv", "--emit-mapping", mapping.path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("encoding:  windows-1252"))
    #expect(result.stdout.contains("delimiter: ;"))
    #expect(result.stdout.contains("records:   15"))
    #expect(result.stdout.contains("dates:     day_first"))
    let emitted = Tamis.read(mapping)
    #expect(emitted.contains("\"Courriel\": email"))
    let again = try Tamis.run(["validate", "fixtures/crm/clients_crm.csv", "--mapping", mapping.path, "--format", "json"])
    #expect(again.status == 0, "\(again.stderr)")
    let help = try Tamis.run(["inspect", "--help"])
    #expect(help.status == 0 && help.stdout.contains("Example:"))
  }

  /// An export with no mapping whose ids sit in `rec_id` and whose people carry a social security
  /// number: the ids are the records' own, and the number joins a duplicate full of typos.
  @Test func anIdColumnAndANationalIdAreDetectedWithoutAMapping() throws {
    let directory = Tamis.temporaryDirectory()
    let input = directory.appendingPathComponent("registry.csv")
    try """
    rec_id,given_name,surname,address_1,postcode,date_of_birth,soc_sec_id
    rec-1-org,rosie,rundle,50 sturt avenue,2263,19751109,9092692
    rec-1-dup-0,jenna,campbell,50 sturt avenue,2263,19751109,9092692
    rec-2-org,hugh,moody,12 jalanga crescent,4740,19020220,7632147
    rec-3-org,emma,moody,12 jalanga crescent,4740,19020220,1111111
    """.write(to: input, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out")
    try Tamis.run(["normalize", input.path, "--out", out.path, "--quiet"])
    #expect(Tamis.read(out.appendingPathComponent("findings.jsonl")).contains(#""code":"SOURCE_ID_DETECTED","severity":"info""#))
    let run = directory.appendingPathComponent("run")
    try Tamis.run(["run", input.path, "--store", directory.appendingPathComponent("t.db").path, "--out", run.path, "--quiet"])
    let clusters = Tamis.read(run.appendingPathComponent("clusters.csv")).split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",").map(String.init) }
    let golden = Dictionary(uniqueKeysWithValues: clusters.map { ($0[1], $0[2]) })
    #expect(Set(golden.keys) == ["rec-1-org", "rec-1-dup-0", "rec-2-org", "rec-3-org"])
    #expect(golden["rec-1-org"] == golden["rec-1-dup-0"], "one social security number, one person, whatever the names")
    #expect(golden["rec-2-org"] != golden["rec-3-org"], "twins at one address with different numbers stay two people")
  }
}
