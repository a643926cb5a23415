import Foundation

extension ConsentLedger {
  /// One golden record's consent: per purpose of the rules, the state (nil: no decision) and the
  /// full history, oldest first.
  public struct PersonConsent: Sendable {
    public var golden: String
    public var purposes: [(purpose: String, state: ConsentState?, history: [ConsentEvent])]
  }

  /// The consent of the person a query names. - Throws: `ConsentError`, `StoreError`.
  public func status(of query: PersonQuery) throws -> PersonConsent {
    let golden = try store.golden(of: query)
    let keys = Set(try store.consentKeys(hasher: consentHasher, golden: golden))
    let events = try store.consentEvents(subjects: keys)
    var byPurpose: [String: [(event: ConsentEvent, digest: String)]] = [:]
    for stored in events { byPurpose[stored.event.purpose, default: []].append((stored.event, stored.digest)) }
    let names = rules.purposes.map(\.name) + byPurpose.keys.filter { rules.purpose(named: $0) == nil }.sorted()
    return PersonConsent(golden: golden, purposes: names.map { name in
      let items = byPurpose[name] ?? []
      let history = items.sorted { ($0.event.givenAt, $0.digest) < ($1.event.givenAt, $1.digest) }.map(\.event)
      return (name, ConsentState.states(of: items)[name], history)
    })
  }

  /// Every golden record's consent states up to the end of `asOf`, with how many events resolve
  /// to no golden record (pending) or to several (an email two people share: nothing is guessed).
  /// The people's contact facts are read alongside, a block at a time (`forEachContactFacts`).
  public struct Snapshot: Sendable {
    /// Each golden record's states, by purpose.
    public var states: ConsentStates
    /// Events attached to a golden record.
    public var events: Int
    public var pending: Int
    public var ambiguous: Int
    public var suppressed: [String: Set<String>]
  }

  /// With `purposes`, only those purposes' events are read (a contactable list needs one).
  public func snapshot(asOf: CivilDate, purposes: Set<String>? = nil) throws -> Snapshot {
    var trace = Trace()
    let limit = "\(asOf)T23:59:59Z"
    // Which golden record holds each subject the events name (-1: several). Only those keys are
    // kept, and only the kinds of subject named are worked out.
    let named = try store.consentSubjects(purposes: purposes, until: limit)
    trace.mark("consent subjects read")
    var snapshot = Snapshot(states: ConsentStates(), events: 0, pending: 0, ambiguous: 0, suppressed: try store.suppressedHashes())
    var holder: [Digest256: Int64] = [:]
    try store.forEachConsentKeys(hasher: consentHasher, kinds: named.kinds) { golden, keys in
      let person = Int64(snapshot.states.person(golden))
      for key in keys where named.subjects.contains(key) {
        if let held = holder[key], held != person { holder[key] = -1 } else { holder[key] = person }
      }
    }
    trace.mark("consent keys found")
    try store.forEachConsentDecision(purposes: purposes, until: limit) { row in
      guard let held = holder[row.subject] else { snapshot.pending += 1; return }
      guard held >= 0 else { snapshot.ambiguous += 1; return }
      snapshot.events += 1
      snapshot.states.add(person: UInt32(held), purpose: row.purpose, decision: row.decision, givenAt: row.givenAt, lacksWording: row.lacksWording,
                          digest: row.digest)
    }
    trace.mark("consent states")
    return snapshot
  }

  /// Whether a person's email or phone is on a suppression list for the channel.
  func isSuppressed(_ facts: ContactFacts, channel: ContactChannel, in snapshot: Snapshot) -> Bool {
    switch channel {
    case .email:
      let listed = snapshot.suppressed["email"] ?? []
      return !listed.isEmpty && facts.emails.contains { listed.contains(suppressionHasher.hash("email:" + EmailNormaliser.key($0))) }
    case .sms, .phone:
      let listed = snapshot.suppressed["phone"] ?? []
      guard !listed.isEmpty else { return false }
      let numbers = channel == .sms ? [facts.value(for: .sms)].compactMap { $0 } : facts.phones
      return numbers.contains { listed.contains(suppressionHasher.hash("phone:" + $0)) }
    case .post:
      return false
    }
  }

  /// What deciding on one channel takes: the purpose (the channel's default when nil) and the
  /// channel's rule. - Throws: `ConsentError.unknownPurpose`.
  public func channelRule(_ channel: ContactChannel, purpose: String?) throws -> (purpose: String?, rule: ConsentRules.ChannelRule) {
    let purposeName = purpose ?? rules.defaultPurpose(for: channel)
    if let purposeName, rules.purpose(named: purposeName) == nil {
      throw ConsentError.unknownPurpose(Locator(file: rules.file ?? "rules/consent.yml"), name: purposeName, known: rules.purposes.map(\.name))
    }
    return (purposeName, rules.channels[channel] ?? ConsentRules.ChannelRule(requiresConsent: true))
  }

  /// The verdict for one live golden record on a channel, under `channelRule`'s answer.
  public func verdict(_ facts: ContactFacts, person: ConsentStates.Person?, channel: ContactChannel, purpose: String?,
                      rule: ConsentRules.ChannelRule, asOf: CivilDate, in snapshot: Snapshot) -> Contactability.Verdict {
    let decision = purpose.flatMap { snapshot.states.state(of: person, purpose: $0)?.decision }
    return Contactability.decide(channel: channel, facts: facts, decision: decision, isSuppressed: isSuppressed(facts, channel: channel, in: snapshot),
                                 rule: rule, asOf: asOf)
  }
}
