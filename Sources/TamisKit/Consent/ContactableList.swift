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
    let purposeName = purpose ?? ledger.rules.defaultPurpose(for: channel) ?? ""
    let column = channel == .post ? "address" : channel == .sms ? "mobile" : channel.rawValue
    var list = ContactableList(channel: channel, purpose: purposeName,
                               csv: String(decoding: CSVText.line(["golden_id", "civility", "first_name", "last_name", column, "basis"]), as: UTF8.self))
    for (facts, verdict) in try ledger.contactability(channel: channel, purpose: purpose, asOf: asOf) {
      list.goldenRecords += 1
      switch verdict {
      case .listed(let basis):
        list.listed += 1
        let row = [facts.golden, facts.civility, facts.firstName, facts.lastName, facts.value(for: channel) ?? "", basis]
        list.csv += String(decoding: CSVText.line(row), as: UTF8.self)
      case .excluded(let reason):
        list.excluded[reason, default: 0] += 1
      }
    }
    return list
  }

  /// `golden records 12 = listed 7 + excluded 5 (no_consent 3, withdrawn 2)`.
  public var balance: String {
    let reasons = excluded.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    return "golden records \(goldenRecords) = listed \(listed) + excluded \(excludedTotal)" + (reasons.isEmpty ? "" : " (\(reasons))")
  }
}
