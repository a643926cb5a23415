import Foundation

/// Generates candidate pairs with the blocking rules: each rule groups records by its key, and
/// every pair inside a group is a candidate once (the first rule that finds it keeps it).
///
/// Groups are found by sorting (key hash, record) entries rather than by a dictionary of
/// arrays, and pairs are deduplicated by sorting packed integers: no per-key allocation, and an
/// order that does not depend on the process's hash seed.
public struct Blocking {
  public struct Report: Sendable, Codable {
    /// Pairs each rule generated that no earlier rule had, by rule name.
    public var pairsPerRule: [String: Int] = [:]
    /// Blocks skipped for being larger than `max_block_size`, by rule name.
    public var oversizedBlocks: [String: Int] = [:]
  }

  /// Candidate pairs (a < b) with the first rule that found them, and for each pair the set of
  /// rules that found it (bit r for rule r, the first 64 rules): EM trains each rule on every
  /// pair it proposes, as Splink does — counted under its first rule only, a rule after
  /// `same_email` would never see a true pair sharing an email, and learn that such pairs are
  /// rare among matches. With `active`, only pairs with at least one active record are kept (an
  /// incremental run compares new and changed records with everything, and does not compare
  /// stored records with each other again).
  /// - Complexity: O(n log n) in the records and candidate pairs when blocks stay small.
  public static func candidates(_ records: [MatchRecord], rules: MatchRules, active: [Bool]? = nil)
    -> (pairs: [(a: Int, b: Int, rule: Int)], foundBy: [UInt64], report: Report) {
    // A pair packs as a (28 bits) · b (28 bits) · rule (8 bits): sorting orders by pair, then rule.
    // Rules are independent: each runs on a core of its own.
    var perRule = [(pairs: [UInt64], oversized: Int)](repeating: ([], 0), count: rules.blockingRules.count)
    perRule.withUnsafeMutableBufferPointer { results in
      guard let base = results.baseAddress else { return }
      DispatchQueue.concurrentPerform(iterations: rules.blockingRules.count) { ruleIndex in
        base[ruleIndex] = Blocking.rulePairs(of: rules.blockingRules[ruleIndex], number: ruleIndex, records, maxBlockSize: rules.maxBlockSize, active: active)
      }
    }
    var report = Report()
    var packed: [UInt64] = []
    packed.reserveCapacity(perRule.reduce(0) { $0 + $1.pairs.count })
    for (ruleIndex, rule) in rules.blockingRules.enumerated() {
      packed += perRule[ruleIndex].pairs
      if perRule[ruleIndex].oversized > 0 { report.oversizedBlocks[rule.name] = perRule[ruleIndex].oversized }
    }
    perRule = []
    packed.sort()
    var pairs: [(a: Int, b: Int, rule: Int)] = []
    pairs.reserveCapacity(packed.count)
    var foundBy: [UInt64] = []
    foundBy.reserveCapacity(packed.count)
    var generated = [Int](repeating: 0, count: rules.blockingRules.count)
    var last = UInt64.max
    for value in packed {
      let rule = Int(value & 0xFF)
      let bit: UInt64 = rule < 64 ? 1 << UInt64(rule) : 0
      if value >> 8 == last {
        foundBy[foundBy.count - 1] |= bit
        continue
      }
      last = value >> 8
      generated[rule] += 1
      pairs.append((a: Int(value >> 36), b: Int((value >> 8) & 0xFFF_FFFF), rule: rule))
      foundBy.append(bit)
    }
    for (index, rule) in rules.blockingRules.enumerated() { report.pairsPerRule[rule.name] = generated[index] }
    return (pairs, foundBy, report)
  }

  /// One rule's candidate pairs, packed, and how many blocks it skipped for their size.
  private static func rulePairs(of rule: BlockingRule, number ruleIndex: Int, _ records: [MatchRecord], maxBlockSize: Int,
                            active: [Bool]?) -> (pairs: [UInt64], oversized: Int) {
    // Through a buffer: reading an element borrows it instead of copying a record per key.
    let entries = records.withUnsafeBufferPointer { keyEntries(of: rule, $0, active: active) }
    var packed: [UInt64] = []
    var oversized = 0
    var start = 0
    while start < entries.count {
      var end = start + 1
      while end < entries.count && entries[end].key == entries[start].key { end += 1 }
      defer { start = end }
      let size = end - start
      guard size > 1 else { continue }
      guard size <= maxBlockSize else {
        oversized += 1
        continue
      }
      if let active, !entries[start..<end].contains(where: { active[Int($0.index)] }) { continue }
      for i in start..<end {
        for j in (i + 1)..<end {
          let a = UInt64(entries[i].index), b = UInt64(entries[j].index)  // a ≤ b: sorted by index within a block
          if a == b { continue }
          if let active, !active[Int(a)] && !active[Int(b)] { continue }
          packed.append(a << 36 | b << 8 | UInt64(ruleIndex))
        }
      }
    }
    return (packed, oversized)
  }

  /// (key hash, record) for every key value of `rule`, sorted; with `active`, only the keys an
  /// active record has.
  private static func keyEntries(of rule: BlockingRule, _ records: UnsafeBufferPointer<MatchRecord>, active: [Bool]?) -> [(key: UInt64, index: Int32)] {
    var entries: [(key: UInt64, index: Int32)] = []
    if let active {
      // Incremental: only blocks that hold an active record matter; the others are not kept.
      var wanted = Set<UInt64>()
      for index in records.indices where active[index] { wanted.formUnion(rule.keyHashes(records[index])) }
      for index in records.indices {
        for key in rule.keyHashes(records[index]) where wanted.contains(key) { entries.append((key, Int32(index))) }
      }
    } else {
      entries.reserveCapacity(records.count)
      for index in records.indices {
        for key in rule.keyHashes(records[index]) { entries.append((key, Int32(index))) }
      }
    }
    entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
    return entries
  }

  /// FNV-1a over the key's UTF-8: the same in every process, unlike `Hasher`. Two keys that
  /// collide only share a block, which adds candidate pairs and loses none.
  static func stableHash(_ text: String) -> UInt64 { fnv(text, after: fnvOffset) }

  static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

  /// FNV-1a continued over `text`: the hash of a key joined from parts is each part hashed after
  /// the previous one.
  static func fnv(_ text: String, after hash: UInt64) -> UInt64 {
    var hash = hash
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return hash
  }
}
