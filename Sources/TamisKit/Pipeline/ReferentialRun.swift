import Foundation

/// `tamis run`: reads every export, normalises and validates, matches records across and within
/// sources and against the store, merges clusters into golden records, and writes the store and
/// the outputs. It holds the store's writer lock from before its first read until it has
/// committed, and writes the store in one transaction: a run killed half-way leaves the store
/// as it was, and a second writer waits for it or stops before reading anything.
public final class ReferentialRun {
  public struct Configuration {
    public var ingest: Ingest.Configuration
    public var match = MatchRules()
    public var survivorship = SurvivorshipRules()
    /// The purposes opt-in columns become consent events for.
    public var consent = ConsentRules.defaults
    public var storePath = "tamis.db"
    public var outDirectory = URL(fileURLWithPath: "out")
    public var actor = ProcessInfo.processInfo.environment["USER"] ?? "tamis"
    public var retrain = false
    /// Hashes of the rules files in force, to log `rules_changed` when they differ from the last run's.
    public var rulesDigest = ""
    /// Seconds to wait for another writer to finish with the store.
    public var wait = 0.0

    public init(ingest: Ingest.Configuration) { self.ingest = ingest }
  }

  public let configuration: Configuration
  public private(set) var tally = FeedTally()

  public init(_ configuration: Configuration) { self.configuration = configuration }

