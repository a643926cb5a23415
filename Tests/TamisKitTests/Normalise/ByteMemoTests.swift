import Testing
@testable import TamisKit

@Suite struct ByteMemoTests {
  func find(_ memo: ByteMemo<String>, _ key: String) -> String? {
    key.withUTF8Bytes { bytes in memo.find(bytes, hash: ByteMemo<String>.hash(bytes)).map { memo.withValue(at: $0) { copy $0 } } }
  }

  func insert(_ memo: inout ByteMemo<String>, _ key: String) {
    key.withUTF8Bytes { bytes in _ = memo.insert(bytes, hash: ByteMemo<String>.hash(bytes), value: "v" + key) }
  }

  @Test func findsWhatWasInsertedAcrossGrowth() {
    var memo = ByteMemo<String>()
    // Past the first table's 256 slots several times, with an empty key and near-identical ones.
    let keys = [""] + (0..<5_000).map { "Ville \($0)" }
    for key in keys { insert(&memo, key) }
    #expect(memo.count == keys.count)
    for key in keys { #expect(find(memo, key) == "v" + key) }
    #expect(find(memo, "Ville 5000") == nil)
    memo.removeAll()
    #expect(memo.count == 0 && find(memo, "Ville 1") == nil)
  }

  @Test func equivalentSpellingsAreDifferentKeys() {
    var memo = ByteMemo<String>()
    insert(&memo, "Léa")  // precomposed é
    #expect(find(memo, "Le\u{301}a") == nil, "a decomposed é is another original, with its own outcome")
    #expect(find(memo, "Léa") == "vLéa")
  }
}

@Suite struct NormaliserMemoTests {
  /// A worker's memory of past values must not change what a record gives: "Léa" spelt with a
  /// decomposed "é" normalises the same after the precomposed one as in a fresh normaliser.
  @Test func aRememberedValueDoesNotStandInForAnEquivalentSpelling() {
    let options = NormaliseOptions(referenceDate: CivilDate(year: 2026, month: 1, day: 1))
    func record(_ name: String) -> MappedRecord {
      var record = MappedRecord(locator: Locator(file: "m.csv", line: 2), source: "m")
      record.append(.init(text: name, column: "Nom"), to: .lastName)
      return record
    }
    let worker = Normaliser(options: options)
    _ = worker.normalise(record("LÉA"))
    let afterOther = worker.normalise(record("LE\u{301}A"))
    let fresh = Normaliser(options: options).normalise(record("LE\u{301}A"))
    let (a, b) = (afterOther[.lastName].first?.value ?? "", fresh[.lastName].first?.value ?? "")
    #expect(Array(a.utf8) == Array(b.utf8))
  }
}
