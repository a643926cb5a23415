import Foundation
import PropertyBased
import Testing
@testable import TamisKit

@Suite struct ReportTests {
  /// The eight-bytes-at-a-time test for what JSON must escape finds exactly what a byte-by-byte
  /// test finds, at any place and length (bytes drawn near the boundaries: 0x1F/0x20, quote,
  /// backslash, 0xE2 and its neighbours).
  @Test func escapeTestFindsWhatTheByteTestFinds() async {
    let specials: [UInt8] = [0x00, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x2B, 0x2C, 0x2D, 0x5B, 0x5C, 0x5D, 0x61, 0x7F, 0x80, 0xC3, 0xE1, 0xE2, 0xE3, 0xFF]
    let fillers: [UInt8] = [0x20, 0x41, 0x61, 0x7A, 0x80, 0xC3, 0xA9]
    let bytes = Gen<UInt8?>.element(of: specials).map { $0! }
    let filler = Gen<UInt8?>.element(of: fillers).map { $0! }
    await propertyCheck(count: 2000, input: filler.array(of: 0...40), bytes, Gen.int(in: 0...40)) { text, special, at in
      var text = text
      if at < text.count { text[at] = special }
      let mustEscape: (UInt8) -> Bool = { byte in byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 }
      let expected = text.contains(where: mustEscape)
      #expect(text.withUnsafeBufferPointer { JSONText.needsEscaping($0) } == expected, "\(text)")
      // The one look for both files: plain only when neither JSON escapes nor CSV quotes anything.
      let plainForBoth = !expected && !text.contains(where: { [0x2C, 0x22, 0x0A, 0x0D].contains($0) })
      #expect(text.withUnsafeBufferPointer { ContactExport.isPlainForJSONAndCSV($0) } == plainForBoth, "\(text)")
    }
  }

