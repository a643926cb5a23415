/// First names and the short forms that stand for them in French exports (Alex for Alexandre,
/// Cathy for Catherine …), compared by matching key. Loaded from `rules/matching.yml`
/// (`nicknames:`) with these as the defaults.
public struct Nicknames: Sendable {
  private var groups: [String: Set<Int>] = [:]

  public static let defaults: [[String]] = [
    ["alexandre", "alex"], ["alexandra", "alex"], ["catherine", "cathy", "cathie"], ["christophe", "chris"], ["christine", "chris"],
    ["frederic", "fred"], ["frederique", "fred"], ["nicolas", "nico"], ["philippe", "phil"], ["sebastien", "seb"], ["stephane", "steph"],
    ["stephanie", "steph"], ["jean baptiste", "jb"], ["jean pierre", "jp"], ["jean francois", "jf"], ["jean christophe", "jc"],
    ["thomas", "tom"], ["maxime", "max"], ["maximilien", "max"], ["benjamin", "ben"], ["antoine", "tony"], ["anthony", "tony"],
    ["elisabeth", "babeth", "lisa", "elise"], ["isabelle", "isa"], ["nathalie", "nath"], ["valerie", "val"], ["veronique", "vero"],
    ["caroline", "caro"], ["sandrine", "sandy"], ["daniel", "dany"], ["patrick", "pat"], ["gabriel", "gaby"], ["raphael", "raph"],
    ["guillaume", "guigui"], ["mathieu", "matt", "matthieu"], ["matthias", "matt"], ["louise", "lou"], ["julien", "ju"],
    ["emilie", "mimi"], ["julie", "juju"], ["aurelie", "aurel"], ["camille", "cam"], ["monique", "momo"], ["mohamed", "momo", "mohammed"],
    ["brigitte", "gigi"], ["jacques", "jacquot"], ["olivier", "olive"], ["yasmine", "yas"], ["sophie", "so"], ["louis", "loulou"],
    ["william", "will", "bill"], ["robert", "bob", "bobby"], ["richard", "dick", "rick"], ["james", "jim", "jimmy"],
    ["michael", "mike"], ["margaret", "maggie", "peggy"], ["jennifer", "jenny"], ["katherine", "kate", "kathy"],
  ]

  public init(groups list: [[String]] = Nicknames.defaults) {
    for (index, group) in list.enumerated() {
      for name in group { groups[NameNormaliser.key(name), default: []].insert(index) }
    }
  }

  /// These nicknames, also knowing each of `names` that is one spelling slip from a full name of
  /// the list (five letters or more, not itself listed) as that name: "Crhistophe" is Chris,
  /// "Guilaume" is Guigui. A list holds names spelt right; exports do not. A name a slip from two
  /// listed names takes both.
  /// - Complexity: O(n·k) in the distinct names and the list's full names of about their length.
  public func knowingSlips(of names: Set<String>) -> Nicknames {
    var fullNames: [Int: [(name: String, group: Set<Int>)]] = [:]
    for (name, group) in groups.sorted(by: { $0.key < $1.key }) where name.utf8.count >= Nicknames.shortestFullName {
      fullNames[name.utf8.count, default: []].append((name, group))
    }
    var extended = self
    for name in names where name.utf8.count >= Nicknames.shortestFullName && groups[name] == nil {
      let length = name.utf8.count
      for listed in (length - 1...length + 1).lazy.flatMap({ fullNames[$0] ?? [] }) where StringDistance.isOneSlipApart(name, listed.name) {
        extended.groups[name, default: []].formUnion(listed.group)
      }
    }
    return extended
  }

  /// Below this length a name is a short form, and a slip of one letter makes another name.
  static let shortestFullName = 5

  /// True when the two first-name keys are one name and one of its short forms.
  public func related(_ a: String, _ b: String) -> Bool {
    guard let ga = groups[a], let gb = groups[b] else { return false }
    return !ga.isDisjoint(with: gb)
  }
}
