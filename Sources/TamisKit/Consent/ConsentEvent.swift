import Foundation

/// What a person decided for a purpose.
public enum ConsentDecision: String, CaseIterable, Hashable, Sendable, Codable {
  case granted, refused, withdrawn

  /// A refusal or a withdrawal: at equal time it wins (RGPD art. 7(3): withdrawing is as easy as giving).
  public var isNegative: Bool { self != .granted }
}

/// The lawful basis of a processing (RGPD art. 6(1)).
public enum LegalBasis: String, CaseIterable, Hashable, Sendable, Codable {
  case consent
  case legitimateInterest = "legitimate_interest"
  case contract
  case legalObligation = "legal_obligation"
}

/// Whom a consent event concerns: a source record, or an email or phone that resolves to the
/// golden record holding it. Stored only as a keyed hash (``key``), never in clear.
public enum ConsentSubject: Hashable, Sendable {
  /// `source:record_id`.
  case record(String)
  /// The email's matching key (``EmailNormaliser/key(_:)``).
  case email(String)
  /// E.164.
  case phone(String)

  /// The text whose keyed hash stands for the subject in the store.
  public var key: String {
    switch self {
    case .record(let reference): "record:" + reference
    case .email(let email): "email:" + email
    case .phone(let phone): "phone:" + phone
    }
  }

  /// `hasher.hash(key)` as bytes, without building the key: the views hash every record's
  /// reference, emails and phones.
  public func digest(with hasher: KeyedHasher) -> Digest256 {
    switch self {
    case .record(let reference): hasher.digest("record:", reference)
    case .email(let email): hasher.digest("email:", email)
    case .phone(let phone): hasher.digest("phone:", phone)
    }
  }

  /// Every kind of subject, as ``kind`` spells them.
  public static let kinds: Set<String> = ["record", "email", "phone"]

  public var kind: String {
    switch self {
    case .record: "record"
    case .email: "email"
    case .phone: "phone"
    }
  }
}

/// What the person was shown and how the decision was collected (RGPD art. 7(1): the controller
/// must be able to demonstrate consent).
public struct ConsentProof: Hashable, Sendable {
  /// The notice the person saw, as `rules/consent.yml` names it, and its version.
  public var noticeId: String?
  public var noticeVersion: String?
  /// How it was collected (`web_form`, `paper`, `double_opt_in` …).
  public var method: String?
  /// Where the evidence is kept (a form submission id, "column opt_in_email of crm.csv (SHA-256 …)").
  public var evidence: String?

  public init(noticeId: String? = nil, noticeVersion: String? = nil, method: String? = nil, evidence: String? = nil) {
    self.noticeId = noticeId
    self.noticeVersion = noticeVersion
    self.method = method
    self.evidence = evidence
  }

  /// No notice names the wording the person saw: the consent cannot be fully proven.
  public var lacksWording: Bool { noticeId == nil }
}

/// One decision of a person for one purpose, with its proof (RGPD art. 7(1)).
///
/// Never edited: a withdrawal is a new event, and the latest event for a purpose wins.
public struct ConsentEvent: Hashable, Sendable {
  public var subject: ConsentSubject
  public var purpose: String
  public var decision: ConsentDecision
  /// When the person decided (not when it was imported), UTC, `yyyy-MM-ddTHH:mm:ssZ`.
  public var givenAt: String
  public var legalBasis: LegalBasis
  public var channel: String?
  /// Where it was collected: the source system, the form, the campaign.
  public var sourceSystem: String?
  public var form: String?
  public var campaign: String?
  public var proof: ConsentProof

  public init(subject: ConsentSubject, purpose: String, decision: ConsentDecision, givenAt: String, legalBasis: LegalBasis = .consent,
              channel: String? = nil, sourceSystem: String? = nil, form: String? = nil, campaign: String? = nil,
              proof: ConsentProof = ConsentProof()) {
    self.subject = subject
    self.purpose = purpose
    self.decision = decision
    self.givenAt = givenAt
    self.legalBasis = legalBasis
    self.channel = channel
    self.sourceSystem = sourceSystem
    self.form = form
    self.campaign = campaign
    self.proof = proof
  }

