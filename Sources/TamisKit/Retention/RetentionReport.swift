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
  }

  public var asOf: String
  public var goldenRecords: Int
  /// Every golden record past due, due within 90 days, or without a reference date.
  public var lines: [Line]
  /// Golden records no rule covers (their status is in none).
  public var uncovered: Int

  /// - Throws: `StoreError`.
  public static func make(store: ReferentialStore, rules: RetentionRules, asOf: CivilDate) throws -> RetentionReport {
    var report = RetentionReport(asOf: asOf.description, goldenRecords: 0, lines: [], uncovered: 0)
    let consents = rules.rules.contains { $0.from.contains(.lastConsent) } ? try store.lastConsentGiven() : [:]
    try store.forEachReferenceDates { golden, status, dates in
      var dates = dates
      dates[.lastConsent] = consents[golden]
      report.goldenRecords += 1
      guard let rule = rules.rule(for: status) else { report.uncovered += 1; return }
      guard let due = rule.due(dates) else {
        report.lines.append(Line(golden: golden, rule: rule.name, from: "", reference: "", due: "", action: rule.action,
                                 state: .noReferenceDate))
        return
      }
      let state: RetentionState? = due.due <= asOf ? .pastDue : due.due <= asOf.adding(days: 30) ? .due30
        : due.due <= asOf.adding(days: 90) ? .due90 : nil
      if let state {
        report.lines.append(Line(golden: golden, rule: rule.name, from: due.from.rawValue, reference: due.reference.description,
                                 due: due.due.description, action: rule.action, state: state))
      }
    }
    return report
  }

  public var pastDue: [Line] { lines.filter { $0.state == .pastDue } }

  public func count(_ state: RetentionState) -> Int { lines.lazy.filter { $0.state == state }.count }

  /// Counts by rule and state, in rule then state order: `prospects past_due 12`.
  public var counts: [(rule: String, state: RetentionState, count: Int)] {
    var counts: [String: [RetentionState: Int]] = [:]
    for line in lines { counts[line.rule, default: [:]][line.state, default: 0] += 1 }
    return counts.keys.sorted().flatMap { rule in
      RetentionState.allCases.compactMap { state in counts[rule]?[state].map { (rule, state, $0) } }
    }
  }

  static let header = ["golden_id", "rule", "from", "reference_date", "due", "action", "state"]
  func row(_ line: Line) -> [String] {
    [line.golden, line.rule, line.from, line.reference, line.due, line.action.rawValue, line.state.rawValue]
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
        + "\(count(.noReferenceDate)) without a usable reference date, \(uncovered) not covered by a rule\n\n"
      out += TextTable.render([["rule", "state", "golden records"]] + counts.map { [$0.rule, $0.state.rawValue, String($0.count)] },
                                  markdown: markdown)
      if !lines.isEmpty { out += "\n" + TextTable.render([RetentionReport.header] + lines.map(row), markdown: markdown) }
      return out
    }
  }
}

extension RetentionRules {
  /// What the rules will do to one golden record, in a sentence: for the person's access export.
  public func outlook(status: String?, dates: [ReferenceDate: String]) -> String {
    guard let rule = rule(for: status) else { return "no retention rule covers the customer status '\(status ?? "")'" }
    let keep = "\(rule.action.rawValue) \(rule.keep) after the latest of \(rule.from.map(\.rawValue).joined(separator: ", "))"
    guard let due = rule.due(dates) else { return "rule '\(rule.name)' (\(keep)): no such date is known, so a person will review it" }
    return "rule '\(rule.name)' (\(keep)): counted from \(due.from.rawValue) \(due.reference), acts on \(due.due)"
  }
}

extension ReferentialStore {
  static let referenceDatesSQL = "SELECT id, customerStatus, lastContactAt, lastPurchaseAt, createdAt, lastSeenAt FROM goldenRecord"

  static func referenceDates(_ row: Row) -> [ReferenceDate: String] {
    var dates: [ReferenceDate: String] = [:]
    for (k, date) in [ReferenceDate.lastContact, .lastPurchase, .created, .lastSeen].enumerated() {
      if let value: String = row[k + 2] { dates[date] = value }
    }
    return dates
  }

  /// Each live golden record's status and reference dates, in id order.
  func forEachReferenceDates(_ body: (_ golden: String, _ status: String?, _ dates: [ReferenceDate: String]) throws -> Void) throws {
    try read { db in
      let cursor = try Row.fetchCursor(db, sql: ReferentialStore.referenceDatesSQL + " WHERE mergedInto IS NULL ORDER BY id")
      while let row = try cursor.next() { try body(row[0], row[1], ReferentialStore.referenceDates(row)) }
    }
  }

  /// One golden record's status and reference dates. - Throws: `StoreError.personNotFound`.
  public func referenceDates(of golden: String) throws -> (status: String?, dates: [ReferenceDate: String]) {
    guard let row = try read({ try Row.fetchOne($0, sql: ReferentialStore.referenceDatesSQL + " WHERE id = ?", arguments: [golden]) }) else {
      throw StoreError.personNotFound(Locator(file: path), what: "golden record " + golden)
    }
    var dates = ReferentialStore.referenceDates(row)
    dates[.lastConsent] = try lastConsentGiven(golden: golden)
    return (row[1], dates)
  }

  /// Per live golden record, the day of the latest consent its members gave (`granted`, any
  /// purpose); the keyed hashes are worked out only when the ledger holds such an event.
  func lastConsentGiven() throws -> [String: String] {
    let given = try read { db in
      try Dictionary(Row.fetchAll(db, sql: "SELECT subjectHash, max(givenAt) FROM consentEvent WHERE decision = 'granted' GROUP BY subjectHash")
        .map { ($0[0] as String, String(($0[1] as String).prefix(10))) }, uniquingKeysWith: max)
    }
    guard !given.isEmpty else { return [:] }
    var result: [String: String] = [:]
    for (id, keys) in try consentKeys(hasher: try hasher("consent_hmac")) {
      if let latest = keys.compactMap({ given[$0] }).max() { result[id] = latest }
    }
    return result
  }

  /// The day of the latest consent one golden record's members gave.
  func lastConsentGiven(golden: String) throws -> String? {
    let keys = Array(Set(try consentKeys(hasher: try hasher("consent_hmac"), golden: golden).flatMap(\.keys))).sorted()
    return try read { db in
      try keys.chunked(500).compactMap { chunk -> String? in
        let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
        return try String.fetchOne(db, sql: "SELECT max(givenAt) FROM consentEvent WHERE decision = 'granted' AND subjectHash IN (\(marks))",
                                   arguments: StatementArguments(Array(chunk)))
      }.max().map { String($0.prefix(10)) }
    }
  }
}
