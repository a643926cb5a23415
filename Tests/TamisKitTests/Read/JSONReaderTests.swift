import Foundation
import PropertyBased
import Testing
@testable import TamisKit

@Suite struct JSONReaderTests {
  func readAll(_ path: String, options: ReadOptions = ReadOptions()) throws -> (RecordReader, [SourceRecord]) {
    let reader = try Readers.open(path, options: options)
    var records: [SourceRecord] = []
    while let record = try reader.next() { records.append(record) }
    return (reader, records)
  }

  @Test func flattensNestedObjectsAndKeepsArrays() throws {
    let path = TestFiles.write("""
      [{"id": 1, "name": {"first": "Jean", "last": "Dupont"}, "emails": ["a@x.fr", "b@x.fr"],
        "address": {"city": "Paris", "geo": null}, "vip": true, "note": "caf\\u00e9 \\ud83d\\ude00"}]
      """, name: "a.json")
    let (_, records) = try readAll(path)
    #expect(records.count == 1)
    let record = records[0]
    #expect(record.values("name.first") == ["Jean"])
    #expect(record.values("emails") == ["a@x.fr", "b@x.fr"])
    #expect(record.values("address.city") == ["Paris"])
    #expect(record.values("address.geo") == [])
    #expect(record.values("vip") == ["true"])
    #expect(record.values("id") == ["1"])
    #expect(record.values("note") == ["café 😀"])
    #expect(record.locator.path == "/0")
  }

  @Test func findsTheArrayInsideAWrapperObject() throws {
    let (reader, records) = try readAll(TestFiles.fixture("eshop/customers.json"))
    #expect(reader.profile.recordPath == "customers")
    #expect(records.count == 10)
    #expect(records[0].locator.path == "/customers/0")
    #expect(records[0].values("address.zip") == ["75011"])
  }

