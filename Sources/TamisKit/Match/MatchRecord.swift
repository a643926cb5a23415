/// The compact form of a contact that matching works on: matching keys only, so that a million
/// of them fit in memory. Built from a ``Contact``, or read back from the store.
public struct MatchRecord: Hashable, Sendable, Codable {
  public var source: String
  public var recordId: String
  public var firstName: String
  public var lastName: String
  /// yyyymmdd, 0 when unknown.
  public var birthDate: Int
  public var emails: [String]
  public var phones: [String]
  public var postalCode: String
  public var cityKey: String
  public var streetKey: String
  /// Custom identifier fields (declared in a mapping), by name.
  public var identifiers: [String: String]
  /// The last name's French phonetic key, computed once (blocking and comparisons use it).
  public var lastNamePhonetic: String

  public init(source: String, recordId: String, firstName: String = "", lastName: String = "", birthDate: Int = 0,
              emails: [String] = [], phones: [String] = [], postalCode: String = "", cityKey: String = "", streetKey: String = "",
              identifiers: [String: String] = [:], lastNamePhonetic: String? = nil) {
    self.source = source
    self.recordId = recordId
    self.firstName = firstName
    self.lastName = lastName
    self.birthDate = birthDate
    self.emails = emails
    self.phones = phones
    self.postalCode = postalCode
    self.cityKey = cityKey
    self.streetKey = streetKey
    self.identifiers = identifiers
    self.lastNamePhonetic = lastNamePhonetic ?? FrenchPhonetic.key(lastName)
  }

  public init(_ contact: Contact) {
    var birth = 0
    if let date = contact.first(.birthDate).flatMap({ CivilDate(iso: $0.key) }) {
      birth = date.year * 10000 + date.month * 100 + date.day
    }
    var identifiers: [String: String] = [:]
    for item in contact.custom where item.field.type == .identifier || item.field.type == .email || item.field.type == .phone {
      if !item.value.key.isEmpty { identifiers[item.field.name] = item.value.key }
    }
    self.init(source: contact.source, recordId: contact.recordId,
              firstName: contact.first(.firstName)?.key ?? "", lastName: contact.first(.lastName)?.key ?? "", birthDate: birth,
              emails: Array(Set(contact.emails.filter { $0.detail != "role" }.map(\.key))).sorted(),
              phones: Array(Set(contact.phones.map(\.value))).sorted(),
              postalCode: contact.first(.postalCode)?.value ?? "", cityKey: contact.first(.city)?.key ?? "",
              streetKey: MatchRecord.streetKey(contact[.street].filter(\.isUsable).map(\.key)), identifiers: identifiers)
  }

  /// The street key of a record's street lines: the first line's, or — when the export keeps
  /// the house number in a column of its own ("11", "24 bis") — the number with the line after it.
  static func streetKey(_ lines: [String]) -> String {
    guard let first = lines.first else { return "" }
    let parts = first.split(separator: " ")
    let isHouseNumber = !parts.isEmpty && parts.count <= 2 && parts[0].allSatisfy(\.isNumber)
      && (parts.count == 1 || ["bis", "ter", "quater", "a", "b", "c"].contains(parts[1]))
    return isHouseNumber && lines.count > 1 ? first + " " + lines[1] : first
  }

  /// `source:record_id`, how commands name a source record.
  public var reference: String { source + ":" + recordId }

  /// The source and record id of a `source:record_id` reference (the id may itself hold colons).
  public static func split(reference: String) -> (source: String, recordId: String)? {
    guard let colon = reference.firstIndex(of: ":") else { return nil }
    return (String(reference[..<colon]), String(reference[reference.index(after: colon)...]))
  }
}