  /// The word masks a scanner counts zeros in mark exactly the bytes they name, however the
  /// bytes around them would carry or borrow.
  @Test func wordMasksMarkExactlyTheirBytes() async {
    let bytes: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0, 0xA2, 0xDC, 0xFF]
    let byte = Gen<UInt8?>.element(of: bytes).map { $0! }
    await propertyCheck(count: 3000, input: byte.array(of: 8...8)) { word in
      let value = word.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
      func mask(_ test: (UInt8) -> Bool) -> UInt64 {
        word.enumerated().reduce(0) { $0 | (test($1.element) ? UInt64(0x80) << UInt64(8 * $1.offset) : 0) }
      }
      #expect(ByteWords.bits(of: 0x22, in: value) == mask { $0 == 0x22 }, "\(word)")
      #expect(ByteWords.bits(of: 0x5C, in: value) == mask { $0 == 0x5C }, "\(word)")
      #expect(ByteWords.controlBits(value) == mask { $0 < 0x20 }, "\(word)")
    }
  }

  /// Cells are quoted exactly when they hold a comma, quote or line break, wherever it is (the
  /// test reads eight bytes at a time), and neutralised when they start like a formula.
  @Test func cellsAreQuotedExactlyWhenTheyMustBe() async {
    let specials: [UInt8] = [0x09, 0x0A, 0x0C, 0x0D, 0x22, 0x2B, 0x2C, 0x2D, 0x3D, 0x40, 0x0B, 0x2E, 0xAC, 0xA2]
    let fillers: [UInt8] = [0x20, 0x41, 0x61, 0x7A, 0x30]
    let special = Gen<UInt8?>.element(of: specials).map { $0! }
    let filler = Gen<UInt8?>.element(of: fillers).map { $0! }
    await propertyCheck(count: 2000, input: filler.array(of: 0...30), special, Gen.int(in: 0...30)) { bytes, byte, at in
      var bytes = bytes
      if at < bytes.count { bytes[at] = byte }
      let raw = String(decoding: bytes, as: UTF8.self)
      var expected = bytes.first.map { [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D].contains($0) } == true ? "'" + raw : raw
      if raw.utf8.contains(where: { [0x2C, 0x22, 0x0A, 0x0D].contains($0) }) {
        expected = "\"" + expected.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      }
      #expect(CSVText.cell(raw) == expected, "\(bytes)")
    }
  }

  @Test(arguments: [("=1+1", "'=1+1"), ("+33612345678", "'+33612345678"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
                    ("\tx", "'\tx"), ("Dupont, Jean", "\"Dupont, Jean\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("plain", "plain")])
  func spreadsheetSafeCells(raw: String, written: String) {
    #expect(CSVText.cell(raw) == written)
  }

  @Test func atomicFilesAppearOnlyOnCommit() throws {
    let url = TestFiles.directory().appendingPathComponent("report.txt")
    let file = try AtomicFile(url)
    file.write("half")
    #expect(!FileManager.default.fileExists(atPath: url.path))
    try file.commit()
    #expect(try String(contentsOf: url, encoding: .utf8) == "half")
    let abandoned = try AtomicFile(url)
    abandoned.write("new")
    abandoned.discard()
    #expect(try String(contentsOf: url, encoding: .utf8) == "half")
  }


  @Test func blocksGoBackToTheirPoolAndTheNextBatchRendersTheSame() {
    var contact = Contact(locator: Locator(file: "f.csv", line: 2), source: "crm")
    contact.append(NormalisedValue(original: "A@B.fr", value: "a@b.fr", key: "a@b.fr", column: "Courriel"), to: .email)
    contact.issues.append(Issue("EMAIL_ROLE_ADDRESS", .info, at: contact.locator, "a role address"))
    let batch = Array(repeating: contact, count: 50)
    let pool = ByteBlock.Pool()
    let first = ContactExport.render(batch, reusing: pool)
    let expected = [first.csv.array, first.jsonl.array, first.findings.array]
    #expect(expected.allSatisfy { !$0.isEmpty })
    for block in [first.csv, first.jsonl, first.findings] { pool.recycle(block) }
    #expect(first.jsonl.array.isEmpty, "a recycled block no longer shows the memory it gave back")
    let second = ContactExport.render(batch, reusing: pool)
    #expect([second.csv.array, second.jsonl.array, second.findings.array] == expected)
  }

  @Test func normalisedLinesCarryTheOriginalOnlyWhereItChanged() {
    var contact = Contact(locator: Locator(file: "f.csv", line: 2), source: "crm")
    contact.append(NormalisedValue(original: "Paris", value: "Paris", key: "paris", column: "Ville"), to: .city)
    contact.append(NormalisedValue(original: "A@B.fr", value: "a@b.fr", key: "a@b.fr", column: "Courriel"), to: .email)
    // Canonically equivalent to the value ("é" as e + U+0301) but not the same bytes: kept.
    contact.append(NormalisedValue(original: "Le\u{301}a", value: "Léa", key: "lea", column: "Nom"), to: .lastName)
    let line = ContactExport.json(contact)
    #expect(line.contains(#""city":[{"value":"Paris","key":"paris","column":"Ville"}]"#))
    #expect(line.contains(#""email":[{"value":"a@b.fr","original":"A@B.fr","column":"Courriel"}]"#))
    #expect(line.contains(#""last_name":[{"value":"Léa","original":"Le\#u{301}a","key":"lea","column":"Nom"}]"#))
  }
  /// A record with something to escape or quote anywhere is written value by value; the others
  /// are copied whole. Either way each line reads back as the values it was given.
  @Test func linesReadBackWhetherOrNotTheRecordNeedsEscaping() throws {
    func contact(_ company: String) -> Contact {
      var contact = Contact(locator: Locator(file: "f.csv", line: 2), source: "crm")
      contact.append(NormalisedValue(original: "Dupont", value: "Dupont", key: "dupont", column: "Nom"), to: .lastName)
      contact.append(NormalisedValue(original: company, value: company, key: "k", column: "Société"), to: .company)
      return contact
    }
    let companies = ["Durand SA", "Durand \"& fils\", Lyon", "back\\slash\nline\u{7}", "=1+1", "a\u{2028}b"]
    let rendered = ContactExport.render(companies.map(contact))
    let lines = rendered.jsonl.array.split(separator: 10)
    for (line, company) in zip(lines, companies) {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
      let fields = try #require(object["fields"] as? [String: [[String: String]]])
      #expect(fields["company"]?.first?["value"] == company)
      #expect(fields["company"]?.first?["column"] == "Société")
      #expect(fields["last_name"]?.first?["key"] == "dupont")
    }
    let csv = String(decoding: rendered.csv.array, as: UTF8.self)
    #expect(csv.contains(",Durand SA,"))
    #expect(csv.contains(#","Durand ""& fils"", Lyon","#))
    #expect(csv.contains(",'=1+1,"))
  }

  func tally() -> (FeedTally, ValidationRules) {
    var tally = FeedTally()
    tally.begin(FileProfile(file: "a,b.csv", format: .csv, encoding: .utf8))
    var contact = Contact(locator: Locator(file: "a,b.csv", line: 4, record: 3), source: "a")
    contact.issues = [Issue("EMAIL_INVALID", .warning, at: Locator(file: "a,b.csv", line: 4, record: 3, field: "mail"), "not valid: 50% <b>")]
    tally.count(contact)
    var quarantined = Contact(locator: Locator(file: "a,b.csv", line: 5, record: 4), source: "a")
    quarantined.issues = [Issue("RECORD_UNIDENTIFIABLE", .error, at: quarantined.locator, "no identifying <fields>")]
    tally.count(quarantined)
    var rules = ValidationRules()
    rules.failOn = .error
    return (tally, rules)
  }

  @Test func githubAnnotationsEscapeTheirProperties() {
    let (tally, rules) = tally()
    let text = FindingsReport(tally: tally, rules: rules).github()
    #expect(text.contains("::error file=a%2Cb.csv,line=5,title=RECORD_UNIDENTIFIABLE::no identifying <fields>"))
    #expect(text.contains("::warning file=a%2Cb.csv,line=4,title=EMAIL_INVALID::not valid: 50%25 <b> (field 'mail')"))
  }

  @Test func junitIsWellFormedAndCountsFailures() throws {
    let (tally, rules) = tally()
    let xml = FindingsReport(tally: tally, rules: rules).junit()
    #expect(xml.contains("failures=\"1\""))
    #expect(xml.contains("&lt;fields&gt;"))
    let path = TestFiles.write(xml, name: "j.xml")
    let reader = try XMLReader(path: path, options: ReadOptions(recordPath: "testcase"))
    var cases = 0
    while try reader.next() != nil { cases += 1 }
    #expect(cases == 3)
  }

  @Test func jsonAndTextTellTheBalance() {
    let (tally, rules) = tally()
    let report = FindingsReport(tally: tally, rules: rules)
    #expect(report.json().hasPrefix("{\"passed\":false,\"records\":{\"read\":2,\"accepted\":1,\"quarantined\":1,\"balanced\":true}"))
    #expect(report.text().contains("records: 2 read = 1 accepted + 1 quarantined"))
  }
}
