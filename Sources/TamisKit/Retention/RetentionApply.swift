/// Applies the retention rules on a day to exactly what the report lists as past due: `erase`
/// through the erasure path (no suppression entry: the person did not object), `review` left for a
/// person. People are erased a batch at a time, each batch one transaction: an interrupted apply
/// leaves each person untouched or fully erased, and running it again finishes the job. A
/// `retention_applied` audit event records the day and the balance.
public enum RetentionApply {
  public struct Outcome: Sendable {
    public var report: RetentionReport
    public var due = 0
    public var erased = 0
    public var leftForReview = 0
    /// The source records that went with the erased golden records.
    public var sourceRecordsErased = 0
    /// `past due 12 = erased 10 + left for review 2`.
    public var balance: String { "past due \(due) = erased \(erased) + left for review \(leftForReview)" }
  }

  static let batch = 500

  /// With `acting` false, only counts what would be done.
  /// - Throws: `StoreError`.
  public static func apply(register: RequestsRegister, rules: RetentionRules, asOf: CivilDate, acting: Bool) throws -> Outcome {
    let report = try RetentionReport.make(store: register.store, rules: rules, asOf: asOf)
    var outcome = Outcome(report: report)
    let due = report.pastDue
    outcome.due = due.count
    outcome.leftForReview = due.filter { $0.action == .review }.count
    let erasing = due.filter { $0.action == .erase }
    guard acting else {
      outcome.erased = erasing.count
      return outcome
    }
    for (rule, lines) in Dictionary(grouping: erasing, by: \.rule).sorted(by: { $0.key < $1.key }) {
      for start in stride(from: 0, to: lines.count, by: batch) {
        let plans = try register.planErasures(of: lines[start..<min(lines.count, start + batch)].map(\.golden))
        let erased = try register.erase(plans, reason: "retention:\(rule):\(asOf)", suppressing: false, completing: nil, on: asOf)
        outcome.erased += plans.count
        outcome.sourceRecordsErased += erased.sourceRecords
      }
    }
    try register.store.appendingAudit(actor: register.actor, kind: "retention_applied", payload: [
      ("as_of", asOf.description), ("rules", rules.file ?? "built-in"), ("past_due", String(outcome.due)), ("erased", String(outcome.erased)),
      ("source_records_erased", String(outcome.sourceRecordsErased)), ("left_for_review", String(outcome.leftForReview)),
    ]) { _, _ in }
    return outcome
  }
}
