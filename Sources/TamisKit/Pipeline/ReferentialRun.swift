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

  /// Runs it all. - Throws: `StoreError`, `ReadError.cannotOpen`, `ReportError`.
  public func run(progress: Progress? = nil) throws -> Summary {
    let started = AuditLog.now()
    var trace = Trace()
    let store = try ReferentialStore(path: configuration.storePath)
    let stored = try store.storedRecords()
    trace.mark("load store")
    var records = stored.map(\.match)
    var goldenOf = stored.map(\.goldenId)
    var indexOf: [String: Int] = [:]
    for (index, record) in records.enumerated() { indexOf[record.reference] = index }
    var fingerprints = stored.map(\.fingerprint)
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
    tally = try ingest.run(progress: progress, prepare: { contact -> (MatchRecord, String, String, String)? in
      guard !contact.hasErrors else { return nil }
      let original = ContactExport.jsonBytes(contact)
      return (MatchRecord(contact), SurvivorView(contact).encoded, String(decoding: original, as: UTF8.self), FileDigest.sha256(original))
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
    let context = ComparisonContext(sharedValues: ComparisonContext.sharedValues(in: records, nicknames: configuration.match.nicknames),
                                    nicknames: configuration.match.nicknames)
    var model = try store.model() ?? MatchModel(comparisons: configuration.match.comparisons)
    if model.comparisons != configuration.match.comparisons { model = MatchModel(comparisons: configuration.match.comparisons) }
    ExpectationMaximisation.estimateTermFrequencies(&model, records: records)
    let (pairs, blockingReport) = Blocking.candidates(records, rules: configuration.match, active: active.contains(false) ? active : nil)
    summary.candidatePairs = pairs.count
    summary.pairsPerBlockingRule = blockingReport.pairsPerRule
    summary.oversizedBlocks = blockingReport.oversizedBlocks
    let needsTraining = configuration.retrain || model.trainedOn == 0
    // Levels once per pair, on every core: EM trains on them and scoring weighs them.
    let levelScorer = Scorer(model: model, rules: configuration.match, context: context)
    let comparisonCount = model.comparisons.count
    let (levels, swapped) = ReferentialRun.levels(pairs, records: records, scorer: levelScorer)
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
    var distinct: [(Int, Int)] = scored.filter(scorer.isKnownDistinct).map { ($0.a, $0.b) }
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
    clustering.apply(scored.filter { $0.probability >= configuration.match.matchThreshold && !cannot.contains(Clustering.pack($0.a, $0.b)) }
      .map { Clustering.Link(a: $0.a, b: $0.b, probability: $0.probability) })
    let clusterOf = clustering.clusters()

    trace.mark("clustering")
    // 5. Golden ids: a cluster keeps its smallest existing id; clusters of new records get new ids.
    var clusterMembers: [Int: [Int]] = [:]
    for index in records.indices { clusterMembers[clusterOf[index], default: []].append(index) }
    let touchedClusters = Set(records.indices.filter { active[$0] }.map { clusterOf[$0] })
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
    // Changed records that left their golden record (split by new evidence) are handled like new ones above.
    var affectedGolden = Set(newGoldenOf.values)
    for (old, _) in retired { affectedGolden.insert(old) }
    for index in changed where !goldenOf[index].isEmpty { affectedGolden.insert(goldenOf[index]) }

    for row in inputRows {
      guard let index = row.index else { continue }
      let golden = newGoldenOf[clusterOf[index]] ?? goldenOf[index]
      if createdIds.contains(golden) { summary.inNewGoldenRecords += 1 } else { summary.mergedIntoExisting += 1 }
    }
    summary.goldenCreated = createdIds.count
    summary.goldenRetired = retired.count
    summary.goldenUpdated = affectedGolden.subtracting(createdIds).subtracting(retired.map(\.0)).count
    let isNoOp = touchedClusters.isEmpty && retired.isEmpty && !summary.modelTrained
    summary.status = isNoOp ? "no_op" : "completed"
    summary.runId = runId

    trace.mark("golden ids")
    // 6. Golden records of the affected clusters.
    let storedViews = try store.survivorViews(golden: affectedGolden)
    let survivorship = Survivorship(rules: configuration.survivorship)
    let clustersToBuild = touchedClusters.sorted()
    let goldenRows: [(id: String, json: String, csv: String)] = ReferentialRun.parallel(clustersToBuild.count, minimumChunk: 500) { range in
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
    // A changed record that moved to another golden record leaves its old one behind: rebuild it
    // from the records it keeps, or retire it into the record's new golden record when none remain.
    var leftBehind: [(id: String, json: String, csv: String)] = []
    var emptied: [(String, String)] = []
    for index in changed.sorted() {
      let old = goldenOf[index]
      let now = newGoldenOf[clusterOf[index]] ?? old
      guard !old.isEmpty, old != now, !leftBehind.contains(where: { $0.id == old }), !emptied.contains(where: { $0.0 == old }) else { continue }
      let remaining = records.indices.filter { (newGoldenOf[clusterOf[$0]] ?? goldenOf[$0]) == old }
      let remainingReferences = Set(remaining.map { records[$0].reference })
      var remainingViews = remaining.compactMap { views[$0].flatMap(SurvivorView.init(encoded:)) }
      for view in storedViews[old] ?? [] where remainingReferences.contains(view.reference) && !changed.contains(indexOf[view.reference] ?? -1) {
        remainingViews.append(view)
      }
      if remainingViews.isEmpty {
        emptied.append((old, now))
      } else {
        let record = survivorship.merge(id: old, remainingViews)
        leftBehind.append((old, record.json, ReferentialRun.csvLine(record)))
      }
    }
    trace.mark("survivorship")
    // 7. Review: pairs between the thresholds that are not already together nor decided.
    var reviewRows: [(a: String, b: String, probability: Double)] = []
    for pair in scored where pair.probability >= configuration.match.reviewThreshold && pair.probability < configuration.match.matchThreshold {
      if clusterOf[pair.a] == clusterOf[pair.b] || cannot.contains(Clustering.pack(pair.a, pair.b)) { continue }
      reviewRows.append((records[pair.a].reference, records[pair.b].reference, pair.probability))
    }

    trace.mark("review")
    // 8. The audit chain and the store, in one transaction.
    let secret = try store.secret()
    let hasher = KeyedHasher(secret: secret)
    var (sequence, previousHash) = try store.auditHead()
    var events: [AuditEvent] = []
    func log(_ kind: String, _ payload: [(String, String)]) {
      sequence += 1
      let event = AuditEvent.sealed(sequence: sequence, time: AuditLog.now(), actor: configuration.actor, runId: runId, kind: kind,
                                    payload: payload, previousHash: previousHash)
      previousHash = event.hash
      events.append(event)
    }
    var inputs: [(String, String)] = []
    for (number, file) in configuration.ingest.inputs.enumerated() {
      inputs.append(("file_\(number + 1)", (file as NSString).lastPathComponent))
      inputs.append(("sha256_\(number + 1)", FileDigest.sha256(path: file) ?? "unreadable"))
    }
    log("run_started", inputs + [("rules_sha256", configuration.rulesDigest)])
    let previousRules = try store.lastRulesDigest()
    if let previousRules, previousRules != configuration.rulesDigest {
      log("rules_changed", [("previous_sha256", previousRules), ("sha256", configuration.rulesDigest)])
    }
    if summary.modelTrained { log("model_trained", [("pairs", String(model.trainedOn)), ("iterations", String(model.iterations))]) }
    for id in createdIds.sorted() { log("golden_created", [("golden", id)]) }
    for (old, survivor) in retired + emptied { log("merged", [("golden", old), ("into", survivor)]) }
    var rows: [(source: String, recordId: String, fingerprint: String, goldenId: String, match: String, survivor: String, original: String)] = []
    for row in inputRows {
      guard let index = row.index, active[index], let view = views[index], let original = originals[index] else { continue }
      let golden = newGoldenOf[clusterOf[index]] ?? goldenOf[index]
      rows.append((row.source, row.recordId, fingerprints[index], golden, MatchRecordCoding.encode(records[index]), view, original))
      log(changed.contains(index) ? "record_updated" : "record_imported",
          [("record", records[index].reference), ("golden", golden), ("content_hmac", hasher.hash(fingerprints[index]))])
    }
    summary.reviewPending = reviewRows.count
    log("run_ended", [("status", summary.status), ("read", String(summary.read)), ("quarantined", String(summary.quarantined)),
                      ("into_existing", String(summary.mergedIntoExisting)), ("into_new", String(summary.inNewGoldenRecords))])
    let endedAt = AuditLog.now()
    try store.write { writer in
      try writer.setCounter("run", runNumber)
      try writer.setCounter("golden", nextGolden)
      try writer.insertRun(id: runId, startedAt: started, endedAt: endedAt, actor: configuration.actor,
                           inputs: ReferentialRun.inputsJSON(inputs, rules: configuration.rulesDigest), summary: "", status: summary.status)
      for golden in goldenRows where !retired.contains(where: { $0.0 == golden.id }) {
        try writer.upsertGolden(id: golden.id, json: golden.json, csv: golden.csv, runId: runId)
      }
      try writer.upsertSourceRecords(rows, runId: runId)
      for (old, survivor) in retired {
        try writer.moveRecords(from: old, to: survivor)
        try writer.markMerged(old, into: survivor, runId: runId)
      }
      for golden in leftBehind { try writer.upsertGolden(id: golden.id, json: golden.json, csv: golden.csv, runId: runId) }
      for (old, survivor) in emptied { try writer.markMerged(old, into: survivor, runId: runId) }
      for row in reviewRows { try writer.addReviewPair(a: row.a, b: row.b, probability: row.probability, runId: runId) }
      if summary.modelTrained || !isNoOp { try writer.saveModel(model) }
      try writer.saveSharedValues(context.sharedValues)
      for event in events { try writer.appendAudit(event) }
    }
    trace.mark("store write")
    summary.goldenTotal = try store.activeGoldenCount()
    summary.reviewPending = try store.reviewPairs().count

    // 9. Outputs.
    try ReferentialRun.writeOutputs(store: store, directory: configuration.outDirectory, summary: summary,
                                    clusters: inputRows.map { row in
                                      (row.source, row.recordId, row.index.map { newGoldenOf[clusterOf[$0]] ?? goldenOf[$0] } ?? "")
                                    }, events: events)
    trace.mark("outputs")
    return summary
  }
}
