/// Generates candidate pairs with the blocking rules: each rule groups records by its key, and
/// every pair inside a group is a candidate once (the first rule that finds it keeps it).
public struct Blocking {
  public struct Report: Sendable, Codable {
    /// Pairs each rule generated that no earlier rule had, by rule name.
    public var pairsPerRule: [String: Int] = [:]
    /// Blocks skipped for being larger than `max_block_size`, by rule name.
    public var oversizedBlocks: [String: Int] = [:]
  }

  /// Candidate pairs (a < b) with the rule that found them. With `active`, only pairs with at
  /// least one active record are kept (an incremental run compares new and changed records
  /// with everything, and does not compare stored records with each other again).
  /// - Complexity: near-linear in the records when blocks stay small.
  public static func candidates(_ records: [MatchRecord], rules: MatchRules, active: [Bool]? = nil) -> (pairs: [(a: Int, b: Int, rule: Int)], report: Report) {
    var seen = Set<UInt64>()
    var packedPairs: [UInt64] = []
    var ruleOf: [UInt64: Int] = [:]
    var report = Report()
    for (ruleIndex, rule) in rules.blockingRules.enumerated() {
      var blocks: [String: [Int32]] = [:]
      for (index, record) in records.enumerated() {
        for value in rule.values(record) { blocks[value, default: []].append(Int32(index)) }
      }
      var generated = 0
      for members in blocks.values where members.count > 1 {
        guard members.count <= rules.maxBlockSize else {
          report.oversizedBlocks[rule.name, default: 0] += 1
          continue
        }
        if let active, !members.contains(where: { active[Int($0)] }) { continue }
        for i in 0..<members.count {
          for j in (i + 1)..<members.count {
            let a = Int(min(members[i], members[j])), b = Int(max(members[i], members[j]))
            if a == b { continue }
            if let active, !active[a] && !active[b] { continue }
            let packed = UInt64(a) << 32 | UInt64(b)
            if seen.insert(packed).inserted {
              packedPairs.append(packed)
              if ruleIndex > 0 { ruleOf[packed] = ruleIndex }
              generated += 1
            }
          }
        }
      }
      report.pairsPerRule[rule.name] = generated
    }
    // Sorted: the order of pairs, and so every output, does not depend on hashing.
    packedPairs.sort()
    let pairs = packedPairs.map { (a: Int($0 >> 32), b: Int($0 & 0xFFFF_FFFF), rule: ruleOf[$0] ?? 0) }
    return (pairs, report)
  }
}
