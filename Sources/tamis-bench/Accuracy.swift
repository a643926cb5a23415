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

/// How many pairs of different people who look alike were merged: twins, fathers and sons of
/// one name, other family members at one address, namesakes elsewhere. Precision overall hides
/// them; they are where a matcher's vetoes earn their keep.
struct HardNegatives {
  struct Count { var pairs = 0; var merged = 0 }
  var classes: [String: Count] = [:]

  /// - Parameters:
  ///   - people: id → (first name, last name, birth date, household key).
  ///   - goldenOf: person id → the golden ids its records ended in.
  static func measure(people: [Int: (first: String, last: String, birth: String, household: String)], goldenOf: [Int: Set<String>]) -> HardNegatives {
    var result = HardNegatives()
    func count(_ name: String, _ a: Int, _ b: Int) {
      result.classes[name, default: Count()].pairs += 1
      if !(goldenOf[a] ?? []).isDisjoint(with: goldenOf[b] ?? []) { result.classes[name, default: Count()].merged += 1 }
    }
    var households: [String: [Int]] = [:], names: [String: [Int]] = [:]
    for (id, person) in people {
      households[person.household, default: []].append(id)
      names[person.first + " " + person.last, default: []].append(id)
    }
    for members in households.values where members.count > 1 {
      let sorted = members.sorted()
      for (k, a) in sorted.enumerated() {
        for b in sorted[(k + 1)...] {
          let (x, y) = (people[a]!, people[b]!)
          guard x.last == y.last else { count("family", a, b); continue }
          if x.birth == y.birth && x.first != y.first { count("twins", a, b) }
          else if x.first == y.first { count("father_and_son", a, b) }
          else { count("family", a, b) }
        }
      }
    }
    for members in names.values where members.count > 1 && members.count <= 50 {
      let sorted = members.sorted()
      for (k, a) in sorted.enumerated() {
        for b in sorted[(k + 1)...] where people[a]!.household != people[b]!.household { count("namesakes", a, b) }
      }
    }
    return result
  }

  var text: String {
    classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.merged)/\($0.value.pairs)" }.joined(separator: ", ")
  }
}
