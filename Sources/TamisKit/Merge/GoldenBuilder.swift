/// Builds golden records from their members' survivorship views: a member's view from this run
/// when it has one (new or changed), else the one the store holds. The run, `review split` and
/// erasure rebuild golden records through it.
public struct GoldenBuilder: Sendable {
  public let survivorship: Survivorship

  public init(rules: SurvivorshipRules) { survivorship = Survivorship(rules: rules) }

  /// The golden record `id` of `members` (references), from `fresh` views where given and from
  /// `stored` views (those of the golden records the members belonged to) for the others.
  /// - Throws: `MergeError.noMembers` when no member has a view.
  public func build(id: String, members: Set<String>, fresh: [SurvivorView], stored: [SurvivorView]) throws(MergeError) -> StoredGolden {
    var views = fresh
    var present = Set(fresh.map(\.reference))
    for view in stored where members.contains(view.reference) && present.insert(view.reference).inserted { views.append(view) }
    guard !views.isEmpty else { throw MergeError.noMembers(Locator(file: "store"), golden: id) }
    let record = survivorship.merge(id: id, views)
    return StoredGolden(record, dates: ReferenceDates(views, customerStatus: record[.customerStatus].first?.value))
  }
}
