/// Groups records linked by accepted pairs into clusters, guarded against chaining: two
/// clusters join only if no pair between them is known to be distinct (scored below the review
/// threshold, or vetoed), unless the matches between them outnumber those pairs more than three
/// to one; never across a pair a person rejected. So A–B and B–C do not make A–C when A and C were
/// compared and found different, but one corrupted record does not split a person whose other
/// records all match each other.
public struct Clustering {
  public struct Link: Hashable, Sendable {
    public var a: Int
    public var b: Int
    public var probability: Double
    /// Whether the pair shares a personal identifier (``PairScoring/PairOutcome/sharesIdentifier``).
    public var sharesIdentifier: Bool = false

    public init(a: Int, b: Int, probability: Double, sharesIdentifier: Bool = false) {
      self.a = a
      self.b = b
      self.probability = probability
      self.sharesIdentifier = sharesIdentifier
    }
  }

  private var parent: [Int]
  private var members: [[Int]]
  /// Known-distinct pairs (packed a < b).
  private let distinct: Set<UInt64>
  /// Pairs no link may join across, not even one sharing an identifier (packed a < b).
  private let firmlyDistinct: Set<UInt64>
  /// For each veto, the pairs it kept apart (packed a < b; also in `distinct`).
  private let vetoed: [Set<UInt64>]
  /// For each veto, the pairs whose veto a shared identifier lifted (packed a < b).
  private let overriding: [Set<UInt64>]
  /// Pairs a person rejected: no evidence joins across them.
  private let rejected: Set<UInt64>
  /// The links being applied (packed a < b): matches that can outvote known-distinct pairs.
  private var linked = Set<UInt64>()

  /// - Parameters:
  ///   - distinct: pairs known to be two people.
  ///   - firmlyDistinct: pairs that even a shared identifier does not join (pairs differing on an
  ///     identifier); they need not be repeated in `distinct`.
  ///   - vetoed: for each veto, the pairs it kept apart (they must be in `distinct` too).
  ///   - overriding: for each veto, the pairs a shared identifier joined despite it
  ///     (``isOverridden(_:_:small:large:)``).
  ///   - rejected: pairs a person rejected (cannot-links), which nothing joins across.
  public init(count: Int, distinct: [(Int, Int)], firmlyDistinct: [(Int, Int)] = [], vetoed: [[(Int, Int)]] = [],
              overriding: [[(Int, Int)]] = [], rejected: [(Int, Int)] = []) {
    parent = Array(0..<count)
    members = (0..<count).map { [$0] }
    self.vetoed = vetoed.map { Set($0.map { Clustering.pack($0.0, $0.1) }) }
    self.overriding = overriding.map { Set($0.map { Clustering.pack($0.0, $0.1) }) }
    self.rejected = Set(rejected.map { Clustering.pack($0.0, $0.1) })
    self.firmlyDistinct = Set(firmlyDistinct.map { Clustering.pack($0.0, $0.1) })
    self.distinct = Set(distinct.map { Clustering.pack($0.0, $0.1) }).union(self.firmlyDistinct)
  }

  static func pack(_ a: Int, _ b: Int) -> UInt64 { UInt64(min(a, b)) << 32 | UInt64(max(a, b)) }

  public mutating func root(_ x: Int) -> Int {
    var x = x
    while parent[x] != x {
      parent[x] = parent[parent[x]]
      x = parent[x]
    }
    return x
  }

  /// Joins the clusters of a and b unless a rejected pair spans them, or known-distinct pairs
  /// (only firmly distinct ones when `sharingIdentifier`) that the matches between them do not
  /// outnumber more than three to one (measured: two to one merged more twins and fathers and
  /// sons in the held-out set). Returns whether it did.
  @discardableResult
  public mutating func join(_ a: Int, _ b: Int, sharingIdentifier: Bool = false) -> Bool {
    let ra = root(a), rb = root(b)
    if ra == rb { return true }
    let (small, large) = members[ra].count <= members[rb].count ? (ra, rb) : (rb, ra)
    let distinct = sharingIdentifier ? firmlyDistinct : self.distinct
    if !distinct.isEmpty || !rejected.isEmpty {
      var against = 0, matches = 0
      for x in members[small] {
        for y in members[large] {
          let pair = Clustering.pack(x, y)
          if rejected.contains(pair) { return false }
          if distinct.contains(pair) {
            if !isOverridden(x, y, small: small, large: large) { against += 1 }
          } else if linked.contains(pair) {
            matches += 1
          }
        }
      }
      if against > 0 && matches <= 3 * against { return false }
    }
    parent[small] = large
    members[large].append(contentsOf: members[small])
    members[small] = []
    return true
  }

  /// Whether the veto that keeps x and y apart is one a cluster already overrode: x matches a
  /// member z of y's cluster that y joined despite the same veto (lifted by a shared identifier,
  /// or outvoted), or x was itself forgiven the same veto against a member of y's cluster (a
  /// shared identifier lifted it), or the other way round. A record with a mistyped first name or
  /// birth date joins its person by a national id; the person's other records differ from it by
  /// that field as much as the member it shares the id with. Another veto (a birth date where the
  /// cluster forgave a first name) still counts.
  private func isOverridden(_ x: Int, _ y: Int, small: Int, large: Int) -> Bool {
    let pair = Clustering.pack(x, y)
    guard let veto = vetoed.firstIndex(where: { $0.contains(pair) }) else { return false }
    let forgiven = veto < overriding.count ? overriding[veto] : []
    func overrides(_ x: Int, _ y: Int, inClusterOf root: Int) -> Bool {
      members[root].contains { z in
        guard z != y else { return false }
        if forgiven.contains(Clustering.pack(x, z)) { return true }
        guard linked.contains(Clustering.pack(x, z)) else { return false }
        let inner = Clustering.pack(y, z)
        return vetoed[veto].contains(inner) || forgiven.contains(inner)
      }
    }
    return overrides(x, y, inClusterOf: large) || overrides(y, x, inClusterOf: small)
  }

  /// Applies links strongest first (ties by index, for determinism).
  public mutating func apply(_ links: [Link]) {
    linked.formUnion(links.map { Clustering.pack($0.a, $0.b) })
    for link in links.sorted(by: { ($0.probability, -$0.a, -$0.b) > ($1.probability, -$1.a, -$1.b) }) {
      join(link.a, link.b, sharingIdentifier: link.sharesIdentifier)
    }
  }

  /// Each record's cluster, as the smallest record index in it.
  public mutating func clusters() -> [Int] {
    var smallest: [Int: Int] = [:]
    for x in parent.indices {
      let r = root(x)
      smallest[r] = min(smallest[r] ?? x, x)
    }
    return parent.indices.map { smallest[root($0)] ?? $0 }
  }
}
