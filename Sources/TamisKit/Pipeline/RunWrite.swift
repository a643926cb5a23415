import Foundation

/// What a run writes, in one store transaction: counters and the run row, golden records, source
/// records (with their keys for the audit entries), merges, "last seen" marks, the review queue,
/// the model, and the run's audit trail (``RunTrail``), also streamed to `out/audit.jsonl`.
struct RunWrite {
  let configuration: ReferentialRun.Configuration
  let started: String
  let runNumber: Int
  let inputDigests: [String?]
  let work: RunRecords
  let assignment: GoldenIdAssignment
  let emptied: [(old: String, survivor: String)]
  /// Golden records, built in the background while the run's first events are sealed: those of
  /// the clusters the run touched (each holds a record of its exports) first, then those that
  /// changed records left.
  let goldens: Background<[Result<StoredGolden, MergeError>]>
  let touchedGoldens: Int
  let review: [ReviewQueue.Item]
  let matching: MatchingPass
  let modelHasher: KeyedHasher
  let sharedValueHashes: Set<String>
  let goldenAfter: (Int) -> String

  /// Records written a block at a time: their rows and entries are prepared on every core.
  static let block = 65_536

  /// Writes it all; returns `audit.jsonl`, to commit with the other outputs.
  func commit(to store: ReferentialStore, summary: inout RunSummary) throws -> AtomicFile {
    let auditHasher = try store.hasher("audit_hmac")
    let optIns = optInEvents(hasher: try store.hasher("consent_hmac"))
    let previousRules = try store.lastRulesDigest()
    let auditFile = try AtomicFile(configuration.outDirectory.appendingPathComponent("audit.jsonl"))
    var trail = RunTrail(runId: summary.runId, actor: configuration.actor, time: AuditLog.now(), after: try store.auditHead())
    let runSummary = summary
    try store.write { writer in
      func append(_ events: [SealedEvent]) throws {
        for sealed in events {
          try writer.appendAudit(sealed)
          auditFile.write(sealed.event.line)
          auditFile.write("\n")
        }
      }
      try writer.setCounter("run", runNumber)
      try writer.setCounter("golden", assignment.lastNumber)
      try writer.insertRun(id: runSummary.runId, startedAt: started, endedAt: AuditLog.now(), actor: configuration.actor,
                           inputs: inputsJSON, summary: "", status: runSummary.status)
      try append(trail.seal(openingEvents(previousRules: previousRules)))
      try writer.appendConsentEvents(optIns, at: trail.time, auditSequence: trail.head.sequence)
      let committing = trail.head.sequence + 1
      // Golden records before the source records that point at them (foreign keys are checked
      // row by row: deferring them makes SQLite search children for every parent it inserts).
      for (k, golden) in (goldens.value ?? []).enumerated() {
        try writer.upsertGolden(try golden.get(), runId: runSummary.runId, seenAt: k < touchedGoldens ? trail.time : nil)
      }
      try writer.appendEntries(trail.seal(entries: assignment.created.map { AuditEntry(kind: "golden_created", ids: [("golden", $0)]) }),
                               committedBy: committing)
      let written = work.inputRows.compactMap { row -> Int? in
        guard let index = row.index, work.active[index], work.views[index] != nil, work.originals[index] != nil else { return nil }
        return index
      }
      for start in stride(from: 0, to: written.count, by: RunWrite.block) {
        let range = start..<min(written.count, start + RunWrite.block)
        let rows: [StoreWriter.SourceRow] = Parallel.map(range.count) { chunk in chunk.map { sourceRow(written[range.lowerBound + $0]) } }
        let keys = try writer.upsertSourceRecords(rows, runId: runSummary.runId, seenAt: trail.time)
        let entries: [AuditEntry] = Parallel.map(range.count) { chunk in
          chunk.map { k in entry(written[range.lowerBound + k], key: keys[k], hasher: auditHasher) }
        }
        try writer.appendEntries(trail.seal(entries: entries), committedBy: committing)
      }
      for (old, survivor) in assignment.retired {
        try writer.moveRecords(from: old, to: survivor)
        try writer.markMerged(old, into: survivor, runId: runSummary.runId)
      }
      for (old, survivor) in emptied { try writer.markMerged(old, into: survivor, runId: runSummary.runId) }
      try writer.markSeen(work.unchangedSeen, at: trail.time)
      // Golden records built above were seen; those of unchanged records met again in a new month too.
      try writer.markGoldenSeen(Set(work.unchangedSeen.map { goldenAfter(work.indexOf[$0.source + ":" + $0.recordId] ?? 0) }), at: trail.time)
      for item in review { try writer.addReviewPair(a: item.a, b: item.b, probability: item.probability, runId: runSummary.runId) }
      if matching.report.modelTrained || runSummary.status != "no_op" { try writer.saveModel(matching.model, hasher: modelHasher) }
      try writer.saveSharedValueHashes(sharedValueHashes)
      try writer.recordSourceColumns(work.sourceColumns)
      try append([trail.commitEntries()])
      try append(trail.seal([("run_ended", [("status", runSummary.status), ("read", String(runSummary.read)),
                                            ("quarantined", String(runSummary.quarantined)), ("into_existing", String(runSummary.mergedIntoExisting)),
                                            ("into_new", String(runSummary.inNewGoldenRecords))])]))
    }
    summary.auditHead = trail.head.description
    return auditFile
  }

