import Foundation

/// Applies the validation rules to each contact (severities, identifying sets, required and
/// per-field checks) and decides quarantine: a record with an error-level issue is quarantined.
public struct Validator: Sendable {
  public let rules: ValidationRules
  /// The per-field rules in field order (a fixed order of findings), each with its compiled pattern.
  private let fieldRules: [(field: ContactField, rule: ValidationRules.FieldRule, pattern: NSRegularExpression?)]
  /// The identifying sets and required fields, this validator's own arrays: each worker makes
  /// its own validator, so that reading them per record never touches another core's counts.
  private let identifying: [[ContactField]]
  private let required: [ContactField]

  public init(rules: ValidationRules) {
    self.rules = rules
    identifying = rules.identifying.map { $0.map { $0 } }
    required = rules.required.map { $0 }
    fieldRules = rules.fields.sorted { $0.key.index < $1.key.index }.map { field, rule in
      (field, rule, rule.pattern.flatMap { try? NSRegularExpression(pattern: $0) })
    }
  }

  /// Whether the contact has a usable value of `field` (`phone`: in any phone column).
  private static func has(_ contact: Contact, _ field: ContactField) -> Bool {
    field == .phone ? contact.hasPhone : contact.values[field.index].contains(where: \.isUsable)
  }

  /// Adds rule findings to `contact` and re-grades its issues by the rules' severities.
  public func validate(_ contact: inout Contact) {
    let locator = contact.locator
    // Decided before any issue is added, on the contact in place (a copy costs a count per array).
    let identifiable = identifying.isEmpty || identifying.contains { $0.allSatisfy { Validator.has(contact, $0) } }
    let missing = required.filter { !Validator.has(contact, $0) }
    if !identifiable {
      let sets = rules.identifying.map { $0.map(\.rawValue).joined(separator: "+") }.joined(separator: ", ")
      contact.issues.append(Issue("RECORD_UNIDENTIFIABLE", .error, at: locator,
                                  "no usable identifying fields; a record needs one of: \(sets)"))
    }
    for field in missing {
      contact.issues.append(Issue("REQUIRED_FIELD_MISSING", .error, at: locator.with(field: field.rawValue),
                                  "the rules require \(field.rawValue)"))
    }
    for (field, rule, pattern) in fieldRules {
      for value in contact[field] where value.isUsable {
        let at = locator.with(field: value.column)
        if let allowed = rule.allowed, !allowed.contains(value.value) {
          contact.issues.append(Issue("VALUE_NOT_ALLOWED", rule.severity, at: at,
                                      "\(field.rawValue) must be one of: \(allowed.joined(separator: ", "))"))
        }
        if let regex = pattern {
          let range = NSRange(value.value.startIndex..., in: value.value)
          if regex.firstMatch(in: value.value, range: range) == nil {
            contact.issues.append(Issue("VALUE_PATTERN_MISMATCH", rule.severity, at: at,
                                        "\(field.rawValue) does not match the pattern \(rule.pattern ?? "")"))
          }
        }
        if let maxLength = rule.maxLength, value.value.count > maxLength {
          contact.issues.append(Issue("VALUE_TOO_LONG", rule.severity, at: at,
                                      "\(field.rawValue) is longer than \(maxLength) characters"))
        }
      }
    }
    if !rules.severities.isEmpty {
      for k in contact.issues.indices {
        contact.issues[k].severity = rules.severity(of: contact.issues[k].code, default: contact.issues[k].severity)
      }
    }
  }
}
