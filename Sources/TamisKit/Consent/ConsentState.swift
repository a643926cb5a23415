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

  /// The states of every purpose the events speak of, by purpose: the latest event wins; at equal
  /// time a refusal or withdrawal wins (RGPD art. 7(3): withdrawing is as easy as giving); ties
  /// left after that go to the smallest digest, so any arrival order gives the same state.
  public static func states(of events: some Sequence<(event: ConsentEvent, digest: String)>) -> [String: ConsentState] {
    var result: [String: ConsentState] = [:]
    var winners: [String: (event: ConsentEvent, digest: String)] = [:]
    var decisions: [String: Set<Bool>] = [:]
    for item in events {
      let purpose = item.event.purpose
      decisions[purpose, default: []].insert(item.event.decision.isNegative)
      if let current = winners[purpose], !precedes(item, current) {
        result[purpose]?.events += 1
        continue
      }
      winners[purpose] = item
      let count = (result[purpose]?.events ?? 0) + 1
      result[purpose] = ConsentState(purpose: purpose, decision: item.event.decision, deciding: item.event, events: count, hasConflict: false)
    }
    for (purpose, seen) in decisions where seen.count == 2 { result[purpose]?.hasConflict = true }
    return result
  }

  /// Whether `a` decides over `b`.
  static func precedes(_ a: (event: ConsentEvent, digest: String), _ b: (event: ConsentEvent, digest: String)) -> Bool {
    if a.event.givenAt != b.event.givenAt { return a.event.givenAt > b.event.givenAt }
    if a.event.decision.isNegative != b.event.decision.isNegative { return a.event.decision.isNegative }
    return a.digest < b.digest
  }
}
