/// The cheap keys blocking rules combine.
public enum BlockingKey: String, CaseIterable, Sendable, Codable {
  case email, phone
  case lastName = "last_name"
  case lastNamePhonetic = "last_name_phonetic"
  case firstNamePrefix = "first_name_prefix"
  /// The first three letters of the first name and of the last name, either matching: names
  /// swapped or mistyped past their start still share a block.
  case namePrefix = "name_prefix"
  case birthDate = "birth_date"
  case postalCode = "postal_code"
  /// The first two characters of a postal code of four or more (the French département): a
  /// mistyped postcode or a move within the département still shares it.
  case department
  /// First and last name keys in sorted order, so that swapped names share it.
  case namePair = "name_pair"
  case streetKey = "street"
  /// Any identifier field a mapping declares, with its name (`loyalty=AB12`).
  case identifier

  /// The comparison kinds this key already makes agree: a rule built on them says nothing
  /// about how often they agree among true matches, so EM does not train them on its pairs.
  public var comparedKinds: [ComparisonKind] {
    switch self {
    case .email: [.email]
    case .phone: [.phone]
    case .lastName, .lastNamePhonetic: [.lastName]
    case .firstNamePrefix: [.firstName]
    case .namePrefix: [.firstName, .lastName]
    case .birthDate: [.birthDate]
    case .postalCode, .department, .streetKey: [.address]
    case .namePair: [.firstName, .lastName]
    case .identifier: [.identifier]
    }
  }

  /// The values of this key for a record (several for emails and phones; none when missing).
  func values(_ record: MatchRecord) -> [String] {
    switch self {
    case .email: return record.emails
    case .phone: return record.phones
    case .lastName: return record.lastName.isEmpty ? [] : [record.lastName]
    case .lastNamePhonetic:
      return record.lastNamePhonetic.isEmpty ? [] : [record.lastNamePhonetic]
    case .firstNamePrefix: return record.firstName.isEmpty ? [] : [String(record.firstName.prefix(3))]
    case .namePrefix:
      let prefixes = [record.firstName, record.lastName].filter { !$0.isEmpty }.map { String($0.prefix(3)) }
      return prefixes.count == 2 && prefixes[0] == prefixes[1] ? [prefixes[0]] : prefixes
    case .birthDate: return record.birthDate == 0 ? [] : [String(record.birthDate)]
    case .postalCode: return record.postalCode.isEmpty ? [] : [record.postalCode]
    case .department: return record.postalCode.utf8.count < 4 ? [] : [String(record.postalCode.prefix(2))]
    case .namePair:
      guard !record.firstName.isEmpty, !record.lastName.isEmpty else { return [] }
      return [min(record.firstName, record.lastName) + "|" + max(record.firstName, record.lastName)]
    case .streetKey: return record.streetKey.isEmpty ? [] : [record.streetKey]
    case .identifier: return record.identifiers.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }
    }
  }
}

/// A blocking rule: records that share every key of the rule are compared. Several rules are
/// OR-ed, so that a pair missed by one (a changed email) is found by another (same names).
public struct BlockingRule: Hashable, Sendable, Codable {
  public var name: String
  public var keys: [BlockingKey]

  public init(name: String, keys: [BlockingKey]) {
    self.name = name
    self.keys = keys
  }

  /// The combined key values of a record under this rule (a cross product for multi-valued keys).
  public func values(_ record: MatchRecord) -> [String] {
    var combined = [""]
    for key in keys {
      let values = key.values(record)
      if values.isEmpty { return [] }
      combined = combined.flatMap { prefix in values.map { prefix.isEmpty ? $0 : prefix + BlockingRule.separator + $0 } }
    }
    return combined
  }

  /// The hashes of ``values(_:)`` (``Blocking/stableHash(_:)`` of each), hashed part by part
  /// instead of joined first: blocking hashes every record's keys under every rule, and a joined
  /// key is a string allocated for each.
  func keyHashes(_ record: MatchRecord) -> [UInt64] {
    var hashes = [Blocking.fnvOffset]
    for (position, key) in keys.enumerated() {
      let values = key.values(record)
      if values.isEmpty { return [] }
      func start(_ prefix: UInt64) -> UInt64 { position == 0 ? prefix : Blocking.fnv(BlockingRule.separator, after: prefix) }
      if values.count == 1 && hashes.count == 1 {
        hashes[0] = Blocking.fnv(values[0], after: start(hashes[0]))  // the common case, without arrays
      } else {
        hashes = hashes.flatMap { prefix in values.map { Blocking.fnv($0, after: start(prefix)) } }
      }
    }
    return hashes
  }

  /// What separates the parts of a joined key.
  static let separator = "\u{1F}"

  public static let defaults: [BlockingRule] = [
    BlockingRule(name: "same_email", keys: [.email]),
    BlockingRule(name: "same_phone", keys: [.phone]),
    BlockingRule(name: "surname_sound_and_postcode", keys: [.lastNamePhonetic, .postalCode]),
    BlockingRule(name: "name_prefix_and_birth_date", keys: [.namePrefix, .birthDate]),
    BlockingRule(name: "same_names_in_any_order", keys: [.namePair]),
    BlockingRule(name: "birth_date_and_department", keys: [.birthDate, .department]),
    BlockingRule(name: "surname_sound_and_birth_date", keys: [.lastNamePhonetic, .birthDate]),
    BlockingRule(name: "same_street_and_postcode", keys: [.streetKey, .postalCode]),
  ]
}
