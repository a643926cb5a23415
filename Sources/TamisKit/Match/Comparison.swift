import Foundation

/// The kinds of comparison Tamis knows; each has fixed levels (null first, else last).
public enum ComparisonKind: String, CaseIterable, Sendable, Codable {
  case firstName = "first_name"
  case lastName = "last_name"
  case birthDate = "birth_date"
  case email
  case phone
  case address
  /// A custom identifier field declared in a mapping (customer number, national id, loyalty
  /// card): exact, near (one character off, or two neighbours swapped: a keying slip), different
  /// (numbers a last digit apart too: twins who signed up together hold consecutive numbers).
  case identifier

  /// Level names, index 0 being null (one side missing, weight 0).
  public var levels: [String] {
    switch self {
    case .firstName: ["null", "exact", "nickname_or_initial", "similar", "close", "different"]
    case .lastName: ["null", "exact", "similar", "close", "different"]
    case .birthDate: ["null", "exact", "day_month_swapped", "one_part_off", "different"]
    case .email, .phone: ["null", "exact", "exact_shared", "different"]
    case .address: ["null", "same_street", "same_postcode", "same_department", "different"]
    case .identifier: ["null", "exact", "near", "different"]
    }
  }
}

/// One comparison of a matching model: a kind, its similarity thresholds, and whether a name
/// match weighs by the name's frequency (a rare surname says more than "Martin").
public struct Comparison: Hashable, Sendable, Codable {
  public var name: String
  public var kind: ComparisonKind
  /// Jaro-Winkler thresholds for the `similar` and `close` levels.
  public var thresholds: [Double]
  public var termFrequency: Bool
  /// The custom field compared, for `identifier`.
  public var field: String?

  public init(name: String, kind: ComparisonKind, thresholds: [Double] = [0.92, 0.84], termFrequency: Bool = false, field: String? = nil) {
    self.name = name
    self.kind = kind
    self.thresholds = thresholds
    self.termFrequency = termFrequency
    self.field = field
  }

  public var levels: [String] { kind.levels }

  public static func firstName() -> Comparison { Comparison(name: "first_name", kind: .firstName, termFrequency: true) }
  public static func lastName() -> Comparison { Comparison(name: "last_name", kind: .lastName, termFrequency: true) }
  public static func birthDate() -> Comparison { Comparison(name: "birth_date", kind: .birthDate) }
  public static func email() -> Comparison { Comparison(name: "email", kind: .email) }
  public static func phone() -> Comparison { Comparison(name: "phone", kind: .phone) }
  public static func address() -> Comparison { Comparison(name: "address", kind: .address) }

  public static let defaults: [Comparison] = [.firstName(), .lastName(), .birthDate(), .email(), .phone(), .address()]
}

/// What a comparison needs besides the two records: which emails and phones several people
/// share (a household line, a switchboard), and the nicknames.
public struct ComparisonContext: Sendable {
  /// Values used by two or more distinct first names.
  public var sharedValues: Set<String> = []
  public var nicknames = Nicknames()

  public init(sharedValues: Set<String> = [], nicknames: Nicknames = Nicknames()) {
    self.sharedValues = sharedValues
    self.nicknames = nicknames
  }

  /// The shared values among those the `active` records hold, after adding them to a
  /// referential whose shared values `isKnown` tells (the store keeps them as keyed hashes):
  /// only the records holding a value an active record holds are looked at (the same verdict
  /// for those values as a full pass, without one). A value once shared stays so.
  public static func sharedValues(in records: [MatchRecord], active: [Bool], isKnown: (String) -> Bool,
                                  nicknames: Nicknames = Nicknames()) -> Set<String> {
    var values = Set<String>()
    for index in records.indices where active[index] {
      values.formUnion(records[index].emails)
      values.formUnion(records[index].phones)
    }
    let known = values.filter(isKnown)
    guard !values.isEmpty else { return known }
    let holders = records.indices.filter { index in
      records[index].emails.contains(where: values.contains) || records[index].phones.contains(where: values.contains)
    }
    return known.union(sharedValues(in: holders.map { records[$0] }, nicknames: nicknames).intersection(values))
  }

