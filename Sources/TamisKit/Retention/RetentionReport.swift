import Foundation
import GRDB

/// Where a golden record stands under its retention rule on a day.
public enum RetentionState: String, CaseIterable, Hashable, Sendable {
  case pastDue = "past_due"
  case due30 = "due_30"
  case due90 = "due_90"
  case noReferenceDate = "no_reference_date"
}

/// Who is past due under the retention rules on a day, who falls due within 30 and 90 days, and
/// who has no usable reference date — by rule, with counts, in golden id order (deterministic).
public struct RetentionReport: Sendable {
  public struct Line: Hashable, Sendable {
    public var golden: String
    public var rule: String
    public var from: String
    /// The reference date that counted ("" when the golden record has none of the rule's).
    public var reference: String
    /// The day the rule acts ("" without a reference date).
    public var due: String
    public var action: RetentionAction
    public var state: RetentionState
    /// For `archive`, the day the archive ends and the person is erased.
    public var archiveUntil = ""
    /// For a rule per field, the fields it names that the person's records hold; empty for a
    /// rule about the whole person.
    public var fields: [ContactField] = []
  }

  public var asOf: String
  public var goldenRecords: Int
  /// Every golden record past due, due within 90 days, or without a reference date.
  public var lines: [Line]
  /// Golden records no rule covers (their status or sources are in none).
  public var uncovered: Int
  /// Golden records in an archive (listed when their archive ends within 90 days).
  public var archived = 0

  /// The person's last consent is worked out only for golden records listed without it: a date
  /// more can only make a due day later (the latest date counts), so one not listed without it is
  /// not listed with it, and hashing every record's keys would be most of the report's time.
  /// - Throws: `StoreError`.
  public static func make(store: ReferentialStore, rules: RetentionRules, asOf: CivilDate) throws -> RetentionReport {
    var report = RetentionReport(asOf: asOf.description, goldenRecords: 0, lines: [], uncovered: 0)
    let usesConsent = rules.rules.contains { $0.from.contains(.lastConsent) }
    let fieldRules = rules.rules.filter { !$0.fields.isEmpty }
    var listed: [RetentionSubject] = []
    try store.forEachRetentionSubject(withSources: rules.usesSources) { subject in
      report.goldenRecords += 1
      if subject.archive != nil { report.archived += 1 }
      let lines = report.judge(subject, rules: rules, fieldRules: !fieldRules.isEmpty, asOf: asOf)
      if usesConsent && !lines.isEmpty { listed.append(subject) } else { report.lines += lines }
    }
    if usesConsent {
      let consents = try store.lastConsentGiven(among: Set(listed.map(\.golden)))
      for var subject in listed {
        subject.dates[.lastConsent] = consents[subject.golden]
        report.lines += report.judge(subject, rules: rules, fieldRules: !fieldRules.isEmpty, asOf: asOf, counting: false)
      }
    }
    if !fieldRules.isEmpty { try report.keepFieldsHeld(store: store, among: Set(fieldRules.flatMap(\.fields))) }
    return report
  }

  /// One golden record's lines (none when it is not due within 90 days); counts it as uncovered
  /// when no rule about the whole person covers it.
  private mutating func judge(_ subject: RetentionSubject, rules: RetentionRules, fieldRules: Bool, asOf: CivilDate,
                              counting: Bool = true) -> [Line] {
    var lines: [Line] = []
    switch rules.judge(subject, asOf: asOf) {
    case .uncovered: if counting { uncovered += 1 }
    case .listed(let line): lines.append(line)
    case .notDueYet: break
    }
    if fieldRules { lines += rules.judgeFields(subject, asOf: asOf) }
    return lines
  }

  /// A rule per field lists a person only for the fields their records still hold.
  private mutating func keepFieldsHeld(store: ReferentialStore, among fields: Set<ContactField>) throws {
    let held = try store.fieldsHeld(by: Set(lines.filter { !$0.fields.isEmpty }.map(\.golden)), among: fields)
    lines = lines.compactMap { line in
      guard !line.fields.isEmpty else { return line }
      var line = line
      line.fields = line.fields.filter { held[line.golden]?.contains($0) ?? false }
      return line.fields.isEmpty ? nil : line
    }
  }

