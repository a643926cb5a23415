import GRDB

/// Applies the retention rules on a day to exactly what the report lists as past due: `erase`
/// through the erasure path (a suppression entry only when the rule says `suppress`),
/// `anonymise` the same with a statistics row left in the same transaction, `archive` kept apart
/// until the archive ends (then erased), `review` left for a person. People are processed a batch
/// at a time, each batch one transaction: an interrupted apply leaves each person untouched or
/// fully processed, and running it again finishes the job. Rules per field then take their fields
/// out of the people who stay (``FieldErasure``). A `retention_applied` audit event records the
/// day and the balances.
public enum RetentionApply {
  public struct Outcome: Sendable {
    public var report: RetentionReport
    public var due = 0
    public var erased = 0
    public var anonymised = 0
    public var archived = 0
    public var leftForReview = 0
    /// The source records that went with the erased and anonymised golden records.
    public var sourceRecordsErased = 0
    /// Rules per field: golden records with fields past due, and what became of them.
    public var fieldsDue = 0
    public var fields = FieldErasure.Outcome()
    public var fieldsLeftForReview = 0
    /// Golden records whose fields were due but that went whole, by a rule about the person.
    public var fieldsGoneWithThePerson = 0
    /// `past due 12 = erased 8 + anonymised 1 + archived 1 + left for review 2`.
    public var balance: String {
      "past due \(due) = erased \(erased) + anonymised \(anonymised) + archived \(archived) + left for review \(leftForReview)"
    }

    /// `fields past due on 5 golden records = erased on 3 + left for review 1 + gone with the person 1`.
    public var fieldBalance: String {
      "fields past due on \(fieldsDue) golden records = erased on \(fields.goldenRecords) + left for review \(fieldsLeftForReview)"
        + " + gone with the person \(fieldsGoneWithThePerson)"
    }

    mutating func count(_ action: RetentionAction, _ people: Int) {
      switch action {
      case .erase: erased += people
      case .anonymise: anonymised += people
      case .archive: archived += people
      case .review: leftForReview += people
      }
    }
  }

  /// People per transaction. Each commit syncs the journal and the store: on the 1,000,000-record
  /// store, erasing 100,000 people took 51–56 s in batches of 500, 42–48 s of 2,000, 41 s of 5,000.
  static let batch = 5000

  /// With `acting` false, only counts what would be done.
  /// - Throws: `StoreError`.
  public static func apply(register: RequestsRegister, rules: RetentionRules, asOf: CivilDate, acting: Bool) throws -> Outcome {
    var trace = Trace()
    let report = try RetentionReport.make(store: register.store, rules: rules, asOf: asOf)
    trace.mark("report")
    var outcome = Outcome(report: report)
    let due = report.pastDue
    outcome.due = due.count
    outcome.fieldsDue = report.fieldsPastDue.count
    let groups = Dictionary(grouping: due) { "\($0.rule)\u{1F}\($0.action.rawValue)" }.sorted { $0.key < $1.key }.map(\.value)
    let fieldsDue = fieldLinesToErase(report, goingWhole: Set(due.filter { [.erase, .anonymise].contains($0.action) }.map(\.golden)),
                                      into: &outcome)
    guard acting else {
      for lines in groups { outcome.count(lines[0].action, lines.count) }
      outcome.fields.goldenRecords = fieldsDue.values.reduce(0) { $0 + $1.count }
      return outcome
    }
    let subjects = try register.auditSubjectIndex()
    trace.mark("audit subject index")
    for lines in groups {
      let first = lines[0]
      guard first.action != .review else {
        outcome.count(.review, lines.count)
        continue
      }
      let rule = rules.rules.first { $0.name == first.rule }
      for start in stride(from: 0, to: lines.count, by: batch) {
        let chunk = Array(lines[start..<min(lines.count, start + batch)])
        if first.action == .archive {
          try archive(chunk, rule: first.rule, register: register, on: asOf)
        } else {
          outcome.sourceRecordsErased += try erase(chunk, action: first.action, suppressing: rule?.suppress ?? false, register: register,
                                                   subjects: subjects, on: asOf)
        }
        outcome.count(first.action, chunk.count)
      }
    }
    trace.mark("people")
    try eraseFields(fieldsDue, register: register, on: asOf, into: &outcome)
    trace.mark("fields")
    try register.store.appendingAudit(actor: register.actor, kind: "retention_applied", payload: [
      ("as_of", asOf.description), ("rules", rules.file ?? "built-in"), ("past_due", String(outcome.due)), ("erased", String(outcome.erased)),
      ("anonymised", String(outcome.anonymised)), ("archived", String(outcome.archived)),
      ("source_records_erased", String(outcome.sourceRecordsErased)), ("left_for_review", String(outcome.leftForReview)),
      ("fields_past_due", String(outcome.fieldsDue)), ("fields_erased_golden_records", String(outcome.fields.goldenRecords)),
      ("fields_erased_values", String(outcome.fields.values)), ("fields_left_for_review", String(outcome.fieldsLeftForReview)),
    ]) { _, _ in }
    return outcome
  }

