/// `tamis audit verify` and `tamis audit show` as text.
public enum AuditReport {
  public static func text(_ verification: AuditVerifier.Verification) -> String {
    if let failure = verification.failure { return "audit log broken: \(failure)\n" }
    var lines = ["audit log intact: \(verification.events) events"
                 + (verification.checkedSubjects ? ", \(verification.entries) run entries under their roots" : " (the chain only: an exported file holds no subjects or entries)")]
    for redaction in verification.redactions {
      lines.append("  \(redaction.removed) identifying part\(redaction.removed == 1 ? "" : "s") erased by \(redaction.request.hasPrefix("retention:") ? "retention rule " + redaction.request.dropFirst(10) : "request " + redaction.request) (event \(redaction.sequence))")
    }
    if let head = verification.head { lines.append("head: \(head)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One line per event, and per run entry that concerns `golden` when given; a subject shows as
  /// its digest, or as erased.
  public static func history(_ events: [AuditEvent], subjects: [Int: StoredSubject], entries: [(event: Int, entry: StoredEntry)],
                             golden: String?) -> String {
    var byEvent: [Int: [StoredEntry]] = [:]
    for (event, entry) in entries { byEvent[event, default: []].append(entry) }
    var lines: [String] = []
    for event in events {
      let mentions = golden.map { id in event.payload.contains { $0.1 == id || $0.1.split(separator: " ").contains(Substring(id)) } } ?? true
      let related = byEvent[event.sequence] ?? []
      guard mentions || !related.isEmpty else { continue }
      let ids = (event.payload + subjectFields(subjects[event.sequence])).map { "\($0.0)=\($0.1)" }.joined(separator: " ")
      let erased = subjects[event.sequence]?.isRedacted == true ? " (subject erased)" : ""
      lines.append("#\(event.sequence) \(event.time) \(event.actor) \(event.runId ?? "-") \(event.kind) \(ids)\(erased)")
      for entry in related {
        let ids = ((JSONFields.members(of: entry.ids) ?? []) + subjectFields(entry.subject)).map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        let subject = entry.subject.map { $0.isRedacted ? " (subject erased)" : "" } ?? ""
        lines.append("    entry \(entry.position): \(entry.kind) \(ids)\(subject)")
      }
    }
    return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
  }

  private static func subjectFields(_ subject: StoredSubject?) -> [(String, String)] {
    subject?.payload.flatMap { JSONFields.members(of: $0) } ?? []
  }
}