  /// SHA-256 of the event with its subject given as `subjectHash` (a keyed hash): equal events
  /// have one digest, so importing a file twice adds nothing, and the digest reveals no one.
  public func digest(subjectHash: String) -> String {
    let fields = [subjectHash, purpose, decision.rawValue, givenAt, legalBasis.rawValue, channel ?? "", sourceSystem ?? "", form ?? "",
                  campaign ?? "", proof.noticeId ?? "", proof.noticeVersion ?? "", proof.method ?? "", proof.evidence ?? ""]
    return FileDigest.sha256(Array(fields.joined(separator: "\u{1F}").utf8))
  }
}

/// Consent times: a date, or a date and time with an optional offset, read as UTC.
public enum ConsentTime {
  /// `2026-03-01` → `2026-03-01T00:00:00Z`; `2026-03-01T10:15:00+01:00` → `2026-03-01T09:15:00Z`;
  /// `01/03/2026` (day first) and `01/03/2026 10:15` too. Nil when unreadable.
  public static func parse(_ text: String) -> String? {
    let trimmed = text.trimmedWhitespace
    guard !trimmed.isEmpty else { return nil }
    if let fast = utc(trimmed) { return fast }
    if trimmed.contains("T"), trimmed.count > 19 {
      // Foundation rolls 31 April over to 1 May: the day must exist before it is read.
      guard CivilDate(iso: String(trimmed.prefix(10))) != nil else { return nil }
      let iso = ISO8601DateFormatter()
      for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
        iso.formatOptions = options
        if let date = iso.date(from: trimmed) { return format(date) }
      }
      return nil
    }
    let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
    guard let first = parts.first, case .date(let day, _) = DateNormaliser.parse(first, allowsSerial: false) else { return nil }
    var seconds = 0
    if parts.count == 2 {
      let clock = parts[1].split(separator: ":").compactMap { Int($0) }
      guard (2...3).contains(clock.count), clock[0] < 24, clock[1] < 60, clock.count == 2 || clock[2] < 60 else { return nil }
      seconds = clock[0] * 3600 + clock[1] * 60 + (clock.count == 3 ? clock[2] : 0)
    } else if parts.count > 2 {
      return nil
    }
    return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", day.year, day.month, day.day, seconds / 3600, seconds / 60 % 60, seconds % 60)
  }

  /// The common forms without a formatter: `yyyy-MM-dd` and `yyyy-MM-ddTHH:mm:ssZ`, checked.
  static func utc(_ text: String) -> String? {
    let bytes = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return nil }
        value = value * 10 + Int(bytes[index] - 0x30)
      }
      return value
    }
    guard bytes.count == 10 || (bytes.count == 20 && bytes[10] == UInt8(ascii: "T") && bytes[13] == UInt8(ascii: ":")
                                  && bytes[16] == UInt8(ascii: ":") && bytes[19] == UInt8(ascii: "Z")),
          bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
          let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
          CivilDate.isValid(year: year, month: month, day: day) else { return nil }
    if bytes.count == 10 { return text + "T00:00:00Z" }
    guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19), hour < 24, minute < 60, second < 60 else {
      return nil
    }
    return text
  }

  /// A stored time's digits as one number, right-padded to `yyyyMMddHHmmss`: ordered as the
  /// times are (a view compares a million of them without keeping the strings).
  public static func sortKey(_ utf8: some Sequence<UInt8>) -> UInt64 {
    var key: UInt64 = 0, digits = 0
    for byte in utf8 where (0x30...0x39).contains(byte) && digits < 14 {
      key = key * 10 + UInt64(byte - 0x30)
      digits += 1
    }
    for _ in digits..<14 { key *= 10 }
    return key
  }

  static func format(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }
}
