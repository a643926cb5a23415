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
/// Values that recur across records (names, cities, dates, civilities) are normalised once per
/// worker and remembered. Not thread-safe: use one per worker.
public final class Normaliser {
  public let options: NormaliseOptions
  private let phones = PhoneNormaliser()
  private let pivot: Int
  /// One table per field, by ``ContactField/index``; in memory of its own so that a lookup
  /// neither copies the list of tables nor checks exclusive access to this object's property.
  private let memo = UnsafeMutablePointer<OutcomeMemo>.allocate(capacity: ContactField.count)
  private let memoLimit = 100_000
  /// The outcome being computed: one, cleared and refilled value after value, rather than new
  /// buffers for each value the memo has not seen.
  private let scratch = UnsafeMutablePointer<Outcome>.allocate(capacity: 1)
  /// A postal code's memo key: the country's bytes, 0x01, the code's.
  private var postalKey: [UInt8] = []
  private var domainSuggestions = ByteMemo<String?>()
  /// An address lower-cased, and its key: room reused address after address.
  private var email: [UInt8] = []
  private var emailKey: [UInt8] = []

  public init(options: NormaliseOptions) {
    self.options = options
    pivot = options.referenceDate.year % 100
    memo.initialize(repeating: OutcomeMemo(), count: ContactField.count)
    scratch.initialize(to: Outcome())
  }

  deinit {
    memo.deinitialize(count: ContactField.count)
    memo.deallocate()
    scratch.deinitialize(count: 1)
    scratch.deallocate()
  }

  /// Fields whose values recur often enough to be worth remembering.
  private static func isMemoised(_ field: ContactField) -> Bool {
    switch field {
    case .email, .phone, .mobile, .landline, .street, .sourceId, .fullName: false
    default: true
    }
  }

  public func normalise(_ record: MappedRecord) -> Contact {
    var record = record
    var one: [Contact] = []
    normalise(lending: &record, into: &one)
    return one.removeLast()
  }

  /// Normalises a record read in place, at the end of `contacts`: `inout` passes addresses, where
  /// a record copied out of its batch, or a contact returned, costs a count per array and string
  /// it holds. The record is not changed.
  func normalise(lending record: inout MappedRecord, into contacts: inout [Contact]) {
    contacts.append(Contact(locator: record.locator, source: record.source))
    fill(&contacts[contacts.count - 1], from: &record)
  }

  private func fill(_ contact: inout Contact, from record: inout MappedRecord) {
    contact.issues = record.issues
    contact.extras = record.extras
    let columns = record.columns

    // Values are read in place from the record's bytes: a string is made only for a value the
    // memo has not seen. Country first: it chooses the phone region and the postal code rules.
    var country: String?
    let region: String = record.text.withUnsafeBufferPointer { text in
      record.entries.withUnsafeBufferPointer { entries in
        // Room for each original and column, and as much again for values and keys that differ.
        let sizes = entries.reduce(0) { $0 + 2 * $1.count + columns.utf8Count($1.column) }
        contact.reserve(values: entries.count + 2, bytes: sizes + 16)
        for entry in entries where entry.field == .country {
          let original = UnsafeBufferPointer(rebasing: text[entry.start..<entry.start + entry.count])
          withOutcome(original, as: .country, region: options.defaultRegion, country: nil) { result in
            columns.withUTF8(entry.column) { apply(result, to: &contact, field: .country, original: original, column: $0) }
            if country == nil, let code = result.firstValue, !code.isEmpty { country = code }
          }
        }
        let region = country ?? options.defaultRegion

        for entry in entries where entry.field != .country {
          let original = UnsafeBufferPointer(rebasing: text[entry.start..<entry.start + entry.count])
          withOutcome(original, as: entry.field, region: region, country: country) { result in
            columns.withUTF8(entry.column) { apply(result, to: &contact, field: entry.field, original: original, column: $0) }
          }
        }
        return region
      }
    }

    // A full name alone: split it, keeping the full name as the original of both parts.
    if !contact.hasUsable(.lastName) && !contact.hasUsable(.firstName),
       let full = record.entries.first(where: { $0.field == .fullName }).map(record.value) {
      let parts = FullNameSplitter.split(full.text)
      if let last = parts.lastName, !last.isEmpty {
        let display = NameNormaliser.display(last)
        contact.append(NormalisedValue(original: full.text, value: display, key: NameNormaliser.key(display), column: full.column), to: .lastName)
      }
      if let first = parts.firstName, !first.isEmpty {
        let display = NameNormaliser.display(first)
        contact.append(NormalisedValue(original: full.text, value: display, key: NameNormaliser.key(display), column: full.column), to: .firstName)
      }
      if let civility = parts.civility, !contact.hasUsable(.civility) {
        contact.append(NormalisedValue(original: full.text, value: civility, key: civility, column: full.column), to: .civility)
      }
    }

    // A civility typed in a name field, when the record has none of its own.
    if let entry = record.entries.first(where: { $0.field == .firstName || $0.field == .lastName }),
       record.contains(0x20, in: entry), !contact.hasUsable(.civility), case let name = record.value(entry),
       let (civility, _) = CivilityNormaliser.leading(NameNormaliser.collapse(name.text), initials: false) {
      contact.append(NormalisedValue(original: name.text, value: civility, key: civility, column: name.column), to: .civility)
    }

    for (field, value) in record.custom {
      contact.custom.append(CustomValue(field: field, value: normaliseCustom(value, type: field.type, region: region)))
    }
  }