  /// The lines of rules per field to erase, by rule; counts those left for review and those of
  /// people erased or anonymised whole.
  static func fieldLinesToErase(_ report: RetentionReport, goingWhole: Set<String>, into outcome: inout Outcome) -> [String: [RetentionReport.Line]] {
    var due: [String: [RetentionReport.Line]] = [:]
    for line in report.fieldsPastDue {
      if goingWhole.contains(line.golden) {
        outcome.fieldsGoneWithThePerson += 1
      } else if line.action == .review {
        outcome.fieldsLeftForReview += 1
      } else {
        due[line.rule, default: []].append(line)
      }
    }
    return due
  }

  /// Rules per field, after the people: by rule, a batch per transaction.
  static func eraseFields(_ due: [String: [RetentionReport.Line]], register: RequestsRegister, on day: CivilDate,
                          into outcome: inout Outcome) throws {
    for rule in due.keys.sorted() {
      // A person's lines under one rule may name different fields (those their records hold).
      let lines = due[rule] ?? []
      for fields in Dictionary(grouping: lines, by: \.fields).sorted(by: { $0.key.map(\.index).lexicographicallyPrecedes($1.key.map(\.index)) }) {
        for chunk in fields.value.chunked(batch) {
          let erased = try FieldErasure.erase(fields.key, of: chunk.map(\.golden), rule: rule, on: day, store: register.store, actor: register.actor)
          outcome.fields.goldenRecords += erased.goldenRecords
          outcome.fields.sourceRecords += erased.sourceRecords
          outcome.fields.values += erased.values
        }
      }
    }
  }

  /// Erases one batch (anonymising: with its statistics rows); returns the source records erased.
  static func erase(_ lines: [RetentionReport.Line], action: RetentionAction, suppressing: Bool, register: RequestsRegister,
                    subjects: AuditSubjectIndex, on day: CivilDate) throws -> Int {
    let rule = lines[0].rule
    let plans = try register.planErasures(of: lines.map(\.golden), subjects: subjects)
    let statistics = action == .anonymise
      ? try register.store.anonymisationInputs(lines.map(\.golden)).map {
        AnonymisedRecord(goldenJSON: $0.json, subject: $0.subject, sourceRecords: $0.sourceRecords, rule: rule, on: day)
      } : []
    let erased = try register.erase(plans, reason: "retention:\(rule):\(day)", suppressing: suppressing, completing: nil, on: day) { db in
      for row in statistics { try row.insert(into: db) }
    }
    return erased.sourceRecords
  }

  /// Archives one batch until the day each line says, with an `archived` audit event.
  static func archive(_ lines: [RetentionReport.Line], rule: String, register: RequestsRegister, on day: CivilDate) throws {
    try register.store.appendingAudit(actor: register.actor, kind: "archived", payload: [
      ("rule", rule), ("as_of", day.description), ("golden_records", String(lines.count)),
    ]) { writer, _ in
      let statement = try writer.db.cachedStatement(sql: """
        UPDATE goldenRecord SET archivedOn = ?, archivedUntil = ?, archiveRule = ? WHERE id = ? AND mergedInto IS NULL
        """)
      for line in lines { try statement.execute(arguments: [day.description, line.archiveUntil, rule, line.golden]) }
    }
  }
}
