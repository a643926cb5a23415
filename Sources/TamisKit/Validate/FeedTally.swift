/// Counts for one run of the pipeline over a feed: records per file, issues per code (with the
/// first few of each kept as examples), and the balance read = accepted + quarantined.
///
/// Memory stays flat: only counts and a bounded number of example issues are kept.
public struct FeedTally: Sendable, Codable {
  /// One input file's counts and what its reader found.
  public struct FileTally: Sendable, Codable {
    public var profile: FileProfile
    public var read = 0
    public var accepted = 0
    public var quarantined = 0
    public var issueCounts: [String: Int] = [:]
    /// File-level findings, and the error that stopped the file early, if any.
    public var issues: [Issue] = []
  }

  public var files: [FileTally] = []
  public var issueCounts: [String: Int] = [:]
  /// Records with at least one issue of the code (a record with two bad emails counts once).
  public var recordsWithCode: [String: Int] = [:]
  /// Records holding each field, indexed by ``ContactField/index`` (a counter per field is
  /// cheaper than a dictionary update per record).
  public var recordsWithField = [Int](repeating: 0, count: ContactField.count)
  /// Records holding a phone in any of the phone columns (`among: phone`).
  public var recordsWithPhone = 0
  public var severities: [String: Severity] = [:]
  public var examples: [String: [Issue]] = [:]
  /// Feed-level findings: thresholds exceeded.
  public var feedIssues: [Issue] = []
  public var maxExamplesPerCode: Int

  public init(maxExamplesPerCode: Int = 1000) {
    self.maxExamplesPerCode = maxExamplesPerCode
  }

  public var read: Int { files.reduce(0) { $0 + $1.read } }
  public var accepted: Int { files.reduce(0) { $0 + $1.accepted } }
  public var quarantined: Int { files.reduce(0) { $0 + $1.quarantined } }
  public var balances: Bool { read == accepted + quarantined }

  mutating func record(_ issue: Issue) {
    issueCounts[issue.code, default: 0] += 1
    severities[issue.code] = max(severities[issue.code] ?? issue.severity, issue.severity)
    if examples[issue.code, default: []].count < maxExamplesPerCode { examples[issue.code, default: []].append(issue) }
  }

  /// Counts one contact of the current (last) file.
  public mutating func count(_ contact: Contact) {
    var contact = contact
    count(lending: &contact)
  }

  /// Counts a contact read in place: `inout` passes its address (a contact read out of its
  /// batch is copied, a count per array and string). The contact is not changed.
  mutating func count(lending contact: inout Contact) {
    files[files.count - 1].read += 1
    if contact.hasErrors { files[files.count - 1].quarantined += 1 } else { files[files.count - 1].accepted += 1 }
    for (index, issue) in contact.issues.enumerated() {
      record(issue)
      files[files.count - 1].issueCounts[issue.code, default: 0] += 1
      if !contact.issues[..<index].contains(where: { $0.code == issue.code }) { recordsWithCode[issue.code, default: 0] += 1 }
    }
    contact.withValues { values in
      var previous: ContactField?
      var phone = false
      for index in values.indices {
        let field = values.field(index)
        if field == .phone || field == .mobile || field == .landline { phone = true }
        if field != previous { recordsWithField[field.index] += 1 }
        previous = field
      }
      if phone { recordsWithPhone += 1 }
    }
  }

  /// Adds a batch's counts (tallied on the worker that normalised it, as one file) to the
  /// current file. Examples stay in file order when batches are added in file order.
  public mutating func add(_ batch: FeedTally) {
    guard let counted = batch.files.last else { return }
    files[files.count - 1].read += counted.read
    files[files.count - 1].accepted += counted.accepted
    files[files.count - 1].quarantined += counted.quarantined
    files[files.count - 1].issueCounts.merge(counted.issueCounts, uniquingKeysWith: +)
    issueCounts.merge(batch.issueCounts, uniquingKeysWith: +)
    recordsWithCode.merge(batch.recordsWithCode, uniquingKeysWith: +)
    for index in recordsWithField.indices { recordsWithField[index] += batch.recordsWithField[index] }
    recordsWithPhone += batch.recordsWithPhone
    severities.merge(batch.severities, uniquingKeysWith: max)
    for (code, issues) in batch.examples {
      let room = maxExamplesPerCode - examples[code, default: []].count
      if room > 0 { examples[code, default: []].append(contentsOf: issues.prefix(room)) }
    }
  }

  public mutating func begin(_ profile: FileProfile) { files.append(FileTally(profile: profile)) }

  public mutating func fileIssue(_ issue: Issue) {
    files[files.count - 1].issues.append(issue)
    files[files.count - 1].issueCounts[issue.code, default: 0] += 1
    record(issue)
  }

  /// Checks the rules' thresholds against the counts; adds THRESHOLD_EXCEEDED findings.
  public mutating func applyThresholds(_ rules: ValidationRules) {
    for threshold in rules.thresholds {
      let hits = threshold.code == "QUARANTINED" ? quarantined : recordsWithCode[threshold.code] ?? 0
      let base: Int
      if let among = threshold.among {
        base = among == .phone ? recordsWithPhone : recordsWithField[among.index]
      } else {
        base = read
      }
      // A feed of which no record can be loaded is judged whatever its size: min_records spares
      // a handful of records a rate that says little, not a feed that is wholly unusable.
      let nothingLoadable = threshold.code == "QUARANTINED" && hits == base
      guard base > 0, base >= threshold.minRecords || nothingLoadable else { continue }
      let rate = Double(hits) / Double(base)
      if rate > threshold.maxRate {
        let issue = Issue("THRESHOLD_EXCEEDED", rules.severity(of: "THRESHOLD_EXCEEDED", default: .error), at: threshold.locator,
                          "\(threshold.code) in \(hits) of \(base) records\(threshold.among.map { " with \($0.rawValue)" } ?? "") (\(Percent.format(rate))), above the limit of \(Percent.format(threshold.maxRate))")
        feedIssues.append(issue)
        record(issue)
      }
    }
  }

  /// Whether the feed passes under the rules' `fail_on` level.
  public func passes(_ rules: ValidationRules) -> Bool {
    switch rules.failOn {
    case .never: return true
    case .feed:
      let feedLevel = feedIssues + files.flatMap(\.issues)
      return !feedLevel.contains { $0.severity == .error }
    case .error: return !severities.values.contains(.error)
    case .warning: return !severities.values.contains { $0 >= .warning }
    }
  }
}

/// Percentages as reports print them: one decimal, French-neutral ("2.5 %").
public enum Percent {
  public static func format(_ rate: Double) -> String {
    let tenths = Int((rate * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10) %"
  }
}
