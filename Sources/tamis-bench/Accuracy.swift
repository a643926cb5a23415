import Foundation

/// Pairwise precision, recall and F1 of a clustering against the truth: a pair of records is
/// predicted when they share a golden id, true when they share a person id.
struct Accuracy {
  var truePositives = 0
  var predictedPairs = 0
  var truePairs = 0

  var precision: Double { predictedPairs == 0 ? 1 : Double(truePositives) / Double(predictedPairs) }
  var recall: Double { truePairs == 0 ? 1 : Double(truePositives) / Double(truePairs) }
  var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

  /// - Parameters:
  ///   - clusters: `clusters.csv` text (source,record_id,golden_id).
  ///   - truth: `truth.csv` text (source,record_id,person_id).
  static func measure(clusters: String, truth: String) -> Accuracy {
    var person: [String: String] = [:]
    for line in truth.split(separator: "\n").dropFirst() {
      let parts = line.split(separator: ",", omittingEmptySubsequences: false)
      if parts.count == 3 { person[parts[0] + ":" + parts[1]] = String(parts[2]) }
    }
    var byGolden: [String: [String]] = [:]
    var byPerson: [String: Int] = [:]
    for line in clusters.split(separator: "\n").dropFirst() {
      let parts = line.split(separator: ",", omittingEmptySubsequences: false)
      guard parts.count == 3, let id = person[parts[0] + ":" + parts[1]] else { continue }
      byPerson[id, default: 0] += 1
      // A quarantined record (no golden id) is a cluster of its own.
      byGolden[parts[2].isEmpty ? "q:" + parts[0] + ":" + parts[1] : String(parts[2]), default: []].append(id)
    }
    var result = Accuracy()
    func pairs(_ n: Int) -> Int { n * (n - 1) / 2 }
    result.truePairs = byPerson.values.reduce(0) { $0 + pairs($1) }
    for members in byGolden.values {
      result.predictedPairs += pairs(members.count)
      var counts: [String: Int] = [:]
      for id in members { counts[id, default: 0] += 1 }
      result.truePositives += counts.values.reduce(0) { $0 + pairs($1) }
    }
    return result
  }
}