  /// Finds shared emails and phones: those that records of different people carry — a
  /// different first name, or the same first name with a different birth date (a father and
  /// his son on the household landline). Holders whose first names are equal, a nickname or a
  /// slip of one another ("Mimi", "Emilie", "Emiie") are one person, whatever order they come in.
  public static func sharedValues(in records: [MatchRecord], nicknames: Nicknames = Nicknames()) -> Set<String> {
    // A cheap first pass flags the values whose holders are not all one name and birth date;
    // only those are looked at again with every holder.
    var holder: [String: (firstName: String, birthDate: Int)] = [:]
    var suspects = Set<String>()
    for index in records.indices where !records[index].firstName.isEmpty {
      let record = records[index]
      for value in [record.emails, record.phones].joined() where !suspects.contains(value) {
        guard let seen = holder[value] else {
          holder[value] = (record.firstName, record.birthDate)
          continue
        }
        if seen.firstName != record.firstName || seen.birthDate != record.birthDate { suspects.insert(value) }
      }
    }
    guard !suspects.isEmpty else { return [] }
    var holders: [String: [Holder]] = [:]
    for record in records where !record.firstName.isEmpty {
      for value in [record.emails, record.phones].joined() where suspects.contains(value) {
        let candidate = Holder(firstName: record.firstName, birthDate: record.birthDate)
        if holders[value]?.contains(candidate) != true { holders[value, default: []].append(candidate) }
      }
    }
    return Set(holders.filter { Holder.areSeveralPeople($0.value, nicknames: nicknames) }.keys)
  }

  /// One first name and birth date (0 when unknown) holding an email or phone.
  struct Holder: Hashable {
    var firstName: String
    var birthDate: Int

    /// Whether holders are several people: grouped by first names that are equal, a nickname or a
    /// slip of one another and birth dates that do not differ, more than one
    /// group, or a group with two birth dates (a father and son linked by a record with none).
    /// Beyond 16 distinct holders a value is shared (a switchboard).
    static func areSeveralPeople(_ holders: [Holder], nicknames: Nicknames) -> Bool {
      guard holders.count <= 16 else { return true }
      var group = Array(holders.indices)
      func root(_ i: Int) -> Int { group[i] == i ? i : root(group[i]) }
      for i in holders.indices {
        for j in holders.indices where j > i && holders[i].isSamePerson(as: holders[j], nicknames: nicknames) { group[root(j)] = root(i) }
      }
      var births: [Int: Int] = [:]
      for i in holders.indices {
        let r = root(i), birth = holders[i].birthDate
        guard birth != 0 else { births[r] = births[r] ?? 0; continue }
        if let seen = births[r], seen != 0, seen != birth { return true }
        births[r] = birth
      }
      return births.count > 1
    }

    func isSamePerson(as other: Holder, nicknames: Nicknames) -> Bool {
      guard birthDate == 0 || other.birthDate == 0 || birthDate == other.birthDate else { return false }
      return Holder.sameFirstName(firstName, other.firstName, nicknames: nicknames)
    }

    /// Equal, a nickname, or one slip apart but not a name lengthened ("Louis" / "Louise", a
    /// brother and a sister).
    static func sameFirstName(_ x: String, _ y: String, nicknames: Nicknames) -> Bool {
      if x.isEmpty || y.isEmpty { return false }
      if x == y || nicknames.related(x, y) { return true }
      guard min(x.utf8.count, y.utf8.count) >= 4, !x.hasPrefix(y), !y.hasPrefix(x) else { return false }
      return StringDistance.isOneSlipApart(x, y)
    }
  }
}

