import Foundation

/// What normalisation needs to know besides the record.
public struct NormaliseOptions: Hashable, Sendable {
  /// Region for national phone numbers and postal codes when a record has no country.
  public var defaultRegion: String
  public var dateOrder: DateOrder
  /// "Today", for birth dates in the future or more than 120 years ago (fixed for reproducible runs).
  public var referenceDate: CivilDate

  public init(defaultRegion: String = "FR", dateOrder: DateOrder = .dayFirst, referenceDate: CivilDate = .today()) {
    self.defaultRegion = defaultRegion
    self.dateOrder = dateOrder
    self.referenceDate = referenceDate
  }
}

/// Turns a mapped record into a ``Contact``: every value normalised beside its original, every
/// problem recorded as an ``Issue`` with its code, severity and locator.
///
/// Not thread-safe (it memoises phone numbers): use one per worker.
public final class Normaliser {
  public let options: NormaliseOptions
  private let phones = PhoneNormaliser()
  private let pivot: Int

  public init(options: NormaliseOptions) {
    self.options = options
    pivot = options.referenceDate.year % 100
  }

  public func normalise(_ record: MappedRecord) -> Contact {
    var contact = Contact(locator: record.locator, source: record.source)
    contact.issues = record.issues
    contact.extras = record.extras
    var issues: [Issue] = []
    func issue(_ code: String, _ severity: Severity, _ value: MappedRecord.Value, _ message: String) {
      issues.append(Issue(code, severity, at: record.locator.with(field: value.column), message))
    }

    // Country first: it chooses the phone region and the postal code rules.
    var country: String?
    for value in record[.country] {
      if let code = CountryNormaliser.normalise(value.text) {
        contact[.country].append(NormalisedValue(original: value.text, value: code, key: code, column: value.column))
        if country == nil { country = code }
      } else {
        contact[.country].append(NormalisedValue(original: value.text, value: "", key: "", column: value.column))
        issue("COUNTRY_UNKNOWN", .warning, value, "country not recognised; use an ISO 3166-1 code (FR) or a French or English name")
      }
    }
    let region = country ?? options.defaultRegion

    for field in ContactField.allCases where field != .country {
      for value in record[field] {
        normalise(value, as: field, region: region, country: country, into: &contact, issue: issue)
      }
    }

    // A full name alone: split it, keeping the full name as the original of both parts.
    if contact.first(.lastName) == nil && contact.first(.firstName) == nil, let full = record[.fullName].first {
      let parts = FullNameSplitter.split(full.text)
      if let last = parts.lastName, !last.isEmpty {
        contact[.lastName].append(name(full.text, last, column: full.column))
      }
      if let first = parts.firstName, !first.isEmpty {
        contact[.firstName].append(name(full.text, first, column: full.column))
      }
      if let civility = parts.civility, contact.first(.civility) == nil {
        contact[.civility].append(NormalisedValue(original: full.text, value: civility, key: civility, column: full.column))
      }
    }

    for (field, value) in record.custom {
      contact.custom.append(CustomValue(field: field, value: normaliseCustom(value, type: field.type, region: region)))
    }
    contact.issues.append(contentsOf: issues)
    return contact
  }

  private func name(_ original: String, _ text: String, column: String) -> NormalisedValue {
    let display = NameNormaliser.display(text)
    return NormalisedValue(original: original, value: display, key: NameNormaliser.key(display), column: column)
  }

