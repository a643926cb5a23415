import Foundation

/// Applies the validation rules to each contact (severities, identifying sets, required and
/// per-field checks) and decides quarantine: a record with an error-level issue is quarantined.
public struct Validator: Sendable {
  public let rules: ValidationRules
  /// The per-field rules in field order (a fixed order of findings), each with its compiled pattern.
  private let fieldRules: [FieldCheck]
  private typealias FieldCheck = (field: ContactField, rule: ValidationRules.FieldRule, pattern: NSRegularExpression?)
  /// A per-field finding before it gets the contact's locator.
  private typealias Finding = (code: String, severity: Severity, column: String, message: String)
  /// The identifying sets and required fields, this validator's own arrays: each worker makes
  /// its own validator, so that reading them per record never touches another core's counts.
  private let identifying: [[ContactField]]
  private let required: [ContactField]
  /// Per field (by its index), the place of its rule in `fieldRules`, or -1: one look per value.
  private let ruleOfField: [Int]

  public init(rules: ValidationRules) {
    self.rules = rules
    identifying = rules.identifying.map { $0.map { $0 } }
    required = rules.required.map { $0 }
    fieldRules = rules.fields.sorted { $0.key.index < $1.key.index }.map { field, rule in
      (field, rule, rule.pattern.flatMap { try? NSRegularExpression(pattern: $0) })
    }
    var ruleOfField = Array(repeating: -1, count: ContactField.allCases.count)
    for (place, rule) in fieldRules.enumerated() { ruleOfField[rule.field.index] = place }
    self.ruleOfField = ruleOfField
  }

  /// The allowed values, pattern and length of one value; `mayBeTooLong` when its bytes outnumber the limit.
  private func check(_ value: Contact.ValueBytes, against rule: FieldCheck, mayBeTooLong: Bool, into found: inout [Finding]) {
    let (field, rule, pattern) = rule
    func add(_ code: String, _ message: String) {
      found.append((code, rule.severity, String(decoding: value.column, as: UTF8.self), message))
    }
    let text = String(decoding: value.value, as: UTF8.self)
    if let allowed = rule.allowed, !allowed.contains(text) {
      add("VALUE_NOT_ALLOWED", "\(field.rawValue) must be one of: \(allowed.joined(separator: ", "))")
    }
    if let regex = pattern, regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
      add("VALUE_PATTERN_MISMATCH", "\(field.rawValue) does not match the pattern \(rule.pattern ?? "")")
    }
    if mayBeTooLong, let maxLength = rule.maxLength, text.count > maxLength {
      add("VALUE_TOO_LONG", "\(field.rawValue) is longer than \(maxLength) characters")
    }
  }

  /// Adds rule findings to `contact` and re-grades its issues by the rules' severities.
  public func validate(_ contact: inout Contact) {
    // Decided before any issue is added, on the contact in place (a copy costs a count per array).
    // A value of a field a mapping declares as an identifier (customer number, national id)
    // names one person by itself, as an email does.
    let identifiable = identifying.isEmpty || identifying.contains { $0.allSatisfy { contact.hasUsable($0) } }
      || contact.custom.contains { $0.field.type == .identifier && !$0.value.key.isEmpty }
    let missing = required.filter { !contact.hasUsable($0) }
    if !identifiable {
      let sets = rules.identifying.map { $0.map(\.rawValue).joined(separator: "+") }.joined(separator: ", ")
      contact.issues.append(Issue("RECORD_UNIDENTIFIABLE", .error, at: contact.locator,
                                  "no usable identifying fields; a record needs one of: \(sets), or a declared identifier"))
    }
    for field in missing {
      contact.issues.append(Issue("REQUIRED_FIELD_MISSING", .error, at: contact.locator.with(field: field.rawValue),
                                  "the rules require \(field.rawValue)"))
    }
    // Values are read in place; a string is built only for what the checks need. Findings get
    // their locator afterwards: the contact's, read inside, would have it copied whole.
    var found: [Finding] = []
    contact.withValues { values in
      // Values come in field order, as the rules do: findings keep the rules' order.
      for index in values.indices {
        let place = ruleOfField[values.field(index).index]
        guard place >= 0 else { continue }
        let value = values[index]
        guard value.isUsable else { continue }
        // Characters, not bytes: no more characters than bytes, so a short value is counted by its bytes only.
        let tooLong = fieldRules[place].rule.maxLength.map { value.value.count > $0 } ?? false
        guard tooLong || fieldRules[place].rule.allowed != nil || fieldRules[place].pattern != nil else { continue }
        check(value, against: fieldRules[place], mayBeTooLong: tooLong, into: &found)
      }
    }
    for finding in found {
      contact.issues.append(Issue(finding.code, finding.severity, at: contact.locator.with(field: finding.column), finding.message))
    }
    if !rules.severities.isEmpty {
      for k in contact.issues.indices {
        contact.issues[k].severity = rules.severity(of: contact.issues[k].code, default: contact.issues[k].severity)
      }
    }
  }
}
