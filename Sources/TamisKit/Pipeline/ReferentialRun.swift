import Foundation

/// `tamis run`: reads every export, normalises and validates, matches records across and within
/// sources and against the store, merges clusters into golden records, and writes the store and
/// the outputs. The store is written in one transaction at the end: a run killed half-way
/// leaves it as it was before the run.
public final class ReferentialRun {
  public struct Configuration {
    public var ingest: Ingest.Configuration
    public var match = MatchRules()
    public var survivorship = SurvivorshipRules()
    public var storePath = "tamis.db"
    public var outDirectory = URL(fileURLWithPath: "out")
    public var actor = ProcessInfo.processInfo.environment["USER"] ?? "tamis"
    public var retrain = false
    /// Hashes of the rules files in force, to log `rules_changed` when they differ from the last run's.
    public var rulesDigest = ""

    public init(ingest: Ingest.Configuration) { self.ingest = ingest }
  }

  /// The counts of a run; they balance: read = quarantined + into existing + into new golden records.
  public struct Summary: Codable, Sendable {
    public var runId = ""
    public var status = "completed"
    public var read = 0
    public var quarantined = 0
    public var mergedIntoExisting = 0
    public var inNewGoldenRecords = 0
    public var unchanged = 0
    public var updated = 0
    public var goldenCreated = 0
    public var goldenUpdated = 0
    public var goldenRetired = 0
    public var goldenTotal = 0
    public var reviewPending = 0
    public var candidatePairs = 0
    public var pairsPerBlockingRule: [String: Int] = [:]
    public var oversizedBlocks: [String: Int] = [:]
    public var modelTrained = false
    public var emIterations = 0
    public var emLargestChange = ""
    public var balanced: Bool { read == quarantined + mergedIntoExisting + inNewGoldenRecords }
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

