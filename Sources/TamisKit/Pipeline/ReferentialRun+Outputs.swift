import Foundation

extension ReferentialRun {
  static let referentialHeader = ["golden_id"] + ContactField.allCases.map(\.rawValue) + ["members"]

  static func csvLine(_ record: GoldenRecord) -> String {
    let row = [record.id] + ContactField.allCases.map { record[$0].map(\.value).joined(separator: " | ") } + [String(record.members.count)]
    return String(decoding: CSVWriter.line(row), as: UTF8.self)
  }

  static func inputsJSON(_ inputs: [(String, String)], rules: String) -> String {
    var json = JSONText()
    json.beginObject()
    for (key, value) in inputs { json.string(key, value) }
    json.string("rules_sha256", rules)
    json.endObject()
    return json.text
  }

  /// referential.csv/json (every active golden record), clusters.csv (this run's records),
  /// review.csv (pending pairs), summary.json; and commits audit.jsonl (this run's events,
  /// written as they were sealed). Returns the summary with the referential's size and the
  /// pending review pairs, counted while writing them.
  static func writeOutputs(store: ReferentialStore, directory: URL, summary: Summary,
                           clusters: [(String, String, String)], audit: AtomicFile) throws -> Summary {
    var summary = summary
    let csv = CSVWriter(try AtomicFile(directory.appendingPathComponent("referential.csv")), header: referentialHeader)
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

  public static func summaryJSON(_ summary: Summary) -> String {
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
    json.endObject()
    json.beginObject("matching")
    json.number("candidate_pairs", summary.candidatePairs)
    json.beginObject("pairs_per_blocking_rule")
    for (rule, count) in summary.pairsPerBlockingRule.sorted(by: { $0.key < $1.key }) { json.number(rule, count) }
    json.endObject()
    json.beginObject("oversized_blocks")
    for (rule, count) in summary.oversizedBlocks.sorted(by: { $0.key < $1.key }) { json.number(rule, count) }
    json.endObject()
    json.bool("model_trained", summary.modelTrained)
    json.number("em_iterations", summary.emIterations)
    json.number("review_pending", summary.reviewPending)
    json.endObject()
    json.endObject()
    return json.text + "\n"
  }

  /// The run summary as text, for stdout.
  public static func text(_ summary: Summary) -> String {
    var lines = [
      "run \(summary.runId): \(summary.status == "no_op" ? "no change (the store already holds these records)" : "completed")",
      "records: \(summary.read) read = \(summary.mergedIntoExisting) merged into existing + \(summary.inNewGoldenRecords) in new golden records + \(summary.quarantined) quarantined\(summary.balanced ? "" : "  (DOES NOT BALANCE)")",
      "         \(summary.unchanged) unchanged, \(summary.updated) updated",
      "golden records: \(summary.goldenCreated) created, \(summary.goldenUpdated) updated, \(summary.goldenRetired) merged away; \(summary.goldenTotal) in the referential",
      "matching: \(summary.candidatePairs) candidate pairs (" + summary.pairsPerBlockingRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")",
    ]
    if !summary.oversizedBlocks.isEmpty {
      lines.append("          blocks too large to pair: " + summary.oversizedBlocks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
    if summary.modelTrained { lines.append("          model trained by EM in \(summary.emIterations) iterations (\(summary.emLargestChange))") }
    lines.append("review: \(summary.reviewPending) pairs awaiting a decision (tamis review list)")
    return lines.joined(separator: "\n") + "\n"
  }
}