extension Comparison {
  /// The level index of a pair of records. Names are compared as given; the caller tries the
  /// swapped order too.
  /// - Complexity: O(n·m) in the lengths of the compared strings.
  public func level(_ a: MatchRecord, _ b: MatchRecord, context: ComparisonContext) -> Int {
    switch kind {
    case .firstName: return nameLevel(a.firstName, b.firstName, first: true, context: context)
    case .lastName:
      let level = nameLevel(a.lastName, b.lastName, first: false, context: context)
      if level == 4 && !a.lastNamePhonetic.isEmpty && a.lastNamePhonetic == b.lastNamePhonetic { return 3 }
      return level
    case .birthDate:
      let x = a.birthDate, y = b.birthDate
      if x == 0 || y == 0 { return 0 }
      if x == y { return 1 }
      let (xy, xm, xd) = (x / 10000, x / 100 % 100, x % 100), (yy, ym, yd) = (y / 10000, y / 100 % 100, y % 100)
      if xy == yy && xm == yd && xd == ym { return 2 }
      // One keying slip: a single digit of yyyymmdd differs, or two neighbouring digits swapped.
      var dx = x, dy = y, differing = 0
      var positions: [Int] = []
      for position in 0..<8 {
        if dx % 10 != dy % 10 { differing += 1; positions.append(position) }
        dx /= 10
        dy /= 10
      }
      if differing == 1 { return 3 }
      if differing == 2 && positions[1] - positions[0] == 1 {
        let (p, q) = (positions[0], positions[1])
        let digit = { (value: Int, at: Int) in (value / Int(pow(10, Double(at)))) % 10 }
        if digit(x, p) == digit(y, q) && digit(x, q) == digit(y, p) { return 3 }
      }
      return 4
    case .email, .phone:
      let xs = kind == .email ? a.emails : a.phones, ys = kind == .email ? b.emails : b.phones
      if xs.isEmpty || ys.isEmpty { return 0 }
      var sharedOnly = false
      for value in xs where ys.contains(value) {
        if !context.sharedValues.contains(value) { return 1 }
        sharedOnly = true
      }
      return sharedOnly ? 2 : 3
    case .address:
      if a.postalCode.isEmpty && a.cityKey.isEmpty || b.postalCode.isEmpty && b.cityKey.isEmpty { return 0 }
      let samePostcode = !a.postalCode.isEmpty && a.postalCode == b.postalCode
      let samePlace = samePostcode || (!a.cityKey.isEmpty && a.cityKey == b.cityKey)
      let sameStreet = { !a.streetKey.isEmpty && StringDistance.tokenSetSimilarity(a.streetKey, b.streetKey) >= 0.8 }
      if samePlace && sameStreet() { return 1 }
      if samePlace { return 2 }
      guard a.postalCode.count >= 2 && a.postalCode.prefix(2) == b.postalCode.prefix(2) else { return 4 }
      // A mistyped town or postcode: the same street in the same département, in a town spelt one
      // slip apart, or at a postcode one slip apart when a town is not named.
      let mistypedTown = Comparison.isMisspelt(a.cityKey, b.cityKey)
      let mistypedPostcode = (a.cityKey.isEmpty || b.cityKey.isEmpty) && a.postalCode.utf8.count == b.postalCode.utf8.count
        && StringDistance.isOneSlipApart(a.postalCode, b.postalCode)
      return (mistypedTown || mistypedPostcode) && sameStreet() ? 1 : 3
    case .identifier:
      guard let field, let x = a.identifiers[field], let y = b.identifiers[field] else { return 0 }
      return x == y ? 1 : Comparison.isKeyingSlip(x, y) ? 2 : 3
    }
  }

  /// The level of two name keys for a first- or last-name comparison, phonetic key aside (the
  /// scorer reads names in swapped order with it).
  func nameLevel(_ x: String, _ y: String, context: ComparisonContext) -> Int {
    nameLevel(x, y, first: kind == .firstName, context: context)
  }

