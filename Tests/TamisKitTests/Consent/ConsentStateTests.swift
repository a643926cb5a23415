import Testing
import Foundation
@testable import TamisKit

@Suite struct ConsentStateTests {
  func event(_ decision: ConsentDecision, _ givenAt: String, purpose: String = "email_marketing", from source: String = "crm:C1") -> (event: ConsentEvent, digest: String) {
    let event = ConsentEvent(subject: .record(source), purpose: purpose, decision: decision, givenAt: givenAt)
    return (event, event.digest(subjectHash: source))
  }

  @Test func theLatestEventWins() {
    let states = ConsentState.states(of: [event(.granted, "2024-01-01T00:00:00Z"), event(.withdrawn, "2025-01-01T00:00:00Z"),
                                          event(.granted, "2026-01-01T00:00:00Z")])
    #expect(states["email_marketing"]?.decision == .granted)
    #expect(states["email_marketing"]?.events == 3)
    #expect(states["email_marketing"]?.hasConflict == true)
  }

  @Test func atEqualTimeARefusalOrWithdrawalWins() {
    let time = "2025-05-05T10:00:00Z"
    #expect(ConsentState.states(of: [event(.granted, time), event(.withdrawn, time, from: "eshop:W1")])["email_marketing"]?.decision == .withdrawn)
    #expect(ConsentState.states(of: [event(.refused, time), event(.granted, time, from: "eshop:W1")])["email_marketing"]?.decision == .refused)
  }

  /// Any arrival order gives the same state: the events of two merged records, shuffled.
  @Test func anyArrivalOrderGivesTheSameState() {
    var events: [(event: ConsentEvent, digest: String)] = []
    for day in 1...9 {
      for (k, decision) in ConsentDecision.allCases.enumerated() {
        events.append(event(decision, "2025-0\(day)-0\(1 + k % 2)T00:00:00Z", purpose: ["newsletter", "sms_marketing"][day % 2], from: "crm:C\(k)"))
      }
    }
    let expected = ConsentState.states(of: events)
    var random = SeededGenerator(seed: 7)
    for _ in 0..<200 {
      let shuffled = events.shuffled(using: &random)
      let states = ConsentState.states(of: shuffled)
      #expect(states.mapValues(\.decision) == expected.mapValues(\.decision))
      #expect(states.mapValues(\.deciding) == expected.mapValues(\.deciding))
      #expect(states.mapValues(\.events) == expected.mapValues(\.events))
    }
  }

  /// The compact states the views keep decide as the full ones do, in any order: decision,
  /// conflict, notice and time of the deciding event, over events with ties on time and side.
  @Test func theViewsCompactStatesDecideAsTheFullOnes() throws {
    var random = SeededGenerator(seed: 11)
    for _ in 0..<300 {
      var events: [(event: ConsentEvent, digest: String)] = []
      for k in 0..<Int.random(in: 1...6, using: &random) {
        var item = event(ConsentDecision.allCases.randomElement(using: &random) ?? .granted, "2025-0\(Int.random(in: 1...3, using: &random))-01T00:00:00Z",
                         purpose: ["newsletter", "sms_marketing"].randomElement(using: &random) ?? "newsletter", from: "crm:C\(k)")
        if Bool.random(using: &random) { item.event.proof.noticeId = "cgv" }
        events.append(item)
      }
      let expected = ConsentState.states(of: events)
      var compact = ConsentStates()
      let person = compact.person("G1")
      for item in events.shuffled(using: &random) {
        compact.add(person: person, purpose: item.event.purpose, decision: item.event.decision, givenAt: ConsentTime.sortKey(item.event.givenAt.utf8),
                    lacksWording: item.event.proof.lacksWording, digest: try #require(Digest256(hex: item.digest)))
      }
      for purpose in ["newsletter", "sms_marketing"] {
        let full = expected[purpose], kept = compact.state(of: compact.lookup("G1"), purpose: purpose)
        #expect(kept?.decision == full?.decision)
        #expect(kept?.hasConflict == full?.hasConflict)
        #expect(kept?.lacksWording == full?.deciding.proof.lacksWording)
        #expect(kept?.givenAt == full.map { ConsentTime.sortKey($0.deciding.givenAt.utf8) })
      }
    }
    #expect(ConsentTime.sortKey("2026-03-01".utf8) == 20260301000000)
    #expect(ConsentTime.sortKey("2026-03-01T09:15:00Z".utf8) < ConsentTime.sortKey("2026-03-01T10:15:00Z".utf8))
  }

  /// Merging two people's events then splitting them gives each their own state back: a state
  /// depends on the events only, and a split hands each side exactly its own.
  @Test func mergeThenSplitGivesBackBothStates() {
    let a = [event(.granted, "2024-01-01T00:00:00Z", from: "crm:A"), event(.granted, "2025-03-01T00:00:00Z", purpose: "newsletter", from: "crm:A")]
    let b = [event(.withdrawn, "2024-06-01T00:00:00Z", from: "eshop:B")]
    let merged = ConsentState.states(of: a + b)
    #expect(merged["email_marketing"]?.decision == .withdrawn, "a withdrawal from any source applies to the golden record")
    let sideA = (a + b).filter { item in a.contains { $0.digest == item.digest } }
    let sideB = (a + b).filter { item in b.contains { $0.digest == item.digest } }
    #expect(ConsentState.states(of: sideA) == ConsentState.states(of: a))
    #expect(ConsentState.states(of: sideB) == ConsentState.states(of: b))
    #expect(ConsentState.states(of: sideA)["email_marketing"]?.decision == .granted)
  }

  @Test(arguments: [
    ("2026-03-01", "2026-03-01T00:00:00Z"), ("2026-03-01T10:15:00+01:00", "2026-03-01T09:15:00Z"), ("2026-03-01T10:15:00Z", "2026-03-01T10:15:00Z"),
    ("01/03/2026", "2026-03-01T00:00:00Z"), ("01/03/2026 10:15", "2026-03-01T10:15:00Z"), ("2026-02-30", nil), ("hier", nil), ("01/03/2026 25:00", nil),
  ])
  func consentTimesReadAsUTC(text: String, expected: String?) {
    #expect(ConsentTime.parse(text) == expected)
  }
}

@Suite struct ConsentTimeFastPathTests {
  /// The formatter-free path agrees with the general one (Foundation's ISO 8601 reading, on days
  /// that exist: Foundation rolls 31 April over to 1 May, which both paths refuse).
  @Test func theFastPathAgreesWithTheFormatter() {
    var random = SeededGenerator(seed: 11)
    let formatter = ISO8601DateFormatter()
    for _ in 0..<2000 {
      let date = CivilDate(year: Int.random(in: 1900...2100, using: &random), month: Int.random(in: 1...12, using: &random),
                           day: Int.random(in: 1...31, using: &random))
      let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month, date.day, Int.random(in: 0...23, using: &random),
                        Int.random(in: 0...59, using: &random), Int.random(in: 0...59, using: &random))
      let exists = CivilDate.isValid(year: date.year, month: date.month, day: date.day)
      let expected = exists ? formatter.date(from: text).map(ConsentTime.format) : nil
      #expect(ConsentTime.utc(text) == expected, "\(text)")
      #expect(ConsentTime.parse(String(text.dropLast()) + "+00:00") == expected, "the general path, \(text)")
      #expect(ConsentTime.utc(String(text.prefix(10))) == expected.map { String($0.prefix(10)) + "T00:00:00Z" })
    }
  }
}
