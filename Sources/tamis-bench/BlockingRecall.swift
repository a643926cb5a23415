import Foundation
import TamisKit

/// The share of true pairs that some blocking rule proposes, among the records a run matches:
/// matching scores no pair that blocking missed, so this bounds its recall.
struct BlockingRecall {
  var proposed = 0
  var truePairs = 0
  var candidates = 0

  var recall: Double { truePairs == 0 ? 1 : Double(proposed) / Double(truePairs) }
  var text: String {
    String(format: "blocking recall %.4f (%d of %d true pairs proposed; %d candidate pairs)", recall, proposed, truePairs, candidates)
  }

  /// Ingests `inputs` as `tamis run` does (the repository's rules, `mapping` if given) and blocks
  /// the records that pass validation with the shipped blocking rules.
  /// - Parameter truth: CSV `source,record_id,person_id`.
  static func measure(inputs: [String], mapping: String?, truth: String) throws -> BlockingRecall {
    let rulesSet = try RulesSet.load(nil)
    var configuration = Ingest.Configuration(inputs: inputs)
    configuration.rules = rulesSet.validation
    configuration.mappings = rulesSet.mappings
    if let mapping { configuration.mapping = try Mapping.load(mapping) }
    var records: [MatchRecord] = []
    _ = try Ingest(configuration).run { contacts in
      for contact in contacts where !contact.hasErrors { records.append(MatchRecord(contact)) }
    }
    var personOf: [String: Substring] = [:]
    for line in truth.split(separator: "\n").dropFirst() {
      let parts = line.split(separator: ",", omittingEmptySubsequences: false)
      if parts.count == 3 { personOf["\(parts[0]):\(parts[1])"] = parts[2] }
    }
    let people = records.map { personOf["\($0.source):\($0.recordId)"] }
    var result = BlockingRecall()
    var sizes: [Substring: Int] = [:]
    for person in people.compactMap({ $0 }) { sizes[person, default: 0] += 1 }
    result.truePairs = sizes.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 }
    let rules = rulesSet.match.comparingIdentifiers(of: records)
    let pairs = Blocking.candidates(records, rules: rules).pairs
    result.candidates = pairs.count
    result.proposed = pairs.lazy.filter { people[$0.a] != nil && people[$0.a] == people[$0.b] }.count
    return result
  }
}