  /// An API dump nests its records; a lone record's nested objects still flatten as before.
  @Test func findsTheArrayNestedInsideWrapperObjects() throws {
    let dump = TestFiles.write(#"{"meta":{"page":1},"data":{"count":2,"customers":[{"email":"a@x.fr"},{"email":"b@x.fr"}]}}"#, name: "dump.json")
    let (reader, records) = try readAll(dump)
    #expect(reader.profile.recordPath == "data.customers")
    #expect(records.map { $0.values("email") } == [["a@x.fr"], ["b@x.fr"]])
    #expect(records.map(\.locator.path) == ["/data/customers/0", "/data/customers/1"])
    #expect(records.map(\.locator.rankOnLine) == [nil, 2], "both records begin on line 1")
    #expect(reader.fileIssues.map(\.code) == ["JSON_WRAPPER_VALUES"])
    #expect(reader.fileIssues.first?.message.contains("(meta.page, data.count)") == true)
    let single = TestFiles.write(#"{"id":"7","name":{"first":"Ann","last":"Lee"},"emails":["a@x.fr","b@x.fr"]}"#, name: "one.json")
    let (_, lone) = try readAll(single)
    #expect(lone.count == 1)
    #expect(lone.first?.values("name.first") == ["Ann"])
    #expect(lone.first?.values("emails") == ["a@x.fr", "b@x.fr"])
  }

  @Test func followsAGivenNestedKey() throws {
    let path = TestFiles.write(#"{"meta": {"n": 2}, "data": {"people": [{"id": "a"}, {"id": "b"}]}}"#, name: "n.json")
    let (_, records) = try readAll(path, options: ReadOptions(recordPath: "data.people"))
    #expect(records.map { $0.values("id") } == [["a"], ["b"]])
    #expect(throws: ReadError.self) { try readAll(path, options: ReadOptions(recordPath: "data.nobody")) }
  }

  @Test func jsonLinesQuarantinesABadLineAndReadsTheRest() throws {
    let (reader, records) = try readAll(TestFiles.fixture("malformed/bad_lines.jsonl"))
    #expect(reader.profile.format == .jsonl)
    #expect(records.count == 3)
    #expect(records[1].issues.map(\.code) == ["JSON_SYNTAX"])
    #expect(records[1].issues[0].locator.line == 2)
    #expect(records[2].values("email") == ["julie.simon@example.fr"])
  }

  @Test func aTruncatedArrayStopsWithALocatedErrorAfterTheGoodRecords() throws {
    let path = TestFiles.write("[{\"id\": 1},\n {\"id\": 2},\n {\"id\": ", name: "t.json")
    let reader = try Readers.open(path)
    #expect(try reader.next()?.values("id") == ["1"])
    #expect(try reader.next()?.values("id") == ["2"])
    #expect(throws: ReadError.self) { _ = try reader.next() }
  }

  @Test func deepNestingIsRefusedNotCrashed() throws {
    let path = TestFiles.write("[" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "]", name: "deep.json")
    #expect(throws: ReadError.self) { try readAll(path) }
  }

  @Test func streamsALargeArrayInFlatMemory() throws {
    var text = "["
    for i in 0..<50_000 { text += (i > 0 ? ",\n" : "") + #"{"id": \#(i), "name": {"last": "N\#(i)"}}"# }
    text += "]"
    let (_, records) = try readAll(TestFiles.write(text, name: "many.json"))
    #expect(records.count == 50_000)
    #expect(records[49_999].values("name.last") == ["N49999"])
    #expect(records[49_999].locator.line == 50_000)
  }

  /// Key paths are numbered per reader; a file of ever-new keys makes the reader begin a new
  /// table (memory stays flat), and the mapper, batch by batch, must keep every key right.
  @Test func keysStayRightWhenTheReaderBeginsANewTable() throws {
    let count = ColumnNames.limit + 50
    // The first record numbers its own key before `email`, the others after: a table begun
    // afresh gives `email` the number the first key had, which the mapper must not reuse.
    let lines = (0..<count).map { i in
      i == 0 ? "{\"k0\": \"v0\", \"email\": \"p0@x.fr\"}" : "{\"email\": \"p\(i)@x.fr\", \"k\(i)\": \"v\(i)\"}"
    }
    let (_, records) = try readAll(TestFiles.write(lines.joined(separator: "\n") + "\n", name: "keys.jsonl"))
    #expect(records.count == count)
    let mapper = Mapper(mapping: Mapping(), file: "keys.jsonl")
    var mapped: [MappedRecord] = []
    for (index, record) in records.enumerated() {
      if index % 999 == 0 { mapper.beginBatch() }
      mapped.append(mapper.map(record))
    }
    for i in [1, ColumnNames.limit - 1, ColumnNames.limit, count - 1] {
      #expect(records[i].fields == [SourceField(key: "email", value: "p\(i)@x.fr"), SourceField(key: "k\(i)", value: "v\(i)")])
      #expect(mapped[i][.email] == [MappedRecord.Value(text: "p\(i)@x.fr", column: "email")])
      #expect(mapped[i].extras == [SourceField(key: "k\(i)", value: "v\(i)")])
    }
    // The mapper's report stops growing at its limit (memory flat in the number of keys); the
    // keys past it are still mapped (above) and `inspect` says some went unlisted.
    #expect(mapper.report.count == Mapper.reportLimit)
    #expect(mapper.unreportedColumns == count + 1 - Mapper.reportLimit)
    let inspection = try Inspection.inspect(TestFiles.write(lines.joined(separator: "\n") + "\n", name: "keys.jsonl"))
    #expect(inspection.columns.count == Mapper.reportLimit)
    #expect(inspection.issues.first?.code == "MAPPING_COLUMNS_UNLISTED")
  }

  /// Records of every kind of value, escaped keys and values among them, cut anywhere by the
  /// reader's buffer (which holds 64 KiB, then 1 MiB): each must read as written, in both framings.
  @Test func readsEveryValueWhereverTheBufferCutsTheRecord() throws {
    let samples: [(json: String, text: String)] = [
      (#""Jean""#, "Jean"), (#""Ma\u00ebl \"le\" \\ \/ x""#, "Maël \"le\" \\ / x"), (#""\ud83d\ude00 ok""#, "😀 ok"),
      (#""ligne\nsuivante\ttab""#, "ligne\nsuivante\ttab"), (#""Élodie Chaînée""#, "Élodie Chaînée"), ("12.5e3", "12.5e3"),
      ("-7", "-7"), ("true", "true"), ("false", "false"),
    ]
    var lines: [String] = []
    var expected: [[SourceField]] = []
    for i in 0..<12_000 {
      let a = samples[i % samples.count], b = samples[(i / samples.count) % samples.count]
      lines.append(#"{"id": \#(i), "n\u0061me": {"first": \#(a.json), "x": null, "e": ""}, "list": [\#(b.json), \#(a.json)], "k\"q": \#(b.json)}"#)
      expected.append([SourceField(key: "id", value: "\(i)"), SourceField(key: "name.first", value: a.text),
                       SourceField(key: "list", value: b.text), SourceField(key: "list", value: a.text), SourceField(key: "k\"q", value: b.text)])
    }
    for (name, text) in [("e.jsonl", lines.joined(separator: "\n") + "\n"), ("e.json", "[\n" + lines.joined(separator: ",\n") + "\n]\n")] {
      let (_, records) = try readAll(TestFiles.write(text, name: name))
      #expect(records.count == expected.count)
      let wrong = zip(records, expected).enumerated().filter { $0.element.0.fields != $0.element.1 || !$0.element.0.issues.isEmpty }
      #expect(wrong.isEmpty, "\(name): \(wrong.count) records differ, first \(wrong.first.map { "\($0.offset): \($0.element.0.fields)" } ?? "")")
    }
  }

  /// Strings are scanned eight bytes at a time to their first quote, backslash or control
  /// character: whatever the string's length and where those bytes fall, a value reads back as
  /// written, and a raw control character is reported at its own column.
  @Test func stringsReadBackWhereverTheirSpecialBytesFall() async {
    let pieces = ["a", "é", "\"", "\\", "\n", "\t", "/", "\u{1F}", " ", "😀", "z"]
    let piece = Gen<String?>.element(of: pieces).map { $0! }
    await propertyCheck(count: 300, input: piece.array(of: 0...30), Gen.int(in: 0...9)) { parts, padding in
      let text = parts.joined()
      let escaped = String(decoding: try JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self).dropFirst().dropLast()
      let pad = String(repeating: "p", count: padding)
      let line = #"{"\#(pad)": 1, "k": \#(escaped), "raw": "ab\#u{01}c"}"#
      let (_, records) = try readAll(TestFiles.write(line + "\n" + #"{"k": "next"}"# + "\n", name: "scan.jsonl"))
      #expect(records.count == 2)
      #expect(records.first?.issues.first?.locator.column == line.utf8.count - 3, "\(line)")
      let (_, good) = try readAll(TestFiles.write(#"{"\#(pad)": 1, "k": \#(escaped)}"# + "\n", name: "scan-ok.jsonl"))
      #expect(good.first?.values("k") == (text.isEmpty ? [] : [text]), "\(escaped)")
    }
  }

  /// A stray byte past the first 64 KiB (which made the file UTF-8): replaced, and reported.
  @Test func bytesThatAreNotUTF8AreReplacedAndReported() throws {
    let valid = Array(String(repeating: "{\"id\": \"x\", \"name\": \"Hélène\"}\n", count: 3_000).utf8)
    let line = Array(#"{"id": "a", "name": "Ren"#.utf8) + [0xE9] + Array(#"", "city": "Lyon"}"#.utf8) + [0x0A]
    let (_, records) = try readAll(TestFiles.write(valid + line + Array(#"{"id": "b"}"#.utf8) + [0x0A], name: "stray.jsonl"))
    #expect(records.count == 3_002)
    #expect(records[0].values("name") == ["Hélène"])
    #expect(records[3_000].values("name") == ["Ren\u{FFFD}"])
    #expect(records[3_000].values("city") == ["Lyon"])
    #expect(records[3_000].issues.map(\.code) == ["ENCODING_INVALID_BYTE"])
    #expect(records[3_000].issues.first?.message.contains("at byte 25 of the record") == true, "\(records[3_000].issues)")
    #expect(records[3_001].issues.isEmpty)
  }

  /// A byte that is not UTF-8 (in a file declared UTF-8) is found wherever it falls in a string
  /// read eight bytes at a time: in a whole word, in the word holding the closing quote, in the
  /// bytes after the last word.
  @Test func aBadByteIsFoundAtEveryPlaceInAString() throws {
    for length in 1...19 {
      for place in 0..<length {
        var value = Array(repeating: UInt8(ascii: "a"), count: length)
        value[place] = 0xE9
        let line = Array(#"{"k": ""#.utf8) + value + Array(#"", "n": "x"}"#.utf8) + [0x0A]
        let (_, records) = try readAll(TestFiles.write(line, name: "bad-\(length)-\(place).jsonl"), options: ReadOptions(encoding: .utf8))
        #expect(records.first?.issues.map(\.code) == ["ENCODING_INVALID_BYTE"], "length \(length), place \(place)")
        #expect(records.first?.values("n") == ["x"])
      }
    }
  }

  @Test func aBadUnicodeEscapeQuarantinesItsLine() throws {
    let (_, records) = try readAll(TestFiles.write("{\"id\": \"a\\u12\"}\n{\"id\": \"b\"}\n", name: "escape.jsonl"))
    #expect(records.count == 2)
    #expect(records[0].issues.map(\.code) == ["JSON_SYNTAX"])
    #expect(records[0].issues.first?.message.contains("four hex digits") == true)
    #expect(records[1].values("id") == ["b"])
  }
}