  private func apply(_ result: Outcome.View, to contact: inout Contact, field: ContactField,
                     original bytes: UnsafeBufferPointer<UInt8>, column columnBytes: UnsafeBufferPointer<UInt8>) {
    if !result.parts.isEmpty {
      let original = contact.store(bytes), column = contact.store(columnBytes)
      for part in result.parts {
        contact.append(field, original: original, value: result.bytes(part.valueStart, part.valueCount),
                       key: result.bytes(part.keyStart, part.keyCount),
                       detail: part.detailStart < 0 ? nil : result.bytes(part.detailStart, part.detailCount), column: column)
      }
    }
    for finding in result.findings {
      let column = String(decoding: columnBytes, as: UTF8.self)
      contact.issues.append(Issue(finding.code, finding.severity, at: contact.locator.with(field: column), finding.message))
    }
  }

  /// Calls `body` with the outcome of one value, remembered for recurring fields (and lent in
  /// place from the memo).
  private func withOutcome(_ bytes: UnsafeBufferPointer<UInt8>, as field: ContactField, region: String, country: String?,
                           _ body: (Outcome.View) -> Void) {
    guard Normaliser.isMemoised(field) else {
      compute(String(decoding: bytes, as: UTF8.self), as: field, region: region, country: country, into: &scratch.pointee)
      return scratch.pointee.withView(body)
    }
    guard field == .postalCode else { return withOutcome(key: bytes, bytes, as: field, region: region, country: country, body) }
    // The same code reads differently by country.
    postalKey.removeAll(keepingCapacity: true)
    (country ?? "").withUTF8Bytes { postalKey.append(contentsOf: $0) }
    postalKey.append(1)
    postalKey.append(contentsOf: bytes)
    postalKey.withUnsafeBufferPointer { withOutcome(key: $0, bytes, as: field, region: region, country: country, body) }
  }

  private func withOutcome(key: UnsafeBufferPointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>, as field: ContactField,
                           region: String, country: String?, _ body: (Outcome.View) -> Void) {
    let hash = ByteMemo<Int32>.hash(key)
    let number: Int
    if let known = memo[field.index].find(key, hash: hash) {
      number = known
    } else {
      compute(String(decoding: bytes, as: UTF8.self), as: field, region: region, country: country, into: &scratch.pointee)
      if memo[field.index].count >= memoLimit { memo[field.index].removeAll() }
      number = memo[field.index].insert(key, hash: hash, outcome: &scratch.pointee)
    }
    memo[field.index].withView(number, body)
  }

