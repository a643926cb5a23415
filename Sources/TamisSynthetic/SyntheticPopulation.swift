import Foundation
import TamisKit

/// Generates a population of French people, households included, and the records that three
/// source systems (a CRM, an e-shop, an ERP) hold about them, with known identities.
///
/// Duplicates carry the variations real exports show: typos, dropped accents, capitals, swapped
/// first and last names, nicknames, phone and date format variants, changed emails, street
/// abbreviations, married names, moves, missing fields. Hard non-duplicates are built in:
/// family members sharing an address and landline, twins, fathers and sons with one name,
/// and namesakes.
public struct SyntheticPopulation {
  public var people: [SyntheticPerson] = []
  public var records: [SyntheticRecord] = []

  public init(people: [SyntheticPerson] = [], records: [SyntheticRecord] = []) {
    self.people = people
    self.records = records
  }

  public static let sources = ["crm", "eshop", "erp"]

  /// - Parameters:
  ///   - records: how many records to draw (about 1.7 per person).
  ///   - duplicateRate: share of people with more than one record.
  ///   - errorRate: scales how often a record departs from its person (typos, nicknames, moves,
  ///     missing values); 1 is the usual export, 1.5 a dirtier one.
  public static func generate(records target: Int, seed: UInt64 = 20261123, duplicateRate: Double = 0.45,
                              errorRate: Double = 1) -> SyntheticPopulation {
    var random = SeededRandom(seed: seed)
    var population = SyntheticPopulation()
    let surnameTable = SeededRandom.cumulativeZipf(Vocabulary.surnames.count)
    let firstTable = SeededRandom.cumulativeZipf(Vocabulary.firstNames.count, exponent: 0.6)
    var counters = [0, 0, 0]
    var nextId = 0
    var usedEmails = Set<String>()

    func newPerson(lastName: String? = nil, household: SyntheticPerson? = nil, birth: CivilDate? = nil,
                   firstName: Int? = nil, female: Bool? = nil) -> SyntheticPerson {
      let firstIndex: Int
      if let firstName {
        firstIndex = firstName
      } else if let female {
        var index = random.skewed(Vocabulary.firstNames.count, table: firstTable)
        while Vocabulary.firstNames[index].female != female { index = random.skewed(Vocabulary.firstNames.count, table: firstTable) }
        firstIndex = index
      } else {
        firstIndex = random.skewed(Vocabulary.firstNames.count, table: firstTable)
      }
      let first = Vocabulary.firstNames[firstIndex]
      let last = lastName ?? (random.chance(0.25)
        ? Vocabulary.surnames[random.skewed(Vocabulary.surnames.count, table: surnameTable)]
        : Vocabulary.rareSurnames[random.int(0...Vocabulary.rareSurnames.count - 1)])
      let born = birth ?? CivilDate(year: random.int(1940...2006), month: random.int(1...12), day: random.int(1...28))
      defer { nextId += 1 }
      let local = [TextFolding.key(first.name), TextFolding.key(last)].map { $0.filter { $0.isLetter } }
      var email: String? = random.chance(0.85)
        ? (random.chance(0.5) ? "\(local[0]).\(local[1])" : "\(local[0].prefix(1))\(local[1])\(random.int(1...99))") + "@" + random.pick(Vocabulary.emailDomains)
        : nil
      // A mailbox is one person's: a namesake whose address is taken gets another, as a mail
      // provider would make them choose (no random draw, so the rest of the population stays).
      if let taken = email, !usedEmails.insert(taken).inserted, let at = taken.firstIndex(of: "@") {
        email = taken[..<at] + ".\(nextId)" + taken[at...]
        usedEmails.insert(email ?? "")
      }
      return SyntheticPerson(
        id: nextId, isFemale: first.female, firstName: first.name, nicknames: first.nicknames, lastName: last,
        otherLastName: first.female && random.chance(0.15) ? Vocabulary.surnames[random.skewed(Vocabulary.surnames.count, table: surnameTable)] : nil,
        birthDate: born,
        streetNumber: household?.streetNumber ?? random.int(1...180), streetType: household?.streetType ?? random.int(0...Vocabulary.streetTypes.count - 1),
        streetName: household?.streetName ?? random.pick(Vocabulary.streetNames), place: household?.place ?? SyntheticPopulation.randomPlace(&random),
        mobile: random.chance(0.8) ? String(random.pick([6, 7])) + String(format: "%08d", random.int(0...99_999_999)) : nil,
        landline: household?.landline ?? (random.chance(0.45) ? String(random.int(1...5)) + String(format: "%08d", random.int(0...99_999_999)) : nil),
        email: email)
    }

    while population.records.count < target {
      // A household: one person, sometimes with a partner, children, a twin, or a son of the same name.
      let head = newPerson()
      var members = [head]
      if random.chance(0.25) { members.append(newPerson(lastName: head.lastName, household: head, female: !head.isFemale)) }
      if random.chance(0.08) {
        members.append(newPerson(lastName: head.lastName, household: head,
                                 birth: CivilDate(year: min(2006, head.birthDate.year + random.int(22...35)), month: random.int(1...12), day: random.int(1...28))))
      }
      if random.chance(0.02) { members.append(newPerson(lastName: head.lastName, household: head, birth: head.birthDate)) }
      if random.chance(0.02) && !head.isFemale {
        let firstIndex = Vocabulary.firstNames.firstIndex { $0.name == head.firstName } ?? 0
        members.append(newPerson(lastName: head.lastName, household: head,
                                 birth: CivilDate(year: min(2006, head.birthDate.year + random.int(24...34)), month: random.int(1...12), day: random.int(1...28)),
                                 firstName: firstIndex))
      }
      if random.chance(0.01) {  // a namesake elsewhere
        let firstIndex = Vocabulary.firstNames.firstIndex { $0.name == head.firstName } ?? 0
        members.append(newPerson(lastName: head.lastName, firstName: firstIndex))
      }
      for person in members {
        population.people.append(person)
        let copies = random.chance(duplicateRate) ? (random.chance(0.7) ? 2 : random.int(3...4)) : 1
        for copy in 0..<copies {
          let source = random.int(0...2)
          counters[source] += 1
          population.records.append(record(of: person, source: source, number: counters[source], isCopy: copy > 0,
                                           errorRate: errorRate, random: &random))
          if population.records.count >= target { break }
        }
        if population.records.count >= target { break }
      }
    }
    return population
  }

