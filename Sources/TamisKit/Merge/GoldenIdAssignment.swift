/// Which golden id each cluster a run touched takes. A cluster keeps the smallest existing id it
/// holds, and the other ids it holds are retired into it; a cluster of new records gets a new
/// id. An id carries over only when an unchanged member holds it, or when every record holding
/// it is in the cluster: a changed record that left its golden record does not take its id.
public struct GoldenIdAssignment: Sendable {
  /// Cluster (its smallest record index) → golden id.
  public var idOf: [Int: String] = [:]
  /// (retired id, the id it was merged into), in cluster order.
  public var retired: [(old: String, survivor: String)] = []
  public var created: [String] = []
  /// The last golden number handed out.
  public var lastNumber: Int

  /// - Parameters:
  ///   - clusters: the touched clusters with their members, any order.
  ///   - goldenOf: each record's golden id before the run ("" for new records).
  ///   - changed: records whose content changed in this run.
  ///   - lastNumber: the store's last golden number.
  public init(clusters: [Int: [Int]], goldenOf: [String], changed: Set<Int>, lastNumber: Int) {
    self.lastNumber = lastNumber
    var holders: [String: Int] = [:]
    for golden in goldenOf where !golden.isEmpty { holders[golden, default: 0] += 1 }
    for cluster in clusters.keys.sorted() {
      var held: [String: Int] = [:]
      var heldByUnchanged = Set<String>()
      for member in clusters[cluster] ?? [] where !goldenOf[member].isEmpty {
        held[goldenOf[member], default: 0] += 1
        if !changed.contains(member) { heldByUnchanged.insert(goldenOf[member]) }
      }
      let existing = held.filter { heldByUnchanged.contains($0.key) || $0.value == holders[$0.key] }.keys.sorted()
      if let survivor = existing.first {
        idOf[cluster] = survivor
        for other in existing.dropFirst() { retired.append((other, survivor)) }
      } else {
        self.lastNumber += 1
        let id = GoldenIdAssignment.id(self.lastNumber)
        idOf[cluster] = id
        created.append(id)
      }
    }
  }

  /// The golden id of number `n`: `G` and eight digits.
  public static func id(_ n: Int) -> String {
    let digits = String(n)
    return "G" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  /// Golden records that changed records left, once every record has its golden id after the
  /// run: each is rebuilt from the records it keeps, or retired into where the first changed
  /// record that left it went, when none remain.
  public static func leftBehind(changed: Set<Int>, goldenBefore: [String], goldenAfter: (Int) -> String)
    -> (rebuilt: [(id: String, members: [Int])], emptied: [(old: String, survivor: String)]) {
    var order: [String] = []
    var wentTo: [String: String] = [:]
    for index in changed.sorted() {
      let old = goldenBefore[index], now = goldenAfter(index)
      if !old.isEmpty, old != now, wentTo[old] == nil {
        order.append(old)
        wentTo[old] = now
      }
    }
    guard !order.isEmpty else { return ([], []) }
    var remaining: [String: [Int]] = [:]
    for index in goldenBefore.indices {
      let golden = goldenAfter(index)
      if wentTo[golden] != nil { remaining[golden, default: []].append(index) }
    }
    return (order.compactMap { old in remaining[old].map { (old, $0) } },
            order.filter { remaining[$0] == nil }.map { ($0, wentTo[$0] ?? "") })
  }
}