  /// The opt-in columns' consent events with their evidence (column, file and the file's
  /// SHA-256), keyed subjects and digests; the ledger ignores those it already holds.
  private func optInEvents(hasher: KeyedHasher) -> [(event: ConsentEvent, subjectHash: String, digest: String)] {
    let digests = Dictionary(zip(configuration.ingest.inputs, inputDigests), uniquingKeysWith: { first, _ in first })
    return Parallel.map(work.optIns.count, minimumChunk: 10_000) { range in
      range.map { k in
        var (event, column, file) = work.optIns[k]
        event.proof.evidence = OptInColumns.evidence(column: column, file: file, sha256: digests[file] ?? nil)
        let subjectHash = hasher.hash(event.subject.key)
        return (event, subjectHash, event.digest(subjectHash: subjectHash))
      }
    }
  }

  private var inputs: [(String, String)] {
    configuration.ingest.inputs.enumerated().flatMap { number, file in
      [("file_\(number + 1)", (file as NSString).lastPathComponent),
       ("sha256_\(number + 1)", number < inputDigests.count ? inputDigests[number] ?? "unreadable" : "unreadable")]
    }
  }

  private var inputsJSON: String {
    var json = JSONText()
    json.beginObject()
    for (key, value) in inputs { json.string(key, value) }
    json.string("rules_sha256", configuration.rulesDigest)
    json.endObject()
    return json.text
  }

  /// Run started (inputs and their hashes, rules), rules changed, model trained, golden records merged away.
  private func openingEvents(previousRules: String?) -> [(kind: String, ids: [(String, String)])] {
    var events: [(kind: String, ids: [(String, String)])] = [("run_started", inputs + [("rules_sha256", configuration.rulesDigest)])]
    if let previousRules, previousRules != configuration.rulesDigest {
      events.append(("rules_changed", [("previous_sha256", previousRules), ("sha256", configuration.rulesDigest)]))
    }
    if matching.report.modelTrained {
      events.append(("model_trained", [("pairs", String(matching.model.trainedOn)), ("iterations", String(matching.model.iterations))]))
    }
    for (old, survivor) in assignment.retired + emptied { events.append(("merged", [("golden", old), ("into", survivor)])) }
    return events
  }

  private func sourceRow(_ index: Int) -> StoreWriter.SourceRow {
    let record = work.records[index]
    return StoreWriter.SourceRow(source: record.source, recordId: record.recordId, fingerprint: work.fingerprints[index],
                                 goldenId: goldenAfter(index), match: MatchRecordCoding.encode(record),
                                 survivor: work.views[index] ?? "", original: work.originals[index] ?? "")
  }

  /// A record's entry: its golden record in the open, the record and a keyed hash of its
  /// content in its erasable subject.
  private func entry(_ index: Int, key: Int, hasher: KeyedHasher) -> AuditEntry {
    AuditEntry(kind: work.changed.contains(index) ? "record_updated" : "record_imported", ids: [("golden", goldenAfter(index))],
               subject: [("record", work.records[index].reference), ("content_hmac", hasher.hash(work.fingerprints[index]))],
               sourceKey: key)
  }
}
