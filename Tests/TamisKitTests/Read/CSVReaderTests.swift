import Foundation
import Testing
@testable import TamisKit

@Suite struct CSVReaderTests {
  func readAll(_ path: String, options: ReadOptions = ReadOptions(columnNames: HeaderSynonyms.columnNameTest)) throws -> (CSVReader, [SourceRecord]) {
    let reader = try CSVReader(path: path, options: options)
    var records: [SourceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (reader, records)
  }

  @Test func quotedFieldsHoldDelimitersQuotesAndNewlines() throws {
    let path = TestFiles.write("id,name,note\r\n1,\"Dupont, Jean\",\"he said \"\"hi\"\"\nthen left\"\r\n2,Martin,\r\n", name: "a.csv")
    let (_, records) = try readAll(path)
    #expect(records.count == 2)
    #expect(records[0].values("name") == ["Dupont, Jean"])
    #expect(records[0].values("note") == ["he said \"hi\"\nthen left"])
    #expect(records[1].locator.line == 4)
    #expect(records[1].values("note") == [])
  }

  @Test(arguments: [(";", UInt8(ascii: ";")), (",", UInt8(ascii: ",")), ("\t", 0x09), ("|", UInt8(ascii: "|"))])
  func sniffsTheDelimiter(delimiter: String, byte: UInt8) throws {
    let text = ["id", "nom", "ville"].joined(separator: delimiter) + "\n" + ["1", "Dupont, Jean", "Paris"].joined(separator: delimiter) + "\n"
    let quoted = delimiter == "," ? text.replacingOccurrences(of: "Dupont, Jean", with: "\"Dupont, Jean\"") : text
    let (reader, records) = try readAll(TestFiles.write(quoted, name: "d.csv"))
    #expect(reader.profile.delimiter == String(UnicodeScalar(byte)))
    #expect(records.first?.values("nom") == ["Dupont, Jean"])
  }

  /// Every Windows-1252 character, in chunks that split ASCII runs anywhere, decodes as
  /// Foundation decodes it (the five bytes Windows-1252 leaves undefined aside).
  /// Excel writes `sep=;` first to name the delimiter; the header is the next line.
  @Test func excelSeparatorLineNamesTheDelimiter() throws {
    let path = TestFiles.write("\u{FEFF}sep=|\r\nNom|Ville, pays\r\nDupont|Paris, France\r\n", name: "sep.csv")
    let (reader, records) = try readAll(path)
    #expect(reader.profile.delimiter == "|")
    #expect(reader.header == ["Nom", "Ville, pays"])
    #expect(records.map { $0.values("Ville, pays") } == [["Paris, France"]])
    #expect(records.first?.locator.line == 3)
    #expect(CSVReader.separatorHint(Array("sep=;".utf8))?.delimiter == UInt8(ascii: ";"))
    #expect(CSVReader.separatorHint(Array("sep=;;\nNom".utf8)) == nil, "not a hint: a header that starts so")
  }

  /// Report-style exports put a title above the header; a one-column file's header is not one.
  @Test func titleLinesAboveTheHeaderAreSkippedAndSaidSo() throws {
    let report = TestFiles.write("Export clients du 12/03/2024\r\n\r\nNom;Prénom;Email\r\nDupont;Jean;jean@x.fr\r\n", name: "report.csv")
    let (reader, records) = try readAll(report)
    #expect(reader.profile.delimiter == ";")
    #expect(reader.header == ["Nom", "Prénom", "Email"])
    #expect(records.map { $0.values("Email") } == [["jean@x.fr"]])
    #expect(records.first?.locator.line == 4)
    #expect(reader.fileIssues.map(\.code) == ["CSV_PREAMBLE"])
    #expect(reader.fileIssues.first?.message.hasPrefix("lines 1–2 come before the header (line 3)") == true)
    // A one-column export (its header a known name), and rows that only look like a header: as they are.
    let oneColumn = TestFiles.write("email\na@x.fr\nid;email\nb@x.fr\n", name: "one.csv")
    #expect(try readAll(oneColumn).0.header == ["email"])
    let noKnownName = TestFiles.write("Liste\nDupont;Jean\nMartin;Paul\n", name: "list.csv")
    let (plain, rows) = try readAll(noKnownName)
    #expect(plain.header == ["Liste"] && rows.count == 2 && plain.fileIssues.isEmpty)
  }

  /// The empty rows of a spreadsheet's used range are not records, and are counted.
  @Test func rowsWithEveryFieldEmptyAreCountedNotRead() throws {
    let path = TestFiles.write("nom;email\nDupont;a@x.fr\n;\n\n;\nMartin;b@x.fr\n\"\";\"\"\n;", name: "e.csv")
    let (reader, records) = try readAll(path)
    #expect(records.map { $0.values("nom") } == [["Dupont"], ["Martin"], []], "quoted empty fields make a record")
    #expect(records.map(\.locator.record) == [1, 2, 3])
    let issue = reader.fileIssues.first { $0.code == "CSV_EMPTY_ROWS" }
    #expect(issue?.locator.line == 3)
    #expect(issue?.message.hasPrefix("3 rows have every field empty") == true)
  }

  @Test func windows1252DecodesEveryByteAcrossChunks() throws {
    let undefined: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]
    let bytes = (0..<3).flatMap { _ in (UInt8(0x20)...UInt8(0xFF)).filter { !undefined.contains($0) } + Array("plain text;".utf8) }
    let stream = try ByteStream(path: TestFiles.write(bytes, name: "all.csv"), encoding: .windows1252)
    var decoded: [UInt8] = []
    while stream.read(into: &decoded, maximum: 7) > 0 {}
    #expect(String(decoding: decoded, as: UTF8.self) == String(data: Data(bytes), encoding: .windowsCP1252))
  }

