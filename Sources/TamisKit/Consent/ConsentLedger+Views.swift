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

  /// Every live golden record's facts and events up to the end of `asOf`, with the events that
  /// resolve to no golden record (pending) or to several (an email two people share: nothing is guessed).
  public struct Snapshot: Sendable {
    public var facts: [ContactFacts]
    public var events: [String: [(event: ConsentEvent, digest: String)]]
    /// Each golden record's states, by purpose (computed once from `events`).
    public var states: [String: [String: ConsentState]]
    public var pending: Int
    public var ambiguous: Int
    public var suppressed: [String: Set<String>]
  }

  /// With `purposes`, only those purposes' events are read (a contactable list needs one).
  public func snapshot(asOf: CivilDate, purposes: Set<String>? = nil) throws -> Snapshot {
    let limit = "\(asOf)T23:59:59Z"
    let events = try store.consentEvents(purposes: purposes).filter { $0.event.givenAt <= limit }
    // Which golden record holds each subject the events name (nil: none; -1: several). Only
    // those keys are kept: the referential's other keys would cost memory for nothing.
    let named = Set(events.map(\.subjectHash))
    var goldens: [String] = []
    var holder: [String: Int] = [:]
    try store.forEachConsentKeys(hasher: consentHasher) { golden, keys in
      goldens.append(golden)
      for key in keys where named.contains(key) {
        if let held = holder[key], held != goldens.count - 1 { holder[key] = -1 } else { holder[key] = goldens.count - 1 }
      }
    }
    var byGolden: [String: [(event: ConsentEvent, digest: String)]] = [:]
    var pending = 0, ambiguous = 0
    for stored in events {
      guard let held = holder[stored.subjectHash] else { pending += 1; continue }
      guard held >= 0 else { ambiguous += 1; continue }
      byGolden[goldens[held], default: []].append((stored.event, stored.digest))
    }
    return Snapshot(facts: try store.contactFacts(), events: byGolden, states: byGolden.mapValues { ConsentState.states(of: $0) },
                    pending: pending, ambiguous: ambiguous, suppressed: try store.suppressedHashes())
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

  /// The verdict for each live golden record on a channel and purpose, in golden id order.
  public func contactability(channel: ContactChannel, purpose: String?, asOf: CivilDate, snapshot: Snapshot? = nil) throws
    -> [(facts: ContactFacts, verdict: Contactability.Verdict)] {
    let at = Locator(file: rules.file ?? "rules/consent.yml")
    let purposeName = purpose ?? rules.defaultPurpose(for: channel)
    if let purposeName, rules.purpose(named: purposeName) == nil {
      throw ConsentError.unknownPurpose(at, name: purposeName, known: rules.purposes.map(\.name))
    }
    let snapshot = try snapshot ?? self.snapshot(asOf: asOf, purposes: Set([purposeName].compactMap { $0 }))
    let rule = rules.channels[channel] ?? ConsentRules.ChannelRule(requiresConsent: true)
    return snapshot.facts.map { facts in
      let state = purposeName.flatMap { snapshot.states[facts.golden]?[$0] }
      return (facts, Contactability.decide(channel: channel, facts: facts, state: state,
                                           isSuppressed: isSuppressed(facts, channel: channel, in: snapshot), rule: rule, asOf: asOf))
    }
  }
}
