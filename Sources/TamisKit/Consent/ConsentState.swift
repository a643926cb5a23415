/// The state of one purpose for one person: the event that decides it and how many events the
/// ledger holds for that purpose.
public struct ConsentState: Hashable, Sendable {
  public var purpose: String
  public var decision: ConsentDecision
  /// The event that decided: the latest, a refusal or withdrawal winning at equal time.
  public var deciding: ConsentEvent
  public var events: Int
  /// One source granted while another refused or withdrew (met when records merge).
  public var hasConflict: Bool
  /// The deciding event's digest: what settles a tie left after time and decision.
  var decidingDigest = ""

  /// The states of every purpose the events speak of, by purpose: the latest event wins; at equal
  /// time a refusal or withdrawal wins (RGPD art. 7(3): withdrawing is as easy as giving); ties
  /// left after that go to the smallest digest, so any arrival order gives the same state.
  public static func states(of events: some Sequence<(event: ConsentEvent, digest: String)>) -> [String: ConsentState] {
    var result: [String: ConsentState] = [:]
    for item in events { add(item.event, digest: item.digest, to: &result) }
    return result
  }

  /// Folds one more event into a person's states, so that a view over a million people keeps no
  /// events: only each purpose's deciding one. Until a conflict is met every event seen shares the
  /// deciding one's side (granted, or refused and withdrawn), so comparing with it is enough.
  static func add(_ event: ConsentEvent, digest: String, to states: inout [String: ConsentState]) {
    guard var state = states[event.purpose] else {
      states[event.purpose] = ConsentState(purpose: event.purpose, decision: event.decision, deciding: event, events: 1, hasConflict: false,
                                           decidingDigest: digest)
      return
    }
    state.events += 1
    if event.decision.isNegative != state.decision.isNegative { state.hasConflict = true }
    if precedes((event, digest), (state.deciding, state.decidingDigest)) {
      state.decision = event.decision
      state.deciding = event
      state.decidingDigest = digest
    }
    states[event.purpose] = state
  }

  /// Whether `a` decides over `b`.
  static func precedes(_ a: (event: ConsentEvent, digest: String), _ b: (event: ConsentEvent, digest: String)) -> Bool {
    decides((a.event.givenAt, a.event.decision.isNegative, a.digest), over: (b.event.givenAt, b.event.decision.isNegative, b.digest))
  }

  /// The rule, whatever holds the time and digest: the later event; at equal time a refusal or
  /// withdrawal; then the smaller digest.
  static func decides<Time: Comparable, Digest: Comparable>(_ a: (givenAt: Time, negative: Bool, digest: Digest),
                                                             over b: (givenAt: Time, negative: Bool, digest: Digest)) -> Bool {
    if a.givenAt != b.givenAt { return a.givenAt > b.givenAt }
    if a.negative != b.negative { return a.negative }
    return a.digest < b.digest
  }
}