  /// People past due under a rule about the whole person.
  public var pastDue: [Line] { lines.filter { $0.state == .pastDue && $0.fields.isEmpty } }
  /// Golden records whose fields are past due under a rule per field.
  public var fieldsPastDue: [Line] { lines.filter { $0.state == .pastDue && !$0.fields.isEmpty } }

  /// People in a state under the rules about the whole person.
  public func count(_ state: RetentionState) -> Int { lines.lazy.filter { $0.state == state && $0.fields.isEmpty }.count }
  /// Golden records in a state under a rule per field.
  public func fieldCount(_ state: RetentionState) -> Int { lines.lazy.filter { $0.state == state && !$0.fields.isEmpty }.count }

  /// Counts by rule and state, in rule then state order: `prospects past_due 12`.
  public var counts: [(rule: String, state: RetentionState, count: Int)] {
    var counts: [String: [RetentionState: Int]] = [:]
    for line in lines { counts[line.rule, default: [:]][line.state, default: 0] += 1 }
    return counts.keys.sorted().flatMap { rule in
      RetentionState.allCases.compactMap { state in counts[rule]?[state].map { (rule, state, $0) } }
    }
  }

  static let header = ["golden_id", "rule", "from", "reference_date", "due", "action", "state", "archive_until", "fields"]
  func row(_ line: Line) -> [String] {
    [line.golden, line.rule, line.from, line.reference, line.due, line.action.rawValue, line.state.rawValue, line.archiveUntil,
     line.fields.map(\.rawValue).joined(separator: " ")]
  }

  public func render(_ format: String) -> String {
    switch format {
    case "csv":
      return ([RetentionReport.header] + lines.map(row)).map { String(decoding: CSVText.line($0), as: UTF8.self) }.joined()
    case "json":
      var json = JSONText()
      json.beginObject()
      json.string("as_of", asOf)
      json.number("golden_records", goldenRecords)
      json.number("not_covered_by_a_rule", uncovered)
      json.number("archived", archived)
      json.beginArray("counts")
      for count in counts {
        json.beginObject()
        json.string("rule", count.rule)
        json.string("state", count.state.rawValue)
        json.number("count", count.count)
        json.endObject()
      }
      json.endArray()
      json.beginArray("golden_records_listed")
      for line in lines {
        json.beginObject()
        for (key, value) in zip(RetentionReport.header, row(line)) { json.string(key, value) }
        json.endObject()
      }
      json.endArray()
      json.endObject()
      return json.text + "\n"
    default:
      let markdown = format == "md"
      var out = markdown ? "# Retention report, as of \(asOf)\n\n" : "retention report, as of \(asOf)\n"
      out += "\(goldenRecords) golden records; \(count(.pastDue)) past due, \(count(.due30)) due within 30 days, \(count(.due90)) within 90, "
        + "\(count(.noReferenceDate)) without a usable reference date, \(uncovered) not covered by a rule, \(archived) archived\n"
      if lines.contains(where: { !$0.fields.isEmpty }) {
        out += "rules per field: \(fieldCount(.pastDue)) golden records with fields past due, \(fieldCount(.due30)) due within 30 days, "
          + "\(fieldCount(.due90)) within 90, \(fieldCount(.noReferenceDate)) without a usable reference date\n"
      }
      out += "\n"
      out += TextTable.render([["rule", "state", "golden records"]] + counts.map { [$0.rule, $0.state.rawValue, String($0.count)] },
                                  markdown: markdown)
      if !lines.isEmpty { out += "\n" + TextTable.render([RetentionReport.header] + lines.map(row), markdown: markdown) }
      return out
    }
  }
}

extension RetentionRules {
  /// Where one golden record stands on a day.
  public enum Judgement: Hashable, Sendable {
    case uncovered
    case notDueYet
    case listed(RetentionReport.Line)
  }

  /// Past due, due within 30 or 90 days, or nil (later).
  static func state(_ due: CivilDate, asOf: CivilDate) -> RetentionState? {
    due <= asOf ? .pastDue : due <= asOf.adding(days: 30) ? .due30 : due <= asOf.adding(days: 90) ? .due90 : nil
  }

