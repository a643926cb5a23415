/// The records a run works on, indexed together: every stored source record's matching form,
/// fingerprint and golden id, then this run's new records; for new and changed ones, their
/// survivorship view and original values in their compact stored forms.
struct RunRecords {
  /// What ingest prepares of an accepted contact, on the workers.
  typealias Prepared = (match: MatchRecord, view: String, original: String, fingerprint: String)

  var records: [MatchRecord]
  /// Golden ids before the run ("" for new records).
  var goldenOf: [String]
  var fingerprints: [String]
  var indexOf: [String: Int] = [:]
  /// New or changed in this run: what blocking pairs and the run writes.
  var active: [Bool]
  var views: [String?]
  var originals: [String?]
  var changed = Set<Int>()
  /// Every input record in input order, with its index (nil when quarantined).
  var inputRows: [(source: String, recordId: String, index: Int?)] = []
  /// Stored records met again unchanged whose "last seen" moves: those last seen in another
  /// month than this run's. Retention counts in years, so "last seen" is kept to the month, and a
  /// daily re-run of an unchanged export rewrites nothing.
  var unchangedSeen: [(source: String, recordId: String)] = []
  /// Consent events the opt-in columns of new and changed records say, with the column and file
  /// they were read from (their evidence).
  var optIns: [(event: ConsentEvent, column: String, file: String)] = []
  /// The columns the exports' fields were read from (kept for retention rules per field).
  var sourceColumns = Set<SourceColumn>()
  private let lastSeen: [String]
  /// This run's month (`yyyy-MM`).
  private let month: String
  private var seenThisRun = Set<String>()

  init(stored: ReferentialStore.StoredRecords, month: String = String(AuditLog.now().prefix(7))) {
    records = stored.matches
    lastSeen = stored.lastSeen
    self.month = month
    goldenOf = stored.goldenIds
    fingerprints = stored.fingerprints
    indexOf.reserveCapacity(records.count)
    for index in records.indices { indexOf[records[index].reference] = index }
    active = [Bool](repeating: false, count: records.count)
    views = [String?](repeating: nil, count: records.count)
    originals = [String?](repeating: nil, count: records.count)
  }

  enum Arrival: Equatable { case new, updated, unchanged, quarantined, duplicate }

  /// Takes one input record: quarantined (nothing prepared), a second record with the same id
  /// in this run, a new record, a changed one, or one the store already holds as it is.
  mutating func add(source: String, recordId: String, prepared: Prepared?) -> Arrival {
    let reference = source + ":" + recordId
    guard let prepared else {
      inputRows.append((source, recordId, nil))
      return .quarantined
    }
    guard seenThisRun.insert(reference).inserted else {
      inputRows.append((source, recordId, nil))
      return .duplicate
    }
    let arrival: Arrival
    let index: Int
    if let known = indexOf[reference] {
      index = known
      if fingerprints[known] == prepared.fingerprint {
        if known >= lastSeen.count || !lastSeen[known].hasPrefix(month) { unchangedSeen.append((source, recordId)) }
        arrival = .unchanged
      } else {
        records[known] = prepared.match
        fingerprints[known] = prepared.fingerprint
        active[known] = true
        changed.insert(known)
        views[known] = prepared.view
        originals[known] = prepared.original
        arrival = .updated
      }
    } else {
      index = records.count
      records.append(prepared.match)
      goldenOf.append("")
      fingerprints.append(prepared.fingerprint)
      active.append(true)
      views.append(prepared.view)
      originals.append(prepared.original)
      indexOf[reference] = index
      arrival = .new
    }
    inputRows.append((source, recordId, index))
    return arrival
  }

  /// Whether the store held records before this run (pairs are then proposed only for active ones).
  var isIncremental: Bool { active.contains(false) }

  mutating func addOptIns(of contact: Contact, rules: ConsentRules) {
    for (event, column) in OptInColumns.events(of: contact, rules: rules) { optIns.append((event, column, contact.locator.file)) }
  }

  /// Each touched cluster's members: clusters holding a new or changed record.
  func touchedClusters(_ clusterOf: [Int]) -> [Int: [Int]] {
    let touched = Set(records.indices.filter { active[$0] }.map { clusterOf[$0] })
    var members: [Int: [Int]] = [:]
    for index in records.indices where touched.contains(clusterOf[index]) { members[clusterOf[index], default: []].append(index) }
    return members
  }

  /// The fresh survivorship views of `members` (new and changed records).
  func freshViews(_ members: [Int]) -> [SurvivorView] {
    members.compactMap { views[$0].flatMap(SurvivorView.init(encoded:)) }
  }
}
