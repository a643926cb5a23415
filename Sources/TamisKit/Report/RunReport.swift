import Foundation

/// The counts of a run; they balance: read = quarantined + into existing + into new golden records.
public struct RunSummary: Codable, Sendable {
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
  /// Golden records kept apart by a retention rule's `archive`: not in the referential files.
  public var goldenArchived = 0
  public var reviewPending = 0
  public var matching = MatchingPass.Report()
  /// The audit chain's head once the run is written (`SEQ:HASH`): kept outside the store, it
  /// proves later that nothing up to it was rewritten.
  public var auditHead = ""
  public var balanced: Bool { read == quarantined + mergedIntoExisting + inNewGoldenRecords }

  public init() {}
}

/// The outputs of `tamis run` under `out/`, and its summary as text and JSON.
public enum RunReport {
  /// referential.csv/json (every active golden record), clusters.csv (this run's records),
  /// review.csv (pending pairs), summary.json; and commits audit.jsonl (this run's events,
  /// written as they were sealed). Returns the summary with the referential's size and the
  /// pending review pairs, counted while writing them.
  /// - Throws: `ReportError`, `StoreError`.
  public static func writeOutputs(store: ReferentialStore, directory: URL, summary: RunSummary,
                                  clusters: [(String, String, String)], audit: AtomicFile) throws -> RunSummary {
    var summary = summary
    let csv = CSVWriter(try AtomicFile(directory.appendingPathComponent("referential.csv")), header: GoldenRecord.csvHeader)
    let json = try AtomicFile(directory.appendingPathComponent("referential.json"))
    summary.goldenTotal = 0
    try store.forEachGolden { data, line in
      csv.write(line: line)
      json.write(bytes: data)
      json.write("\n")
      summary.goldenTotal += 1
    }
    try csv.commit()
    try json.commit()
    summary.goldenArchived = try store.archivedCount()
    let clusterFile = CSVWriter(try AtomicFile(directory.appendingPathComponent("clusters.csv")), header: ["source", "record_id", "golden_id"])
    for (source, recordId, golden) in clusters { clusterFile.write([source, recordId, golden]) }
    try clusterFile.commit()
    let review = CSVWriter(try AtomicFile(directory.appendingPathComponent("review.csv")), header: ["review_id", "record_a", "record_b", "probability"])
    let pending = try store.reviewPairs()
    summary.reviewPending = pending.count
    for item in pending { review.write([String(item.id), item.a, item.b, String(format: "%.4f", item.probability)]) }
    try review.commit()
    try audit.commit()
    try AtomicFile.write(summaryJSON(summary), to: directory.appendingPathComponent("summary.json"))
    return summary
  }

  public static func summaryJSON(_ summary: RunSummary) -> String {
    var json = JSONText()
    json.beginObject()
    json.string("run_id", summary.runId)
    json.string("status", summary.status)
    json.beginObject("records")
    json.number("read", summary.read)
    json.number("quarantined", summary.quarantined)
    json.number("merged_into_existing", summary.mergedIntoExisting)
    json.number("in_new_golden_records", summary.inNewGoldenRecords)
    json.number("unchanged", summary.unchanged)
    json.number("updated", summary.updated)
    json.bool("balanced", summary.balanced)
    json.endObject()
    json.beginObject("golden_records")
    json.number("created", summary.goldenCreated)
    json.number("updated", summary.goldenUpdated)
    json.number("retired_by_merge", summary.goldenRetired)
    json.number("total", summary.goldenTotal)
    json.number("archived", summary.goldenArchived)
    json.endObject()
    json.beginObject("matching")
    json.number("candidate_pairs", summary.matching.candidatePairs)
    json.counts("pairs_per_blocking_rule", summary.matching.pairsPerBlockingRule)
    json.counts("oversized_blocks", summary.matching.oversizedBlocks)
    json.bool("model_trained", summary.matching.modelTrained)
    json.number("em_iterations", summary.matching.emIterations)
    json.number("review_pending", summary.reviewPending)
    json.endObject()
    json.string("audit_head", summary.auditHead)
    json.endObject()
    return json.text + "\n"
  }

  /// The run summary as text, for stdout.
  public static func text(_ summary: RunSummary) -> String {
    var lines = [
      "run \(summary.runId): \(summary.status == "no_op" ? "no change (the store already holds these records)" : "completed")",
      "records: \(summary.read) read = \(summary.mergedIntoExisting) merged into existing + \(summary.inNewGoldenRecords) in new golden records + \(summary.quarantined) quarantined\(summary.balanced ? "" : "  (DOES NOT BALANCE)")",
      "         \(summary.unchanged) unchanged, \(summary.updated) updated",
      "golden records: \(summary.goldenCreated) created, \(summary.goldenUpdated) updated, \(summary.goldenRetired) merged away; \(summary.goldenTotal) in the referential"
        + (summary.goldenArchived > 0 ? ", \(summary.goldenArchived) archived apart" : ""),
      "matching: \(summary.matching.candidatePairs) candidate pairs (" + summary.matching.pairsPerBlockingRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")",
    ]
    if !summary.matching.oversizedBlocks.isEmpty {
      lines.append("          blocks too large to pair: " + summary.matching.oversizedBlocks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
    if summary.matching.modelTrained { lines.append("          model trained by EM in \(summary.matching.emIterations) iterations (\(summary.matching.emLargestChange))") }
    lines.append("review: \(summary.reviewPending) pairs awaiting a decision (tamis review list)")
    lines.append("audit head: \(summary.auditHead) (keep it: tamis audit verify --head \(summary.auditHead))")
    return lines.joined(separator: "\n") + "\n"
  }
}