  @Test func readsWindows1252AndUTF16() throws {
    let text = "nom;prénom\nLEFÈVRE;Élodie — œuvre €\n"
    let cp1252 = TestFiles.write(Array(text.data(using: .windowsCP1252)!), name: "w.csv")
    let (reader, records) = try readAll(cp1252)
    #expect(reader.profile.encoding == .windows1252)
    #expect(records[0].values("prénom") == ["Élodie — œuvre €"])

    var utf16: [UInt8] = [0xFF, 0xFE]
    for unit in text.utf16 { utf16.append(UInt8(unit & 0xFF)); utf16.append(UInt8(unit >> 8)) }
    let (reader16, records16) = try readAll(TestFiles.write(utf16, name: "u16.csv"))
    #expect(reader16.profile.encoding == .utf16LE)
    #expect(records16[0].values("nom") == ["LEFÈVRE"])

    let bom = TestFiles.write([0xEF, 0xBB, 0xBF] + Array(text.utf8), name: "bom.csv")
    let (_, recordsBOM) = try readAll(bom)
    #expect(recordsBOM[0].values("nom") == ["LEFÈVRE"], "the BOM must not stick to the first header")
  }

  @Test func brokenQuoteIsLocatedAndTheRestIsRead() throws {
    let (_, records) = try readAll(TestFiles.fixture("malformed/broken_quote.csv"))
    #expect(records.count == 4)
    let broken = records[1]
    #expect(broken.issues.map(\.code) == ["CSV_UNBALANCED_QUOTE"])
    #expect(broken.issues[0].locator.line == 3)
    #expect(broken.issues[0].locator.column == 3)
    #expect(records[2].values("email") == ["luc.morel@example.fr"])
    #expect(records[3].values("email") == ["julie.simon@example.fr"])
  }

  @Test func invalidUTF8IsReportedAtItsLineAndColumn() throws {
    let (reader, records) = try readAll(TestFiles.fixture("malformed/invalid_utf8.csv"))
    #expect(reader.profile.encoding == .utf8)
    #expect(records.count == 4)
    let issue = try #require(records[1].issues.first)
    #expect(issue.code == "ENCODING_INVALID_BYTE")
    #expect(issue.locator.line == 3)
    #expect(issue.locator.column == 12)
    #expect(records[1].values("prenom") == ["Ren\u{FFFD}"])
  }

  @Test func aOneMegabyteFieldIsReadWhole() throws {
    let (_, records) = try readAll(TestFiles.fixture("malformed/big_field.csv"))
    #expect(records.count == 2)
    #expect((records[0].values("notes").first?.utf8.count ?? 0) > 900_000)
    #expect(records[1].values("notes") == ["court"])
    #expect(records[1].issues.isEmpty)
  }