  /// A run creates its store's folder when missing, like `--out`'s, readable by its owner only
  /// (it holds personal data).
  static func createFolder(of storePath: String) throws {
    let folder = (storePath as NSString).deletingLastPathComponent
    guard !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) else { return }
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw StoreError.cannotOpen(Locator(file: storePath), reason: "cannot create its folder \(folder): \(error.localizedDescription)")
    }
  }

  /// Runs it all. - Throws: `StoreError` (`busy` when another writer holds the store),
  /// `ReadError.cannotOpen`, `ReportError`.
  public func run(progress: Progress? = nil) throws -> RunSummary {
    let started = AuditLog.now()
    // The inputs' hashes for the audit log, read beside the ingest rather than after it.
    let inputDigests = Background { [inputs = configuration.ingest.inputs] in inputs.map { FileDigest.sha256(path: $0) } }
    var trace = Trace()
    try ReferentialRun.createFolder(of: configuration.storePath)
    let lock = try StoreLock(store: configuration.storePath, holder: "a tamis run started \(started) by \(configuration.actor)",
                             wait: configuration.wait)
    let store = try ReferentialStore(path: configuration.storePath, holdsLock: true)
    var summary = RunSummary()
    let runNumber = try store.counter("run") + 1
    summary.runId = String(format: "R%06d", runNumber)
    lock?.describe("run \(summary.runId), started \(started) by \(configuration.actor)")
    var work = RunRecords(stored: try store.storedRecords())
    trace.mark("load store")
    try FileManager.default.createDirectory(at: configuration.outDirectory, withIntermediateDirectories: true)
    try ingest(into: &work, summary: &summary, erased: try ErasedPeople(store: store), progress: progress)
    trace.mark("ingest")

    let knownShared = work.isIncremental ? try store.sharedValueHashes() : []
    let modelHasher = try store.hasher("model_hmac")
    let matching = MatchingPass(records: work.records, active: work.isIncremental ? work.active : nil,
                                isKnownShared: { knownShared.contains(modelHasher.hash($0)) }, stored: try store.model(),
                                rules: configuration.match, retrain: configuration.retrain)
    summary.matching = matching.report
    trace.mark("matching")
    let decisions = try store.decisions().compactMap { decision -> (kind: String, a: Int, b: Int)? in
      guard let a = work.indexOf[decision.a], let b = work.indexOf[decision.b] else { return nil }
      return (decision.kind, a, b)
    }
    let (clusterOf, rejected) = Clustering.clusters(count: work.records.count, scored: matching.scored, decisions: decisions,
                                                    goldenOf: work.goldenOf, changed: work.changed,
                                                    matchThreshold: configuration.match.matchThreshold)
    let touched = work.touchedClusters(clusterOf)
    let assignment = GoldenIdAssignment(clusters: touched, goldenOf: work.goldenOf, changed: work.changed, lastNumber: try store.counter("golden"))
    let goldenAfter = { (index: Int) in assignment.idOf[clusterOf[index]] ?? work.goldenOf[index] }
    let left = GoldenIdAssignment.leftBehind(changed: work.changed, goldenBefore: work.goldenOf, goldenAfter: goldenAfter)
    count(assignment, left: left, work: work, goldenAfter: goldenAfter, summary: &summary)
    summary.status = touched.isEmpty && assignment.retired.isEmpty && !matching.report.modelTrained ? "no_op" : "completed"
    trace.mark("clustering and golden ids")

    let (goldens, touchedGoldens) = try buildGoldens(touched: touched, assignment: assignment, left: left.rebuilt, work: work, store: store)
    let review = ReviewQueue.pairs(matching.scored, clusterOf: clusterOf, rejected: rejected, rules: configuration.match) {
      work.records[$0].reference
    }
    trace.mark("golden records and review")
    // What the store keeps of shared values: the keyed hashes it knew, and those of this run's.
    let sharedValueHashes = knownShared.union(matching.context.sharedValues.map(modelHasher.hash))
    let write = RunWrite(configuration: configuration, started: started, runNumber: runNumber, inputDigests: inputDigests.value ?? [],
                         work: work, assignment: assignment, emptied: left.emptied, goldens: goldens,
                         touchedGoldens: touchedGoldens, review: review,
                         matching: matching, modelHasher: modelHasher, sharedValueHashes: sharedValueHashes, goldenAfter: goldenAfter)
    let audit = try write.commit(to: store, summary: &summary)
    trace.mark("store write")
    let written = try RunReport.writeOutputs(store: store, directory: configuration.outDirectory, summary: summary,
                                             clusters: work.inputRows.map { ($0.source, $0.recordId, $0.index.map(goldenAfter) ?? "") },
                                             audit: audit)
    trace.mark("outputs")
    return written
  }

  /// Streams every export through ingest, keeping only the compact forms; quarantined records
  /// go to `quarantine.csv` with their reasons.
  private func ingest(into work: inout RunRecords, summary: inout RunSummary, erased: ErasedPeople, progress: Progress?) throws {
    let quarantine = CSVWriter(try AtomicFile(configuration.outDirectory.appendingPathComponent("quarantine.csv")),
                               header: ContactExport.quarantineHeader)
    let feed = Ingest(configuration.ingest)
    tally = try feed.run(progress: progress, prepare: { contacts in
      contacts.map { contact -> RunRecords.Prepared? in
        guard !contact.hasErrors else { return nil }
        // The fingerprint covers the values as read and as normalised, not where they were read:
        // the same export moved or reordered is unchanged.
        let original = ContactExport.storedOriginal(contact)
        let view = SurvivorView(contact).encoded
        return (MatchRecord(contact), view, original.json, FileDigest.sha256(original.values + Array(view.utf8)))
      }
    }) { contacts, prepared in
      for (contact, prepared) in zip(contacts, prepared) {
        summary.read += 1
        // An erased person is not re-created from a later export: quarantined, with no value named.
        let isErased = prepared.map { erased.contains($0.match) } ?? false
        let item = isErased ? nil : prepared
        switch work.add(source: contact.source, recordId: contact.recordId, prepared: item) {
        case .quarantined, .duplicate:
          var quarantined = contact
          if isErased {
            summary.quarantined += 1
            quarantine.write(line: ContactExport.suppressedLine(contact))
            continue
          }
          if item != nil {
            quarantined.issues.append(Issue("RECORD_ID_DUPLICATE", .error, at: contact.locator.with(field: "source_id"),
                                            "another record of this run has the id \(contact.source):\(contact.recordId); ids must be unique within a source"))
          }
          summary.quarantined += 1
          quarantine.write(line: ContactExport.quarantineLine(quarantined))
        case .unchanged: summary.unchanged += 1
        case .updated:
          summary.updated += 1
          work.addOptIns(of: contact, rules: configuration.consent)
        case .new: work.addOptIns(of: contact, rules: configuration.consent)
        }
      }
    }
    work.sourceColumns = feed.sourceColumns
    try quarantine.commit()
  }

  /// The balance and the golden record counts.
  private func count(_ assignment: GoldenIdAssignment, left: (rebuilt: [(id: String, members: [Int])], emptied: [(old: String, survivor: String)]),
                     work: RunRecords, goldenAfter: (Int) -> String, summary: inout RunSummary) {
    let created = Set(assignment.created)
    for row in work.inputRows {
      guard let index = row.index else { continue }
      if created.contains(goldenAfter(index)) { summary.inNewGoldenRecords += 1 } else { summary.mergedIntoExisting += 1 }
    }
    var affected = Set(assignment.idOf.values)
    for (old, _) in assignment.retired { affected.insert(old) }
    for index in work.changed where !work.goldenOf[index].isEmpty { affected.insert(work.goldenOf[index]) }
    summary.goldenCreated = created.count
    summary.goldenRetired = assignment.retired.count
    summary.goldenUpdated = affected.subtracting(created).subtracting(assignment.retired.map(\.old)).count
  }

  /// Golden records of the touched clusters, and of those that changed records left, through
  /// ``GoldenBuilder`` on every core, in the background while the review queue is drawn and the
  /// run's first events sealed; the stored views are read first, as the store transaction that
  /// follows holds the store.
  private func buildGoldens(touched: [Int: [Int]], assignment: GoldenIdAssignment, left: [(id: String, members: [Int])],
                            work: RunRecords, store: ReferentialStore) throws -> (Background<[Result<StoredGolden, MergeError>]>, touched: Int) {
    var storedIds = Set<String>()
    for (_, members) in touched { for member in members where !work.goldenOf[member].isEmpty { storedIds.insert(work.goldenOf[member]) } }
    for rebuilt in left { storedIds.insert(rebuilt.id) }
    let storedViews = try store.survivorViews(golden: storedIds)
    let builder = GoldenBuilder(rules: configuration.survivorship)
    let retired = Set(assignment.retired.map(\.old))
    let jobs: [(id: String, members: [Int])] = touched.keys.sorted().compactMap { cluster in
      assignment.idOf[cluster].flatMap { retired.contains($0) ? nil : ($0, touched[cluster] ?? []) }
    } + left
    return (Background {
      Parallel.map(jobs.count, minimumChunk: 500) { range in
        range.map { k -> Result<StoredGolden, MergeError> in
          let (id, members) = jobs[k]
          let held = Set(members.compactMap { work.goldenOf[$0].isEmpty ? nil : work.goldenOf[$0] }).sorted()
          return Result { () throws(MergeError) in
            try builder.build(id: id, members: Set(members.map { work.records[$0].reference }), fresh: work.freshViews(members),
                              stored: held.flatMap { storedViews[$0] ?? [] })
          }
        }
      }
    }, jobs.count - left.count)
  }
}
