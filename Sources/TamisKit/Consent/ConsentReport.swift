import Foundation

/// The DPO's consent report: per purpose, how many golden records granted, refused, withdrew or
/// never decided; consents lacking proof of wording or due for renewal; conflicts met in merges;
/// and per channel how many may be contacted.
public struct ConsentReport: Codable, Sendable {
  public struct Coverage: Codable, Sendable {
    public var purpose: String
    public var granted = 0
    public var refused = 0
    public var withdrawn = 0
    public var unknown = 0
    /// Granted without a notice naming the wording shown.
    public var lackingProof = 0
    /// Granted longer ago than the renewal period.
    public var dueForRenewal = 0
    /// One source granted while another refused or withdrew.
    public var conflicts = 0
  }

  public struct Reach: Codable, Sendable {
    public var channel: String
    public var purpose: String
    public var contactable = 0
    /// Left out, by reason.
    public var excluded: [String: Int] = [:]
  }

  public var asOf: String
  public var goldenRecords: Int
  public var events: Int
  /// Events of people not (yet) in the referential.
  public var pendingEvents: Int
  /// Events whose email or phone several golden records share: attached to none.
  public var ambiguousEvents: Int
  public var purposes: [Coverage]
  public var channels: [Reach]

  /// Builds the report from a snapshot of the ledger and the people's facts, read a block at a time.
  public static func make(ledger: ConsentLedger, asOf: CivilDate) throws -> ConsentReport {
    let snapshot = try ledger.snapshot(asOf: asOf)
    let renewal = ConsentTime.sortKey("\(asOf.adding(months: -ledger.rules.renewalMonths))T23:59:59Z".utf8)
    var coverage = ledger.rules.purposes.map { Coverage(purpose: $0.name) }
    var reach: [Reach] = [], decisions: [(channel: ContactChannel, purpose: String, rule: ConsentRules.ChannelRule)] = []
    for channel in ContactChannel.allCases {
      guard let purpose = ledger.rules.defaultPurpose(for: channel) else { continue }
      let decision = try ledger.channelRule(channel, purpose: purpose)
      decisions.append((channel, purpose, decision.rule))
      reach.append(Reach(channel: channel.rawValue, purpose: purpose))
    }
    var goldenRecords = 0
    try ledger.store.forEachContactFacts { block in
      for facts in block {
        goldenRecords += 1
        let person = snapshot.states.lookup(facts.golden)
        coverage.count(person, in: snapshot.states, renewal: renewal)
        for (index, decision) in decisions.enumerated() {
          switch ledger.verdict(facts, person: person, channel: decision.channel, purpose: decision.purpose, rule: decision.rule, asOf: asOf, in: snapshot) {
          case .listed: reach[index].contactable += 1
          case .excluded(let reason): reach[index].excluded[reason, default: 0] += 1
          }
        }
      }
    }
    return ConsentReport(asOf: asOf.description, goldenRecords: goldenRecords, events: snapshot.events, pendingEvents: snapshot.pending,
                         ambiguousEvents: snapshot.ambiguous, purposes: coverage, channels: reach)
  }

  /// Rates as percentages of the golden records, one decimal.
  func rate(_ count: Int) -> String { goldenRecords == 0 ? "0.0" : String(format: "%.1f", Double(count) * 100 / Double(goldenRecords)) }

  public var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// One row per purpose, then one per channel (spreadsheet-safe).
  public var csv: String {
    var rows = [["section", "name", "granted", "refused", "withdrawn", "unknown", "lacking_proof", "due_for_renewal", "conflicts",
                 "contactable", "excluded"]]
    for line in purposes {
      rows.append(["purpose", line.purpose, String(line.granted), String(line.refused), String(line.withdrawn), String(line.unknown),
                   String(line.lackingProof), String(line.dueForRenewal), String(line.conflicts), "", ""])
    }
    for line in channels {
      rows.append(["channel", "\(line.channel) (\(line.purpose))", "", "", "", "", "", "", "", String(line.contactable),
                   line.excluded.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")])
    }
    return rows.map { String(decoding: CSVText.line($0), as: UTF8.self) }.joined()
  }

  /// Markdown (`md`) or plain text tables.
  public func table(markdown: Bool) -> String {
    var out = markdown ? "# Consent report, as of \(asOf)\n\n" : "consent report, as of \(asOf)\n"
    out += "\(goldenRecords) golden records, \(events) consent events attached, \(pendingEvents) pending (person not in the referential), "
      + "\(ambiguousEvents) ambiguous (an email or phone several people share)\n\n"
    let header = ["purpose", "granted", "refused", "withdrawn", "unknown", "lacking proof", "due for renewal", "conflicts"]
    var rows = purposes.map { line in
      [line.purpose, "\(line.granted) (\(rate(line.granted)) %)", "\(line.refused) (\(rate(line.refused)) %)",
       "\(line.withdrawn) (\(rate(line.withdrawn)) %)", "\(line.unknown) (\(rate(line.unknown)) %)", String(line.lackingProof),
       String(line.dueForRenewal), String(line.conflicts)]
    }
    out += TextTable.render([header] + rows, markdown: markdown) + "\n"
    rows = channels.map { line in
      [line.channel, line.purpose, String(line.contactable),
       line.excluded.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
    }
    out += TextTable.render([["channel", "purpose", "contactable", "excluded"]] + rows, markdown: markdown)
    return out
  }
}

extension [ConsentReport.Coverage] {
  /// Counts one golden record's states into each purpose's line.
  mutating func count(_ person: ConsentStates.Person?, in states: ConsentStates, renewal: UInt64) {
    for index in indices {
      guard let state = states.state(of: person, purpose: self[index].purpose) else { self[index].unknown += 1; continue }
      switch state.decision {
      case .granted:
        self[index].granted += 1
        if state.lacksWording { self[index].lackingProof += 1 }
        if state.givenAt < renewal { self[index].dueForRenewal += 1 }
      case .refused: self[index].refused += 1
      case .withdrawn: self[index].withdrawn += 1
      }
      if state.hasConflict { self[index].conflicts += 1 }
    }
  }
}