  /// Runs it all. - Throws: `StoreError`, `ReadError.cannotOpen`, `ReportError`.
  public func run(progress: Progress? = nil) throws -> Summary {
    let started = AuditLog.now()
    // The inputs' hashes for the audit log, read beside the ingest rather than after it.
    let inputDigests = Background { [inputs = configuration.ingest.inputs] in inputs.map { FileDigest.sha256(path: $0) } }
    var trace = Trace()
    try ReferentialRun.createFolder(of: configuration.storePath)
    let store = try ReferentialStore(path: configuration.storePath)
    let stored = try store.storedRecords()
    trace.mark("load store")
    var records = stored.matches
    var goldenOf = stored.goldenIds
    var fingerprints = stored.fingerprints
    var indexOf: [String: Int] = [:]
    indexOf.reserveCapacity(records.count)
    for index in records.indices { indexOf[records[index].reference] = index }
    var active = [Bool](repeating: false, count: records.count)
    // New and changed records' survivorship views and original values, in their compact stored
    // forms (one string each), indexed like `records`.
    var views = [String?](repeating: nil, count: records.count)
    var originals = [String?](repeating: nil, count: records.count)
    var changed = Set<Int>()
    var summary = Summary()
    var inputRows: [(source: String, recordId: String, index: Int?)] = []
    var seenThisRun = Set<String>()

    // 1. Ingest, streaming: keep only the compact forms.
    try FileManager.default.createDirectory(at: configuration.outDirectory, withIntermediateDirectories: true)
    let quarantine = CSVWriter(try AtomicFile(configuration.outDirectory.appendingPathComponent("quarantine.csv")),
                               header: ContactExport.quarantineHeader)
    let ingest = Ingest(configuration.ingest)
    tally = try ingest.run(progress: progress, prepare: { contacts in
      contacts.map { contact -> (MatchRecord, String, String, String)? in
        guard !contact.hasErrors else { return nil }
        // The fingerprint covers the values as read and as normalised, not where they were read:
        // the same export moved or reordered is unchanged.
        let original = ContactExport.storedOriginal(contact)
        let view = SurvivorView(contact).encoded
        return (MatchRecord(contact), view, original.json, FileDigest.sha256(original.values + Array(view.utf8)))
      }
    }) { contacts, prepared in
      for (contact, item) in zip(contacts, prepared) {
        summary.read += 1
        let reference = contact.source + ":" + contact.recordId
        guard let (match, view, original, fingerprint) = item, seenThisRun.insert(reference).inserted else {
          var quarantined = contact
          if item != nil {
            quarantined.issues.append(Issue("RECORD_ID_DUPLICATE", .error, at: contact.locator.with(field: "source_id"),
                                            "another record of this run has the id \(reference); ids must be unique within a source"))
          }
          summary.quarantined += 1
          quarantine.write(line: ContactExport.quarantineLine(quarantined))
          inputRows.append((contact.source, contact.recordId, nil))
          continue
        }
        let index: Int
        if let known = indexOf[reference] {
          index = known
          if fingerprints[known] == fingerprint {
            summary.unchanged += 1
          } else {
            records[known] = match
            fingerprints[known] = fingerprint
            active[known] = true
            changed.insert(known)
            views[known] = view
            originals[known] = original
            summary.updated += 1
          }
        } else {
          index = records.count
          records.append(match)
          goldenOf.append("")
          fingerprints.append(fingerprint)
          active.append(true)
          views.append(view)
          originals.append(original)
          indexOf[reference] = index
        }
        inputRows.append((contact.source, contact.recordId, index))
      }
    }
    try quarantine.commit()

    trace.mark("ingest")
    // 2. The model: reused from the store unless asked to retrain (or there is none yet).
    // Shared phones and emails on one core, term frequencies on the other.
    // An incremental run only looks again at the values its records hold.
    let known: Set<String>? = active.contains(false) ? try store.sharedValues() : nil
    let shared = Background { [records, active, nicknames = configuration.match.nicknames] in
      known.map { ComparisonContext.sharedValues(in: records, active: active, known: $0, nicknames: nicknames) }
        ?? ComparisonContext.sharedValues(in: records, nicknames: nicknames)
    }
    var model = try store.model() ?? MatchModel(comparisons: configuration.match.comparisons)
    if model.comparisons != configuration.match.comparisons { model = MatchModel(comparisons: configuration.match.comparisons) }
    ExpectationMaximisation.estimateTermFrequencies(&model, records: records)
    let context = ComparisonContext(sharedValues: shared.value ?? [], nicknames: configuration.match.nicknames)
    trace.mark("shared values and TF")
    let (pairs, blockingReport) = Blocking.candidates(records, rules: configuration.match, active: active.contains(false) ? active : nil)
    summary.candidatePairs = pairs.count
    trace.mark("blocking")
    summary.pairsPerBlockingRule = blockingReport.pairsPerRule
    summary.oversizedBlocks = blockingReport.oversizedBlocks
    let needsTraining = configuration.retrain || model.trainedOn == 0
    // Levels once per pair, on every core: EM trains on them and scoring weighs them.
    let levelScorer = Scorer(model: model, rules: configuration.match, context: context)
    let comparisonCount = model.comparisons.count
    let (levels, swapped) = ReferentialRun.levels(pairs, records: records, scorer: levelScorer)
    trace.mark("levels")
    if needsTraining && pairs.count >= configuration.match.minimumTrainingPairs {
      ExpectationMaximisation.estimateU(&model, records: records, context: context)
      let report = ExpectationMaximisation.train(&model, pairs: pairs, levels: levels, rules: configuration.match.blockingRules,
                                                 records: records.count)
      summary.modelTrained = true
      summary.emIterations = report.iterations
      summary.emLargestChange = report.largestChange
    }
    trace.mark("model and blocking")

    // 3. Score every candidate pair, on every core.
    let scorer = Scorer(model: model, rules: configuration.match, context: context)
    let scored = ReferentialRun.score(pairs, levels: levels, swapped: swapped, comparisons: comparisonCount, records: records, scorer: scorer)
    trace.mark("scoring")
    // 4. Cluster: existing golden records, must-links and strong pairs join; known-distinct pairs guard.
    let decisions = try store.decisions()
    var distinct: [(Int, Int)] = scored.filter(\.isKnownDistinct).map { (Int($0.a), Int($0.b)) }
    var mustLinks: [(Int, Int)] = []
    var cannot = Set<UInt64>()
    for decision in decisions {
      guard let a = indexOf[decision.a], let b = indexOf[decision.b] else { continue }
      if decision.kind == "cannot_link" {
        distinct.append((a, b))
        cannot.insert(Clustering.pack(a, b))
      } else {
        mustLinks.append((a, b))
      }
    }
    var clustering = Clustering(count: records.count, distinct: distinct)
    var byGolden: [String: Int] = [:]
    for (index, golden) in goldenOf.enumerated() where !golden.isEmpty && !changed.contains(index) {
      if let first = byGolden[golden] { clustering.join(first, index) } else { byGolden[golden] = index }
    }
    for (a, b) in mustLinks { clustering.join(a, b) }
    clustering.apply(scored.filter { $0.probability >= configuration.match.matchThreshold && !cannot.contains(Clustering.pack(Int($0.a), Int($0.b))) }
      .map { Clustering.Link(a: Int($0.a), b: Int($0.b), probability: $0.probability) })
    let clusterOf = clustering.clusters()

    trace.mark("clustering")
    // 5. Golden ids: a cluster keeps its smallest existing id; clusters of new records get new ids.
    let touchedClusters = Set(records.indices.filter { active[$0] }.map { clusterOf[$0] })
    var clusterMembers: [Int: [Int]] = [:]   // of the touched clusters only
    for index in records.indices where touchedClusters.contains(clusterOf[index]) { clusterMembers[clusterOf[index], default: []].append(index) }
    var newGoldenOf: [Int: String] = [:]   // cluster → id
    var retired: [(String, String)] = []   // (old id, survivor)
    var createdIds = Set<String>()
    let runNumber = try store.counter("run") + 1
    let runId = String(format: "R%06d", runNumber)
    var nextGolden = try store.counter("golden")
    var holders: [String: Int] = [:]
    for golden in goldenOf where !golden.isEmpty { holders[golden, default: 0] += 1 }
    for cluster in touchedClusters.sorted() {
      let members = clusterMembers[cluster] ?? []
      // A golden id carries over when an unchanged member holds it, or when every record holding
      // it is in this cluster; a changed record that left its golden record does not take its id.
      var held: [String: Int] = [:]
      var heldByUnchanged = Set<String>()
      for member in members where !goldenOf[member].isEmpty {
        held[goldenOf[member], default: 0] += 1
        if !changed.contains(member) { heldByUnchanged.insert(goldenOf[member]) }
      }
      let existing = held.filter { heldByUnchanged.contains($0.key) || $0.value == holders[$0.key] }.keys.sorted()
      if let survivor = existing.first {
        newGoldenOf[cluster] = survivor
        for other in existing.dropFirst() { retired.append((other, survivor)) }
      } else {
        nextGolden += 1
        let id = String(format: "G%08d", nextGolden)
        newGoldenOf[cluster] = id
        createdIds.insert(id)
      }
    }
    /// The golden record a record belongs to once this run is written.
    func goldenAfterRun(_ index: Int) -> String { newGoldenOf[clusterOf[index]] ?? goldenOf[index] }
    // Changed records that left their golden record (split by new evidence) are handled like new ones above.
    var affectedGolden = Set(newGoldenOf.values)
    for (old, _) in retired { affectedGolden.insert(old) }
    for index in changed where !goldenOf[index].isEmpty { affectedGolden.insert(goldenOf[index]) }

    for row in inputRows {
      guard let index = row.index else { continue }
      let golden = goldenAfterRun(index)
      if createdIds.contains(golden) { summary.inNewGoldenRecords += 1 } else { summary.mergedIntoExisting += 1 }
    }
    summary.goldenCreated = createdIds.count
    summary.goldenRetired = retired.count
    summary.goldenUpdated = affectedGolden.subtracting(createdIds).subtracting(retired.map(\.0)).count
    let isNoOp = touchedClusters.isEmpty && retired.isEmpty && !summary.modelTrained
    summary.status = isNoOp ? "no_op" : "completed"
    summary.runId = runId

    trace.mark("golden ids")
    // 6. Golden records of the affected clusters. A changed record that moved to another golden
    // record leaves its old one behind: it is rebuilt from the records it keeps, or retired into
    // the record's new golden record when none remain.
    var leftOld: [String] = []   // in the order of the changed records that left them
    var leftNow: [String: String] = [:]
    for index in changed.sorted() {
      let old = goldenOf[index], now = goldenAfterRun(index)
      if !old.isEmpty, old != now, leftNow[old] == nil {
        leftOld.append(old)
        leftNow[old] = now
      }
    }
    var remainingOf: [String: [Int]] = [:]
    if !leftOld.isEmpty {
      for index in records.indices {
        let golden = goldenAfterRun(index)
        if leftNow[golden] != nil { remainingOf[golden, default: []].append(index) }
      }
    }
    let emptied = leftOld.filter { remainingOf[$0] == nil }.map { ($0, leftNow[$0] ?? "") }
    let rebuilt = leftOld.filter { remainingOf[$0] != nil }
    let storedViews = try store.survivorViews(golden: affectedGolden.subtracting(createdIds))
    // Survivorship runs beside the start of the store transaction below (the run's opening events).
    let goldens = Background { [configuration, views, records, goldenOf, newGoldenOf, clusterMembers, changed, indexOf, touchedClusters, remainingOf] in
      let survivorship = Survivorship(rules: configuration.survivorship)
      let clustersToBuild = touchedClusters.sorted()
      let rows: [(id: String, json: String, csv: String)] = Parallel.map(clustersToBuild.count, minimumChunk: 500) { range in
        range.compactMap { k -> (id: String, json: String, csv: String)? in
          let cluster = clustersToBuild[k]
          guard let id = newGoldenOf[cluster] else { return nil }
          let members = clusterMembers[cluster] ?? []
          var memberViews = members.compactMap { views[$0].flatMap(SurvivorView.init(encoded:)) }
          // Members already stored and unchanged: their views come from the store.
          let storedIds = Set(members.compactMap { goldenOf[$0].isEmpty ? nil : goldenOf[$0] })
          if !storedIds.isEmpty {
            let memberReferences = Set(members.map { records[$0].reference })
            var present = Set(memberViews.map(\.reference))
            for golden in storedIds.sorted() {
              for view in storedViews[golden] ?? [] where memberReferences.contains(view.reference) && present.insert(view.reference).inserted {
                memberViews.append(view)
              }
            }
          }
          let record = survivorship.merge(id: id, memberViews)
          return (id, record.json, ReferentialRun.csvLine(record))
        }
      }
      let leftBehind = rebuilt.map { old -> (id: String, json: String, csv: String) in
        let remaining = remainingOf[old] ?? []
        let remainingReferences = Set(remaining.map { records[$0].reference })
        var remainingViews = remaining.compactMap { views[$0].flatMap(SurvivorView.init(encoded:)) }
        for view in storedViews[old] ?? [] where remainingReferences.contains(view.reference) && !changed.contains(indexOf[view.reference] ?? -1) {
          remainingViews.append(view)
        }
        let record = survivorship.merge(id: old, remainingViews)
        return (old, record.json, ReferentialRun.csvLine(record))
      }
      return (rows: rows, leftBehind: leftBehind)
    }
    trace.mark("survivorship planned")
    // 7. Review: pairs between the thresholds that are not already together nor decided.
    var reviewRows: [(a: String, b: String, probability: Double)] = []
    for pair in scored where pair.probability >= configuration.match.reviewThreshold && pair.probability < configuration.match.matchThreshold {
      let a = Int(pair.a), b = Int(pair.b)
      if clusterOf[a] == clusterOf[b] || cannot.contains(Clustering.pack(a, b)) { continue }
      reviewRows.append((records[a].reference, records[b].reference, pair.probability))
    }

    trace.mark("review")
    // 8. The audit chain and the store, in one transaction.
    let secret = try store.secret()
    let hasher = KeyedHasher(secret: secret)
    let (lastSequence, previousHash) = try store.auditHead()
    // Every event of the run carries one time, taken as its store transaction begins.
    let time = AuditLog.now()
    var sequence = lastSequence
    func draft(_ kind: String, _ payload: [(String, String)]) -> AuditEvent.Draft {
      sequence += 1
      return AuditEvent.Draft(sequence: sequence, time: time, actor: configuration.actor, runId: runId, kind: kind, payload: payload)
    }
    var inputs: [(String, String)] = []
    for (number, file) in configuration.ingest.inputs.enumerated() {
      inputs.append(("file_\(number + 1)", (file as NSString).lastPathComponent))
      inputs.append(("sha256_\(number + 1)", inputDigests.value?[number] ?? "unreadable"))
    }
    var opening = [draft("run_started", inputs + [("rules_sha256", configuration.rulesDigest)])]
    let previousRules = try store.lastRulesDigest()
    if let previousRules, previousRules != configuration.rulesDigest {
      opening.append(draft("rules_changed", [("previous_sha256", previousRules), ("sha256", configuration.rulesDigest)]))
    }
    if summary.modelTrained { opening.append(draft("model_trained", [("pairs", String(model.trainedOn)), ("iterations", String(model.iterations))])) }
    for id in createdIds.sorted() { opening.append(draft("golden_created", [("golden", id)])) }
    for (old, survivor) in retired + emptied { opening.append(draft("merged", [("golden", old), ("into", survivor)])) }
    let written = inputRows.compactMap { row -> (source: String, recordId: String, index: Int)? in
      guard let index = row.index, active[index], views[index] != nil, originals[index] != nil else { return nil }
      return (row.source, row.recordId, index)
    }
    let endedAt = AuditLog.now()
    // This run's events go to the store and to audit.jsonl as they are sealed; source records
    // and their events are prepared a block at a time, on every core.
    let auditFile = try AtomicFile(configuration.outDirectory.appendingPathComponent("audit.jsonl"))
    let retiredIds = Set(retired.map(\.0))
    var chain = AuditChain(after: previousHash)
    try store.write { writer in
      func append(_ drafts: [AuditEvent.Draft]) throws {
        for event in chain.seal(drafts) {
          try writer.appendAudit(event)
          auditFile.write(event.line)
          auditFile.write("\n")
        }
      }
      try writer.setCounter("run", runNumber)
      try writer.setCounter("golden", nextGolden)
      try writer.insertRun(id: runId, startedAt: started, endedAt: endedAt, actor: configuration.actor,
                           inputs: ReferentialRun.inputsJSON(inputs, rules: configuration.rulesDigest), summary: "", status: summary.status)
      try append(opening)
      // Golden records before the source records that point at them.
      let (goldenRows, leftBehind) = goldens.value ?? ([], [])
      for golden in goldenRows where !retiredIds.contains(golden.id) {
        try writer.upsertGolden(id: golden.id, json: golden.json, csv: golden.csv, runId: runId)
      }

      for block in stride(from: 0, to: written.count, by: 65_536) {
        let range = block..<min(written.count, block + 65_536)
        let prepared: [(row: StoreWriter.SourceRow, kind: String, payload: [(String, String)])] = Parallel.map(range.count) { chunk in
          chunk.map { k in
            let (source, recordId, index) = written[range.lowerBound + k]
            let golden = goldenAfterRun(index)
            let row = StoreWriter.SourceRow(source: source, recordId: recordId, fingerprint: fingerprints[index], goldenId: golden,
                                            match: MatchRecordCoding.encode(records[index]), survivor: views[index] ?? "", original: originals[index] ?? "")
            return (row, changed.contains(index) ? "record_updated" : "record_imported",
                    [("record", records[index].reference), ("golden", golden), ("content_hmac", hasher.hash(fingerprints[index]))])
          }
        }
        try writer.upsertSourceRecords(prepared.map(\.row), runId: runId)
        try append(prepared.map { draft($0.kind, $0.payload) })
      }

      for (old, survivor) in retired {
        try writer.moveRecords(from: old, to: survivor)
        try writer.markMerged(old, into: survivor, runId: runId)
      }
      for golden in leftBehind { try writer.upsertGolden(id: golden.id, json: golden.json, csv: golden.csv, runId: runId) }
      for (old, survivor) in emptied { try writer.markMerged(old, into: survivor, runId: runId) }
      for row in reviewRows { try writer.addReviewPair(a: row.a, b: row.b, probability: row.probability, runId: runId) }
      if summary.modelTrained || !isNoOp { try writer.saveModel(model) }
      try writer.saveSharedValues(context.sharedValues)
      try append([draft("run_ended", [("status", summary.status), ("read", String(summary.read)), ("quarantined", String(summary.quarantined)),
                                       ("into_existing", String(summary.mergedIntoExisting)), ("into_new", String(summary.inNewGoldenRecords))])])
    }
    trace.mark("store write")

    // 9. Outputs.
    summary = try ReferentialRun.writeOutputs(store: store, directory: configuration.outDirectory, summary: summary,
                                    clusters: inputRows.map { row in
                                      (row.source, row.recordId, row.index.map(goldenAfterRun) ?? "")
                                    }, audit: auditFile)
    trace.mark("outputs")
    return summary
  }
}
