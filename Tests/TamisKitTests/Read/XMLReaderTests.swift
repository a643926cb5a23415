import Foundation
import Testing
@testable import TamisKit

@Suite struct XMLReaderTests {
  func readAll(_ path: String, options: ReadOptions = ReadOptions()) throws -> [SourceRecord] {
    let reader = try XMLReader(path: path, options: options)
    var records: [SourceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
  }

  @Test func detectsTheRepeatedRecordElementAndFlattensPaths() throws {
    let records = try readAll(TestFiles.fixture("erp/contacts_erp.xml"))
    #expect(records.count == 6)
    let first = records[0]
    #expect(first.values("@id") == ["T00123"])
    #expect(first.values("identite/@civilite") == ["MME"])
    #expect(first.values("identite/nom") == ["MARTIN"])
    #expect(first.values("telephones/telephone") == ["+33 6 98 76 54 32", "04 72 00 00 00"])
    #expect(first.locator.path == "/export/contact[1]")
    #expect(first.locator.line == 5)
    #expect(records[5].values("adresse/rue") == ["7 QUAI DE LA FOSSE"], "CDATA reads as text")
    #expect(records[4].values("adresse/rue") == ["18 RUE DE L'INDUSTRIE"], "predefined entities are fine")
  }

  @Test func billionLaughsIsRefusedWithItsOwnMessage() throws {
    let error = #expect(throws: ReadError.self) { try readAll(TestFiles.fixture("malformed/billion_laughs.xml")) }
    #expect(error == .xmlEntityDeclared(Locator(file: TestFiles.fixture("malformed/billion_laughs.xml"), line: 3, column: 2), name: "lol"))
  }

  @Test func externalEntitiesAreRefusedAndNeverFetched() throws {
    let error = #expect(throws: ReadError.self) { try readAll(TestFiles.fixture("malformed/xxe.xml")) }
    #expect(error?.code == "XML_ENTITY_DECLARED")
    #expect(error?.locator.line == 3)
  }

  @Test func anUnresolvedEntityStopsTheFileAfterTheGoodRecords() throws {
    let reader = try XMLReader(path: TestFiles.fixture("malformed/undeclared_entity.xml"))
    #expect(try reader.next()?.values("nom") == ["Durand"])
    let error = #expect(throws: ReadError.self) { _ = try reader.next() }
    #expect(error == .xmlEntityReference(Locator(file: TestFiles.fixture("malformed/undeclared_entity.xml"), line: 5), name: "secret"))
  }

  @Test func truncatedXMLKeepsTheRecordsBeforeTheBreak() throws {
    let reader = try XMLReader(path: TestFiles.fixture("malformed/truncated.xml"))
    #expect(try reader.next()?.values("@id") == ["1"])
    #expect(try reader.next()?.values("@id") == ["2"])
    let error = #expect(throws: ReadError.self) { _ = try reader.next() }
    #expect(error?.code == "XML_MALFORMED")
    #expect(error?.locator.line == 5)
  }

  @Test func aGivenRecordElementWinsOverDetection() throws {
    let path = TestFiles.write("<r><meta><x>1</x><x>2</x></meta><person n=\"a\"/><person n=\"b\"><name>B</name></person></r>", name: "g.xml")
    let records = try readAll(path, options: ReadOptions(recordPath: "person"))
    #expect(records.map { $0.values("@n") } == [["a"], ["b"]])
    #expect(records[1].values("name") == ["B"])
  }

  /// Paths are remembered between records; a file of ever-new element names makes the reader
  /// forget them (memory stays flat), and every key must stay right across that.
  @Test func pathsStayRightWhenTheReaderForgetsThem() throws {
    var xml = "<export>"
    for i in 0..<10_050 { xml += "<c id=\"\(i)\"><n\(i) t=\"\(i)\"><v>\(i)</v></n\(i)><n>same</n></c>" }
    let records = try readAll(TestFiles.write(xml + "</export>", name: "names.xml"))
    #expect(records.count == 10_050)
    for i in [0, 4_999, 5_000, 10_049] {
      #expect(records[i].values("@id") == ["\(i)"])
      #expect(records[i].values("n\(i)/@t") == ["\(i)"])
      #expect(records[i].values("n\(i)/v") == ["\(i)"])
      #expect(records[i].values("n") == ["same"])
    }
  }

  /// Texts are trimmed on their bytes where they start and end in ASCII, by Foundation's white
  /// space otherwise (a no-break space counts); an element's text split around a child is joined.
  @Test func textsAreTrimmedAndJoinedAsStrings() throws {
    let xml = "<r><c id=\" 7 \"><n>\u{A0}Zoé\u{A0}</n><m> a<x> 1 </x>b\t</m><k><![CDATA[ x ]]></k><e>  </e>\n<o>é</o></c>"
      + "<c><n>\nLéa\r\n</n></c></r>"
    let records = try readAll(TestFiles.write(xml, name: "texts.xml"))
    #expect(records.count == 2)
    #expect(records[0].fields == [SourceField(key: "@id", value: " 7 "), SourceField(key: "n", value: "Zoé"),
                                  SourceField(key: "m/x", value: "1"), SourceField(key: "m", value: "ab"),
                                  SourceField(key: "k", value: "x"), SourceField(key: "o", value: "é")])
    #expect(records[1].fields == [SourceField(key: "n", value: "Léa")])
  }
}