  /// Normalises one value into `result`, which it clears first.
  private func compute(_ original: String, as field: ContactField, region: String, country: String?, into result: inout Outcome) {
    result.removeAll()
    switch field {
    case .firstName, .lastName:
      // "M. Jean", "Dr Jean-Pierre": the civility is not part of the name (the record takes it as
      // its civility when it has none, below).
      let leading = original.utf8.contains(0x20) ? CivilityNormaliser.leading(NameNormaliser.collapse(original), initials: false) : nil
      let name = leading.map { String($0.rest) } ?? original
      let display = NameNormaliser.display(name)
      result.add(display, key: NameNormaliser.key(display))
    case .fullName:
      result.add(NameNormaliser.display(original), key: NameNormaliser.key(original))
    case .civility:
      if let civility = CivilityNormaliser.normalise(original) {
        result.add(civility)
      } else {
        result.add("")
        result.issue("CIVILITY_UNKNOWN", .info, "civility not recognised; expected M, Mme, Monsieur, Madame, Mr, Mrs, Dr …")
      }
    case .email:
      for part in Normaliser.splitList(original) { normaliseEmail(part, into: &result) }
    case .phone, .mobile, .landline:
      for part in splitPhones(original) {
        let parsed = phones.parse(part, region: region)
        result.add(parsed.status == .valid ? parsed.e164 : "", detail: parsed.type)
        switch parsed.status {
        case .valid:
          if field == .mobile && parsed.type == "fixed_line" || field == .landline && parsed.type == "mobile" {
            result.issue("PHONE_TYPE_MISMATCH", .info, "the column says \(field.rawValue) but the number is \(parsed.type)")
          }
        case .invalid:
          result.issue("PHONE_INVALID", .warning, "not a valid number in the numbering plan of \(parsed.region.isEmpty ? region : parsed.region)")
        case .unparsable:
          result.issue("PHONE_INVALID", .warning, "not a phone number (region \(region))")
        }
      }
    case .street:
      let display = AddressNormaliser.streetDisplay(original)
      result.add(display, key: AddressNormaliser.streetKey(display))
    case .postalCode:
      if let code = AddressNormaliser.postalCode(original, country: country) {
        result.add(code.value, detail: code.isCedex ? "cedex" : nil)
      } else {
        result.add("")
        result.issue("POSTAL_CODE_INVALID", .warning, country == nil || country == "FR"
                     ? "not a French postal code (5 digits, department 01–95, 97, 98 or Corsica)" : "empty postal code")
      }
    case .city:
      let display = AddressNormaliser.cityDisplay(original)
      result.add(display, key: AddressNormaliser.cityKey(display))
    case .country:
      if let code = CountryNormaliser.normalise(original) {
        result.add(code)
      } else {
        result.add("")
        result.issue("COUNTRY_UNKNOWN", .warning, "country not recognised; use an ISO 3166-1 code (FR) or a French or English name")
      }
    case .company, .jobTitle, .sourceId:
      let display = NameNormaliser.collapse(original)
      result.add(display, key: field == .sourceId ? display : NameNormaliser.key(display))
    case .customerStatus:
      result.add(CustomerStatus.normalise(original))
    case .optInEmail, .optInSMS, .optInPhone, .optInPost:
      if let flag = BooleanNormaliser.normalise(original) {
        result.add(flag ? "true" : "false")
      } else {
        result.add("")
        result.issue("BOOLEAN_INVALID", .warning, "not a yes/no value; use oui/non, yes/no, 1/0, true/false or x")
      }
    case .birthDate, .createdAt, .updatedAt, .lastContactAt, .lastPurchaseAt, .contractEndAt,
         .optInEmailDate, .optInSMSDate, .optInPhoneDate, .optInPostDate:
      normaliseDate(original, as: field, into: &result)
    }
  }

  private func normaliseEmail(_ text: String, into result: inout Outcome) {
    // The common case (ASCII, nothing to trim) on bytes, in buffers kept between addresses.
    if text.withUTF8Bytes({ normaliseASCIIEmail($0, lowered: &email, key: &emailKey, into: &result) }) { return }
    switch EmailNormaliser.normaliseInFull(text) {
    case .valid(let email):
      var detail: String?
      if let parts = EmailNormaliser.parts(email) {
        detail = parts.local.withUTF8Bytes { local in parts.domain.withUTF8Bytes { checkParts(local: local, domain: $0, into: &result) } }
      }
      result.add(email, key: EmailNormaliser.key(email), detail: detail)
    case .invalid(let reason):
      result.add("")
      result.issue("EMAIL_INVALID", .warning, "not a valid email address: \(reason)")
    }
  }

  /// An ASCII address with nothing to trim, lower-cased into `lowered` and keyed into `key`; false
  /// for any other, which the full path reads (and gives the reason when it is invalid).
  private func normaliseASCIIEmail(_ raw: UnsafeBufferPointer<UInt8>, lowered: inout [UInt8], key: inout [UInt8],
                                   into result: inout Outcome) -> Bool {
    guard let at = EmailNormaliser.validASCII(raw, into: &lowered) else { return false }
    lowered.withUnsafeBufferPointer { email in
      let detail = checkParts(local: UnsafeBufferPointer(rebasing: email[..<at]), domain: UnsafeBufferPointer(rebasing: email[(at + 1)...]), into: &result)
      key.removeAll(keepingCapacity: true)
      EmailNormaliser.appendKey(of: email, to: &key)
      key.withUnsafeBufferPointer { result.add(utf8: email, key: $0, detail: detail) }
    }
    return true
  }

  /// Flags a role address and a domain that looks like a typo; the value's detail (`role`, `typo`).
  private func checkParts(local: UnsafeBufferPointer<UInt8>, domain: UnsafeBufferPointer<UInt8>, into result: inout Outcome) -> String? {
    var detail: String?
    if EmailNormaliser.isRoleLocalPart(local) {
      detail = "role"
      result.issue("EMAIL_ROLE_ADDRESS", .info, "a role address (contact@, info@ …): it names a function, not a person")
    }
    if let suggestion = suggestion(forDomain: domain) {
      detail = "typo"
      result.issue("EMAIL_DOMAIN_TYPO", .warning, "the domain looks like a typo of \(suggestion); check it with the person")
    }
    return detail
  }