  private func normalise(_ value: MappedRecord.Value, as field: ContactField, region: String, country: String?,
                         into contact: inout Contact, issue: (String, Severity, MappedRecord.Value, String) -> Void) {
    let original = value.text
    let column = value.column
    func add(_ normalised: String, key: String? = nil, detail: String? = nil) {
      contact[field].append(NormalisedValue(original: original, value: normalised, key: key ?? normalised, detail: detail, column: column))
    }
    switch field {
    case .firstName, .lastName:
      let display = NameNormaliser.display(original)
      add(display, key: NameNormaliser.key(display))
    case .fullName:
      add(NameNormaliser.display(original), key: NameNormaliser.key(original))
    case .civility:
      if let civility = CivilityNormaliser.normalise(original) {
        add(civility)
      } else {
        add("")
        issue("CIVILITY_UNKNOWN", .info, value, "civility not recognised; expected M, Mme, Monsieur, Madame, Mr, Mrs, Dr …")
      }
    case .email:
      for part in splitList(original, separators: ";, ") {
        normaliseEmail(part, value: value, into: &contact, issue: issue)
      }
    case .phone, .mobile, .landline:
      for part in splitPhones(original) {
        let parsed = phones.parse(part, region: region)
        let item = NormalisedValue(original: original, value: parsed.status == .valid ? parsed.e164 : "",
                                   key: parsed.status == .valid ? parsed.e164 : "", detail: parsed.type, column: column)
        contact[field].append(item)
        switch parsed.status {
        case .valid:
          if field == .mobile && parsed.type == "fixed_line" || field == .landline && parsed.type == "mobile" {
            issue("PHONE_TYPE_MISMATCH", .info, value, "the column says \(field.rawValue) but the number is \(parsed.type)")
          }
        case .invalid:
          issue("PHONE_INVALID", .warning, value, "not a valid number in the numbering plan of \(parsed.region.isEmpty ? region : parsed.region)")
        case .unparsable:
          issue("PHONE_INVALID", .warning, value, "not a phone number (region \(region))")
        }
      }
    case .street:
      let display = AddressNormaliser.streetDisplay(original)
      add(display, key: AddressNormaliser.streetKey(display))
    case .postalCode:
      if let code = AddressNormaliser.postalCode(original, country: country) {
        add(code.value, detail: code.isCedex ? "cedex" : nil)
      } else {
        add("")
        issue("POSTAL_CODE_INVALID", .warning, value, country == nil || country == "FR"
              ? "not a French postal code (5 digits, department 01–95, 97, 98 or Corsica)" : "empty postal code")
      }
    case .city:
      let display = AddressNormaliser.cityDisplay(original)
      add(display, key: AddressNormaliser.cityKey(display))
    case .company, .jobTitle, .sourceId:
      let display = NameNormaliser.collapse(original)
      add(display, key: field == .sourceId ? display : NameNormaliser.key(display))
    case .customerStatus:
      let status = CustomerStatus.normalise(original)
      add(status)
    case .optInEmail, .optInSMS, .optInPhone, .optInPost:
      if let flag = BooleanNormaliser.normalise(original) {
        add(flag ? "true" : "false")
      } else {
        add("")
        issue("BOOLEAN_INVALID", .warning, value, "not a yes/no value; use oui/non, yes/no, 1/0, true/false or x")
      }
    case .birthDate, .createdAt, .updatedAt, .lastContactAt, .lastPurchaseAt,
         .optInEmailDate, .optInSMSDate, .optInPhoneDate, .optInPostDate:
      normaliseDate(value, as: field, into: &contact, issue: issue)
    case .country:
      break
    }
  }

  private func normaliseEmail(_ text: String, value: MappedRecord.Value, into contact: inout Contact,
                              issue: (String, Severity, MappedRecord.Value, String) -> Void) {
    switch EmailNormaliser.normalise(text) {
    case .valid(let email):
      var detail: String?
      if EmailNormaliser.isRoleAddress(email) {
        detail = "role"
        issue("EMAIL_ROLE_ADDRESS", .info, value, "a role address (contact@, info@ …): it names a function, not a person")
      }
      if let suggestion = EmailNormaliser.suggestedDomain(email) {
        detail = "typo"
        issue("EMAIL_DOMAIN_TYPO", .warning, value, "the domain looks like a typo of \(suggestion); check it with the person")
      }
      contact[.email].append(NormalisedValue(original: value.text, value: email, key: EmailNormaliser.key(email), detail: detail, column: value.column))
    case .invalid(let reason):
      contact[.email].append(NormalisedValue(original: value.text, value: "", key: "", column: value.column))
      issue("EMAIL_INVALID", .warning, value, "not a valid email address: \(reason)")
    }
  }