  /// Big cities hold a share of people; the rest live in the generated communes.
  static func randomPlace(_ random: inout SeededRandom) -> Int {
    random.chance(0.3) ? random.int(0...Vocabulary.places.count - 1)
      : Vocabulary.places.count + random.int(0...Vocabulary.generatedPlaces.count - 1)
  }

  static func place(_ index: Int) -> (postalCode: String, city: String) {
    index < Vocabulary.places.count ? Vocabulary.places[index] : Vocabulary.generatedPlaces[index - Vocabulary.places.count]
  }

  static func record(of person: SyntheticPerson, source: Int, number: Int, isCopy: Bool, errorRate: Double,
                     random: inout SeededRandom) -> SyntheticRecord {
    let place = SyntheticPopulation.place(person.place)
    let type = Vocabulary.streetTypes[person.streetType]
    var first: String? = person.firstName
    var last: String? = person.lastName
    var street: String? = "\(person.streetNumber) \(random.chance(0.3) ? type.short : type.full) \(person.streetName)"
    var postalCode: String? = place.postalCode
    var city: String? = place.city
    var mobile = person.mobile
    var landline = person.landline
    var email = person.email
    var birth: CivilDate? = person.birthDate
    let variation = (isCopy ? 1.0 : 0.25) * errorRate  // first records are cleaner than their duplicates
    if random.chance(0.15 * variation) { last = typo(last ?? "", &random) }
    if random.chance(0.1 * variation) { first = typo(first ?? "", &random) }
    if random.chance(0.2) { last = last?.uppercased() }
    if random.chance(0.1) { first = first.map(TextFolding.key) }
    if random.chance(0.12 * variation), let nickname = person.nicknames.first { first = nickname }
    if let other = person.otherLastName, random.chance(0.5 * variation) { last = other }
    if random.chance(0.04 * variation) { swap(&first, &last) }
    if random.chance(0.08 * variation) {  // moved
      let moved = SyntheticPopulation.place(SyntheticPopulation.randomPlace(&random))
      street = "\(random.int(1...200)) \(type.full) \(random.pick(Vocabulary.streetNames))"
      postalCode = moved.postalCode
      city = moved.city
      landline = nil
    }
    if random.chance(0.12 * variation) {  // a new address
      email = email.map { String($0.prefix { $0 != "@" }) + "@" + random.pick(Vocabulary.emailDomains) }
    }
    if random.chance(0.05 * variation), let day = birth?.day, day <= 12, let month = birth?.month {
      birth = CivilDate(year: birth!.year, month: day, day: month)
    }
    if random.chance(0.2 * variation) { email = nil }
    if random.chance(0.2 * variation) { mobile = nil }
    if random.chance(0.3) { landline = nil }
    if random.chance(0.1 * variation) { birth = nil }
    if random.chance(0.06 * variation) { street = nil; postalCode = nil; city = nil }
    if random.chance(0.03 * variation) { street = nil; postalCode = nil; city = nil; email = nil; mobile = nil; landline = nil }
    let prefix = ["C", "WEB-", "T"][source]
    return SyntheticRecord(
      personId: person.id, source: sources[source], recordId: prefix + String(format: "%07d", number),
      civility: person.isFemale ? random.pick(["Mme", "Madame", "MME", "Mlle"]) : random.pick(["M.", "M", "Monsieur", "MR"]),
      firstName: first, lastName: last, birthDate: birth, street: street, postalCode: postalCode, city: city,
      mobile: mobile, landline: landline, email: email,
      createdAt: CivilDate(year: random.int(2012...2025), month: random.int(1...12), day: random.int(1...28)),
      optInEmail: random.chance(0.7) ? random.chance(0.6) : nil)
  }

  /// One keyboard slip: a letter dropped, doubled, swapped with its neighbour or replaced.
  static func typo(_ text: String, _ random: inout SeededRandom) -> String {
    var characters = Array(text)
    guard characters.count > 3 else { return text }
    let at = random.int(1...characters.count - 2)
    switch random.int(0...3) {
    case 0: characters.remove(at: at)
    case 1: characters.insert(characters[at], at: at)
    case 2: characters.swapAt(at, at + 1)
    default: characters[at] = random.pick(Array("aeioutrnsl"))
    }
    return String(characters)
  }
}