  private func nameLevel(_ x: String, _ y: String, first: Bool, context: ComparisonContext) -> Int {
    if x.isEmpty || y.isEmpty { return 0 }
    if x == y { return 1 }
    let similarity = StringDistance.jaroWinkler(x, y)
    if first {
      // Nicknames, an initial ("J." for Jean) and compound names ("Jean-Pierre" / "Jean").
      if context.nicknames.related(x, y) { return 2 }
      if (Comparison.isOneCharacter(x) && y.hasPrefix(x)) || (Comparison.isOneCharacter(y) && x.hasPrefix(y)) { return 2 }
      if Comparison.shareAPart(x, y) { return 2 }
      if similarity >= thresholds[0] { return 3 }
      if thresholds.count > 1 && similarity >= thresholds[1] { return 4 }
      return 5
    }
    if similarity >= thresholds[0] { return 2 }
    if thresholds.count > 1 && similarity >= thresholds[1] { return 3 }
    // A compound surname sharing a part ("Durand-Martin" / "Martin") counts as close.
    if Comparison.shareAPart(x, y) { return 3 }
    return 4
  }

  /// Whether two values of one length differ by one character, or by two neighbours swapped, but
  /// not numbers differing in their last digit only: consecutive customer or card numbers name two
  /// people (twins, a couple signing up together) more often than a slip of that digit one.
  static func isKeyingSlip(_ x: String, _ y: String) -> Bool {
    let a = Array(x.utf8), b = Array(y.utf8)
    guard a.count == b.count, a.count >= 4 else { return false }
    let differing = a.indices.filter { a[$0] != b[$0] }
    if differing.count == 1 {
      let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
      return !(differing[0] == a.count - 1 && a.allSatisfy(isDigit) && b.allSatisfy(isDigit))
    }
    return differing.count == 2 && differing[1] == differing[0] + 1 && a[differing[0]] == b[differing[1]] && a[differing[1]] == b[differing[0]]
  }

  /// Whether two place names are one spelling slip apart (two for names of ten letters or more):
  /// "armidale" / "armdiale", "leeton" / "leetoh"; not short names, where one letter is a town.
  static func isMisspelt(_ x: String, _ y: String) -> Bool {
    let shorter = min(x.utf8.count, y.utf8.count)
    guard shorter >= 5, x != y else { return false }
    let allowed = shorter >= 10 ? 2 : 1
    return StringDistance.damerauLevenshtein(x, y, limit: allowed + 1) <= allowed
  }

  private static func isOneCharacter(_ text: String) -> Bool { text.utf8.count <= 4 && text.count == 1 }

  /// Whether either name is compound (keys separate parts with spaces) and they share a part.
  private static func shareAPart(_ x: String, _ y: String) -> Bool {
    guard x.utf8.contains(0x20) || y.utf8.contains(0x20) else { return false }
    let xt = x.split(separator: " "), yt = y.split(separator: " ")
    return xt.contains { yt.contains($0) }
  }
}

extension StringDistance {
  /// Token-set similarity: shared tokens over the tokens of the shorter side, so that
  /// "12 boulevard voltaire" and "12 boulevard voltaire bat b" agree.
  public static func tokenSetSimilarity(_ a: String, _ b: String) -> Double {
    if a == b { return a.utf8.contains(where: { $0 != 0x20 }) ? 1 : 0 }
    // Distinct tokens as byte ranges: no sets, no strings (a run compares millions of streets).
    func tokens(_ text: String) -> [Substring.UTF8View] {
      var result: [Substring.UTF8View] = []
      for token in text.utf8.split(separator: 0x20) where !result.contains(where: { $0.elementsEqual(token) }) { result.append(token) }
      return result
    }
    let x = tokens(a), y = tokens(b)
    guard !x.isEmpty, !y.isEmpty else { return 0 }
    let shared = x.filter { token in y.contains { $0.elementsEqual(token) } }.count
    return Double(shared) / Double(min(x.count, y.count))
  }
}