  private func normaliseDate(_ value: MappedRecord.Value, as field: ContactField, into contact: inout Contact,
                             issue: (String, Severity, MappedRecord.Value, String) -> Void) {
    switch DateNormaliser.parse(value.text, order: options.dateOrder, pivot: field == .birthDate ? pivot : pivot + 1) {
    case .date(let date, let time):
      let text = DateNormaliser.format(date, time: field == .birthDate ? nil : time)
      contact[field].append(NormalisedValue(original: value.text, value: text, key: date.description, column: value.column))
      if field == .birthDate {
        if date > options.referenceDate {
          issue("BIRTH_DATE_FUTURE", .warning, value, "a birth date in the future")
        } else if date < options.referenceDate.adding(years: -120) {
          issue("BIRTH_DATE_TOO_OLD", .warning, value, "a birth date more than 120 years ago")
        }
      } else if date > options.referenceDate.adding(days: 1) {
        issue("DATE_IN_FUTURE", .warning, value, "a \(field.rawValue) in the future")
      }
    case .impossible:
      contact[field].append(NormalisedValue(original: value.text, value: "", key: "", column: value.column))
      issue("DATE_IMPOSSIBLE", .warning, value, "a date that does not exist (read as \(options.dateOrder.rawValue.replacingOccurrences(of: "_", with: "-")))")
    case .unparsable:
      contact[field].append(NormalisedValue(original: value.text, value: "", key: "", column: value.column))
      issue("DATE_INVALID", .warning, value, "not a date; use yyyy-MM-dd or dd/MM/yyyy")
    }
  }

  private func normaliseCustom(_ value: MappedRecord.Value, type: CustomFieldType, region: String) -> NormalisedValue {
    let original = value.text
    var normalised = NameNormaliser.collapse(original)
    var key = NameNormaliser.key(normalised)
    switch type {
    case .text: break
    case .identifier:
      normalised = original.filter { !$0.isWhitespace }.uppercased()
      key = normalised.filter { $0.isLetter || $0.isNumber }
    case .number:
      let text = original.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",", with: ".")
      normalised = Double(text).map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) } ?? ""
      key = normalised
    case .date:
      if case .date(let date, let time) = DateNormaliser.parse(original, order: options.dateOrder, pivot: pivot + 1) {
        normalised = DateNormaliser.format(date, time: time)
        key = date.description
      } else {
        normalised = ""; key = ""
      }
    case .boolean:
      normalised = BooleanNormaliser.normalise(original).map { $0 ? "true" : "false" } ?? ""
      key = normalised
    case .email:
      if case .valid(let email) = EmailNormaliser.normalise(original) { normalised = email; key = EmailNormaliser.key(email) } else { normalised = ""; key = "" }
    case .phone:
      let parsed = phones.parse(original, region: region)
      normalised = parsed.status == .valid ? parsed.e164 : ""
      key = normalised
    }
    return NormalisedValue(original: original, value: normalised, key: key, column: value.column)
  }

  private func splitList(_ text: String, separators: String) -> [String] {
    let parts = text.split(whereSeparator: { separators.contains($0) }).map(String.init).filter { !$0.isEmpty }
    return parts.isEmpty ? [text] : parts
  }

  /// "06 12 34 56 78 / 01 23 45 67 89" holds two numbers; "01.23.45.67.89" one.
  private func splitPhones(_ text: String) -> [String] {
    guard text.contains(where: { $0 == ";" || $0 == "/" || $0 == "," || $0 == "|" }) else { return [text] }
    let parts = text.split(whereSeparator: { $0 == ";" || $0 == "/" || $0 == "," || $0 == "|" })
      .map { $0.trimmingCharacters(in: .whitespaces) }
    if parts.count > 1 && parts.allSatisfy({ $0.filter(\.isNumber).count >= 8 }) { return parts }
    return [text]
  }
}

/// The customer status retention rules depend on (CNIL: customers and prospects differ).
public enum CustomerStatus {
  public static func normalise(_ raw: String) -> String {
    let key = NameNormaliser.key(raw)
    switch key {
    case "client", "cliente", "customer", "actif", "active", "client actif", "abonne", "member", "membre", "c", "cl", "buyer", "acheteur":
      return "customer"
    case "prospect", "lead", "suspect", "p", "pr", "contact", "prospect chaud", "prospect froid", "opportunity", "opportunite":
      return "prospect"
    case "ancien client", "inactif", "inactive", "former", "former customer", "churned", "resilie", "ex client", "perdu", "lost":
      return "former_customer"
    default:
      return key.replacingOccurrences(of: " ", with: "_")
    }
  }
}