  /// Domains recur (a company's, a provider's): their typo check, which measures the distance
  /// to every common provider for a domain that is none of them, is remembered.
  private func suggestion(forDomain domain: UnsafeBufferPointer<UInt8>) -> String? {
    let hash = ByteMemo<String?>.hash(domain)
    if let index = domainSuggestions.find(domain, hash: hash) { return domainSuggestions.withValue(at: index) { $0 } }
    let suggestion = EmailNormaliser.suggestedDomain(forDomain: String(decoding: domain, as: UTF8.self))
    if domainSuggestions.count >= memoLimit { domainSuggestions.removeAll() }
    _ = domainSuggestions.insert(domain, hash: hash, value: suggestion)
    return suggestion
  }

  private func normaliseDate(_ original: String, as field: ContactField, into result: inout Outcome) {
    switch DateNormaliser.parse(original, order: options.dateOrder, pivot: field == .birthDate ? pivot : pivot + 1) {
    case .date(let date, let time):
      let day = date.description
      result.add(DateNormaliser.format(day, time: field == .birthDate ? nil : time), key: day)
      if field == .birthDate {
        if date > options.referenceDate {
          result.issue("BIRTH_DATE_FUTURE", .warning, "a birth date in the future")
        } else if date < options.referenceDate.adding(years: -120) {
          result.issue("BIRTH_DATE_TOO_OLD", .warning, "a birth date more than 120 years ago")
        }
      } else if date > options.referenceDate.adding(days: 1) {
        result.issue("DATE_IN_FUTURE", .warning, "a \(field.rawValue) in the future")
      }
    case .impossible:
      result.add("")
      result.issue("DATE_IMPOSSIBLE", .warning, "a date that does not exist (read as \(options.dateOrder.rawValue.replacingOccurrences(of: "_", with: "-")))")
    case .unparsable:
      result.add("")
      result.issue("DATE_INVALID", .warning, "not a date; use yyyy-MM-dd or dd/MM/yyyy")
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

  /// "a@x.fr; b@y.fr" and "a@x.fr b@y.fr" hold two addresses; "Jean Durand <jean@x.fr>" and
  /// "\"Durand, Jean\" <jean@x.fr>" one, the address in brackets (the cell keeps the rest).
  static func splitList(_ text: String) -> [String] {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") }) else { return [text] }
    // Parts end at ';' or ',' outside quotes and brackets.
    var parts: [Substring] = []
    var start = text.startIndex, inQuotes = false, inBrackets = false
    for index in text.indices {
      switch text[index] {
      case "\"": inQuotes.toggle()
      case "<": inBrackets = true
      case ">": inBrackets = false
      case ";" where !inQuotes && !inBrackets, "," where !inQuotes && !inBrackets:
        parts.append(text[start..<index])
        start = text.index(after: index)
      default: break
      }
    }
    parts.append(text[start...])
    var addresses: [String] = []
    for part in parts {
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty { continue }
      if let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close, trimmed.contains("@") {
        addresses.append(String(trimmed[open...close]))
        continue
      }
      let words = trimmed.split(separator: " ")
      if words.count > 1 && words.allSatisfy({ $0.contains("@") }) {
        addresses += words.map(String.init)
      } else {
        addresses.append(trimmed)
      }
    }
    return addresses.isEmpty ? [text] : addresses
  }

  /// "06 12 34 56 78 / 01 23 45 67 89" holds two numbers; "01.23.45.67.89" one.
  private func splitPhones(_ text: String) -> [String] {
    guard text.utf8.contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "|") }) else {
      return [text]
    }
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
    case "client", "cliente", "customer", "actif", "active", "client actif", "abonne", "member", "membre", "c", "cl", "buyer", "acheteur",
         "kunde", "klant", "bestandskunde":
      return "customer"
    case "prospect", "lead", "suspect", "p", "pr", "contact", "prospect chaud", "prospect froid", "opportunity", "opportunite",
         "interessent", "prospecto", "potenziale", "potenziale cliente", "cliente potencial", "cliente potenziale":
      return "prospect"
    case "ancien client", "inactif", "inactive", "former", "former customer", "churned", "resilie", "ex client", "perdu", "lost",
         "ehemaliger kunde", "antiguo cliente", "ex cliente", "oud klant", "voormalige klant":
      return "former_customer"
    default:
      return key.replacingOccurrences(of: " ", with: "_")
    }
  }
}