  @Test func emptyAndHeaderOnlyFilesAreReported() throws {
    let (empty, none) = try readAll(TestFiles.fixture("malformed/empty.csv"))
    #expect(none.isEmpty)
    #expect(empty.fileIssues.map(\.code) == ["FILE_EMPTY"])
    let (headerOnly, alsoNone) = try readAll(TestFiles.fixture("malformed/header_only.csv"))
    #expect(alsoNone.isEmpty)
    #expect(headerOnly.header == ["id", "nom", "prenom", "email"])
    #expect(headerOnly.fileIssues.map(\.code) == ["FILE_NO_RECORDS"])
  }

  @Test func raggedRowsAndOddHeadersKeepEveryValue() throws {
    let path = TestFiles.write("email,,email\na@x.fr,b,c@x.fr,extra\nd@x.fr\n", name: "r.csv")
    let (reader, records) = try readAll(path)
    #expect(reader.header == ["email", "column_2", "email#2"])
    #expect(records[0].fields.map(\.key) == ["email", "column_2", "email#2", "column_4"])
    #expect(records[0].issues.map(\.code) == ["CSV_RAGGED_ROW"])
    #expect(records[1].issues.map(\.code) == ["CSV_RAGGED_ROW"])
  }

  @Test func recordsAcrossChunkBoundariesAreWhole() throws {
    // 200,000 rows cross the reader's 1 MiB chunks many times.
    var text = "id;name;note\n"
    for i in 0..<200_000 { text += "\(i);name \(i);\"multi\nline \(i)\"\n" }
    let (_, records) = try readAll(TestFiles.write(text, name: "big.csv"))
    #expect(records.count == 200_000)
    #expect(records[123_456].values("note") == ["multi\nline 123456"])
    #expect(records[123_456].locator.line == 2 + 2 * 123_456)
  }
}

/// A UTF-8 export with a few bad bytes stays UTF-8: its valid names intact, each bad byte named
/// at its line and column; only a file that reads as Windows-1252 throughout is read as it.
@Suite struct MixedEncodingTests {
  static let cases: [(name: String, bad: [UInt8], count: Int)] = [
    ("Latin-1 é pasted", [0xE9], 1), ("lone continuation", [0x80], 1), ("0xFF", [0xFF], 1),
    ("overlong", [0xC0, 0xAF], 2), ("encoded surrogate", [0xED, 0xA0, 0x80], 3), ("cut short", [0xE2, 0x82], 2),
  ]

  @Test(arguments: cases.indices)
  func aFewBadBytesInAUTF8FileAreReportedWhereTheyAre(index: Int) throws {
    let (_, bad, count) = Self.cases[index]
    // One valid accented name, the bad bytes twice: more bad sequences than good ones.
    let bytes = Array("nom,prenom\nDurand,Zoé\nRen".utf8) + bad + Array("X,Luc\nMor".utf8) + bad + Array("Y,Ana\n".utf8)
    let path = TestFiles.write(bytes, name: "mixed.csv")
    let reader = try CSVReader(path: path)
    #expect(reader.profile.encoding == .utf8)
    var records: [SourceRecord] = []
    while let record = try reader.next() { records.append(record) }
    #expect(records.first?.values("prenom") == ["Zoé"], "the valid name is read as UTF-8")
    for (record, line) in zip(records.dropFirst(), [3, 4]) {
      let issues = record.issues.filter { $0.code == "ENCODING_INVALID_BYTE" }
      #expect(issues.count == count)
      #expect(issues.allSatisfy { $0.locator.line == line })
      #expect(issues.map { $0.locator.column ?? 0 } == Array(4..<(4 + count)), "each bad byte at its own column")
    }
  }

  @Test func aWindowsExportIsReadAsWindows1252() throws {
    let path = TestFiles.write(Array("nom,prenom\nH".utf8) + [0xE9] + Array("l".utf8) + [0xE8] + Array("ne,Zo".utf8) + [0xE9, 0x0A], name: "cp1252.csv")
    let reader = try CSVReader(path: path)
    #expect(reader.profile.encoding == .windows1252)
    #expect(try reader.next()?.values("nom") == ["Hélène"])
  }
}
