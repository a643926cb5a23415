/// The list a campaign may use on one channel: one row per contactable golden record, in golden
/// id order, and every other live golden record counted by the reason it was left out, so that
/// golden records = listed + excluded.
public struct ContactableList: Sendable {
  public var channel: ContactChannel
  public var purpose: String
  /// CSV `golden_id,civility,first_name,last_name,<channel value>,basis`, spreadsheet-safe.
  public var csv: String
  public var listed = 0
  public var excluded: [String: Int] = [:]
  public var goldenRecords = 0

  public var excludedTotal: Int { excluded.values.reduce(0, +) }

  /// - Throws: `ConsentError.unknownPurpose`, `StoreError`.
  public static func make(ledger: ConsentLedger, channel: ContactChannel, purpose: String?, asOf: CivilDate) throws -> ContactableList {
    let decision = try ledger.channelRule(channel, purpose: purpose)
    let snapshot = try ledger.snapshot(asOf: asOf, purposes: Set([decision.purpose].compactMap { $0 }))
    let column = channel == .post ? "address" : channel == .sms ? "mobile" : channel.rawValue
    var list = ContactableList(channel: channel, purpose: decision.purpose ?? "",
                               csv: String(decoding: CSVText.line(["golden_id", "civility", "first_name", "last_name", column, "basis"]), as: UTF8.self))
    var lines: [UInt8] = []
    try ledger.store.forEachContactFacts { block in
      for facts in block {
        list.goldenRecords += 1
        switch ledger.verdict(facts, person: snapshot.states.lookup(facts.golden), channel: channel, purpose: decision.purpose, rule: decision.rule, asOf: asOf, in: snapshot) {
        case .listed(let basis):
          list.listed += 1
          lines += CSVText.line([facts.golden, facts.civility, facts.firstName, facts.lastName, facts.value(for: channel) ?? "", basis])
        case .excluded(let reason):
          list.excluded[reason, default: 0] += 1
        }
      }
    }
    list.csv += String(decoding: lines, as: UTF8.self)
    return list
  }

  /// `golden records 12 = listed 7 + excluded 5 (no_consent 3, withdrawn 2)`.
  public var balance: String {
    let reasons = excluded.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    return "golden records \(goldenRecords) = listed \(listed) + excluded \(excludedTotal)" + (reasons.isEmpty ? "" : " (\(reasons))")
  }
}