  /// Where one golden record stands under each rule per field that covers it, whatever its
  /// fields hold (the report keeps the lines of fields its records hold).
  public func judgeFields(_ subject: RetentionSubject, asOf: CivilDate) -> [RetentionReport.Line] {
    fieldRules(for: subject.status, sources: subject.sources).compactMap { rule in
      guard let due = rule.due(subject.dates) else {
        return .init(golden: subject.golden, rule: rule.name, from: "", reference: "", due: "", action: rule.action, state: .noReferenceDate,
                     fields: rule.fields)
      }
      return Self.state(due.due, asOf: asOf).map {
        .init(golden: subject.golden, rule: rule.name, from: due.from.rawValue, reference: due.reference.description, due: due.due.description,
              action: rule.action, state: $0, fields: rule.fields)
      }
    }
  }

  /// An archived person is judged by their archive's end (then erased); the others by their rule.
  public func judge(_ subject: RetentionSubject, asOf: CivilDate) -> Judgement {
    func state(_ due: CivilDate) -> RetentionState? { Self.state(due, asOf: asOf) }
    if let archive = subject.archive {
      guard let until = CivilDate(iso: archive.until), let state = state(until) else { return .notDueYet }
      return .listed(.init(golden: subject.golden, rule: archive.rule, from: "archived", reference: archive.on, due: archive.until,
                           action: .erase, state: state))
    }
    guard let rule = rule(for: subject.status, sources: subject.sources) else { return .uncovered }
    guard let due = rule.due(subject.dates) else {
      return .listed(.init(golden: subject.golden, rule: rule.name, from: "", reference: "", due: "", action: rule.action, state: .noReferenceDate))
    }
    guard let state = state(due.due) else { return .notDueYet }
    // An archive that would already be over is no archive: the person is erased.
    let archiveEnd = rule.archiveFor.map { $0.after(due.due) }
    let action = archiveEnd.map { $0 <= asOf } == true ? .erase : rule.action
    return .listed(.init(golden: subject.golden, rule: rule.name, from: due.from.rawValue, reference: due.reference.description,
                         due: due.due.description, action: action, state: state,
                         archiveUntil: action == .archive ? archiveEnd?.description ?? "" : ""))
  }

  /// What the rules will do to one golden record, in a sentence (and one more per rule per field
  /// that covers it): for the person's access export.
  public func outlook(_ subject: RetentionSubject) -> String {
    ([personOutlook(subject)] + fieldRules(for: subject.status, sources: subject.sources).map { rule in
      let fields = rule.fields.map(\.rawValue).joined(separator: ", ")
      let keep = "\(rule.action.rawValue) \(fields) \(rule.keep) after the latest of \(rule.from.map(\.rawValue).joined(separator: ", "))"
      guard let due = rule.due(subject.dates) else { return "rule '\(rule.name)' (\(keep)): no such date is known, so a person will review it" }
      return "rule '\(rule.name)' (\(keep)): counted from \(due.from.rawValue) \(due.reference), acts on \(due.due)"
    }).joined(separator: "; ")
  }

  private func personOutlook(_ subject: RetentionSubject) -> String {
    if let archive = subject.archive {
      return "archived on \(archive.on) by rule '\(archive.rule)', kept apart until \(archive.until), then erased"
    }
    guard let rule = rule(for: subject.status, sources: subject.sources) else {
      return "no retention rule covers the customer status '\(subject.status ?? "")' and the sources \(subject.sources.joined(separator: ", "))"
    }
    var keep = "\(rule.action.rawValue) \(rule.keep) after the latest of \(rule.from.map(\.rawValue).joined(separator: ", "))"
    if let archiveFor = rule.archiveFor { keep += ", kept apart \(archiveFor) then erased" }
    guard let due = rule.due(subject.dates) else { return "rule '\(rule.name)' (\(keep)): no such date is known, so a person will review it" }
    return "rule '\(rule.name)' (\(keep)): counted from \(due.from.rawValue) \(due.reference), acts on \(due.due)"
  }
}
