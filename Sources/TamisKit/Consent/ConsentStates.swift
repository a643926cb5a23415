/// Every golden record's consent state per purpose as a view over the whole referential keeps it:
/// the deciding event's decision, time and notice and whether sides conflicted, in a few words
/// each. A million people's states fit in a hundred megabytes; no event is kept.
public struct ConsentStates: Sendable {
  /// What a view needs of one person's state for one purpose.
  public struct Decided: Hashable, Sendable {
    public var decision: ConsentDecision
    /// The deciding event names no notice: the wording shown cannot be proven.
    public var lacksWording: Bool
    /// One source granted while another refused or withdrew.
    public var hasConflict: Bool
    /// The deciding event's time (``ConsentTime/sortKey(_:)``).
    public var givenAt: UInt64
    var digest: Digest256
  }

  /// The golden records, numbered as the view met them.
  private var people: [String: UInt32] = [:]
  private var purposes: [String: UInt32] = [:]
  private var decided: [UInt64: Decided] = [:]

  public init() {}

  /// States kept.
  public var count: Int { decided.count }

  /// The number standing for a golden record (given on first sight).
  mutating func person(_ golden: String) -> UInt32 {
    if let known = people[golden] { return known }
    let number = UInt32(people.count)
    people[golden] = number
    return number
  }

  /// Folds one event into its person's state for its purpose, by the rule of ``ConsentState``.
  mutating func add(person: UInt32, purpose: String, decision: ConsentDecision, givenAt: UInt64, lacksWording: Bool, digest: Digest256) {
    let purposeNumber = purposes[purpose] ?? {
      purposes[purpose] = UInt32(purposes.count)
      return UInt32(purposes.count - 1)
    }()
    let key = UInt64(person) << 32 | UInt64(purposeNumber)
    let event = Decided(decision: decision, lacksWording: lacksWording, hasConflict: false, givenAt: givenAt, digest: digest)
    guard var state = decided[key] else {
      decided[key] = event
      return
    }
    if decision.isNegative != state.decision.isNegative { state.hasConflict = true }
    if ConsentState.decides((givenAt, decision.isNegative, digest), over: (state.givenAt, state.decision.isNegative, state.digest)) {
      state.decision = decision
      state.lacksWording = lacksWording
      state.givenAt = givenAt
      state.digest = digest
    }
    decided[key] = state
  }

  /// A golden record's states, looked up once per person: then one per purpose.
  public func lookup(_ golden: String) -> Person? { people[golden].map { Person(number: $0) } }

  public struct Person {
    let number: UInt32
  }

  public func state(of person: Person?, purpose: String) -> Decided? {
    guard let person, let purposeNumber = purposes[purpose] else { return nil }
    return decided[UInt64(person.number) << 32 | UInt64(purposeNumber)]
  }
}
