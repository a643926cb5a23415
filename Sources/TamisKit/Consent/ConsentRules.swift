import Foundation

/// A way of contacting a person, each with its own law.
public enum ContactChannel: String, CaseIterable, Hashable, Sendable, Codable {
  case email, sms, phone, post
}

/// The consent rules of `rules/consent.yml`: the purposes, the notices people were shown, when a
/// consent is due for renewal, and per channel what makes a person contactable.
public struct ConsentRules: Sendable {
  public struct Purpose: Hashable, Sendable {
    public var name: String
    /// The channel it contacts people by; nil for a purpose that contacts no one (profiling).
    public var channel: ContactChannel?
  }

  /// One version of a notice, whose text is kept once with its SHA-256.
  public struct Notice: Hashable, Sendable {
    public var id: String
    public var version: String
    public var text: String
    public var sha256: String { FileDigest.sha256(Array(text.utf8)) }
  }

  /// What makes a person contactable on a channel when the ledger holds no decision.
  public struct ChannelRule: Hashable, Sendable {
    /// Prior consent is needed (CPCE L.34-5 for B2C email and SMS).
    public var requiresConsent: Bool
    /// An existing customer may be contacted without prior consent (soft opt-in).
    public var softOptIn = false
    /// From this day prior consent is needed (telephone canvassing: 11 August 2026).
    public var consentRequiredFrom: CivilDate?
    /// A customer under a current contract may be called without consent.
    public var exceptContract = false

    /// Whether prior consent is needed on `day`.
    public func needsConsent(on day: CivilDate) -> Bool {
      requiresConsent || consentRequiredFrom.map { day >= $0 } ?? false
    }
  }

  public var purposes: [Purpose]
  public var notices: [Notice]
  /// A consent older than this is due for renewal.
  public var renewalMonths: Int
  public var channels: [ContactChannel: ChannelRule]
  public var file: String?

  /// The defaults of `rules/consent.yml`, which cites their sources.
  public static let defaults = ConsentRules(
    purposes: [
      Purpose(name: "email_marketing", channel: .email), Purpose(name: "sms_marketing", channel: .sms),
      Purpose(name: "phone_canvassing", channel: .phone), Purpose(name: "postal_marketing", channel: .post),
      Purpose(name: "newsletter", channel: .email), Purpose(name: "profiling", channel: nil),
      Purpose(name: "sharing_with_partners", channel: nil),
    ],
    notices: [], renewalMonths: 36,
    channels: [
      .email: ChannelRule(requiresConsent: true, softOptIn: true), .sms: ChannelRule(requiresConsent: true, softOptIn: true),
      .phone: ChannelRule(requiresConsent: false, consentRequiredFrom: CivilDate(year: 2026, month: 8, day: 11), exceptContract: true),
      .post: ChannelRule(requiresConsent: false),
    ])

  public func purpose(named name: String) -> Purpose? { purposes.first { $0.name == name } }

  public func notice(id: String, version: String?) -> Notice? {
    notices.first { $0.id == id && (version == nil || $0.version == version) }
  }

  /// The purpose a campaign on `channel` asks about when none is given: the first listed for it.
  public func defaultPurpose(for channel: ContactChannel) -> String? { purposes.first { $0.channel == channel }?.name }

  /// - Throws: `RulesError`, `ConsentError.unknownChannel`.
  public static func load(_ path: String) throws -> ConsentRules {
    let root = try RulesNode.load(path)
    try root.allowKeys(["version", "purposes", "notices", "renewal_months", "channels"])
    var rules = ConsentRules.defaults
    rules.file = path
    if let purposes = root["purposes"] {
      rules.purposes = try purposes.entries().map { name, node in
        try node.allowKeys(["channel"])
        guard let channel = try node["channel"].map({ try $0.choice(ContactChannel.self) }) ?? nil else { return Purpose(name: name, channel: nil) }
        return Purpose(name: name, channel: channel)
      }
    }
    let directory = (path as NSString).deletingLastPathComponent
    for node in try root["notices"]?.array() ?? [] {
      try node.allowKeys(["id", "version", "text", "file"])
      let id = try node.required("id").string(), version = try node.required("version").string()
      let text: String
      if let inline = node["text"] {
        text = try inline.string()
      } else {
        let file = try node.required("file")
        let named = try file.string()
        let full = named.hasPrefix("/") ? named : (directory as NSString).appendingPathComponent(named)
        guard let data = FileManager.default.contents(atPath: full), let read = String(data: data, encoding: .utf8) else {
          throw RulesError.badValue(file.locator, expected: "a readable UTF-8 file holding the notice's text (\(full) cannot be read)")
        }
        text = read
      }
      rules.notices.append(Notice(id: id, version: version, text: text))
    }
    if let months = root["renewal_months"] {
      rules.renewalMonths = try months.int()
      guard rules.renewalMonths > 0 else { throw RulesError.badValue(months.locator, expected: "a number of months above 0") }
    }
    for (name, node) in try root["channels"]?.entries() ?? [] {
      guard let channel = ContactChannel(rawValue: name) else { throw ConsentError.unknownChannel(node.locator, name: name) }
      try node.allowKeys(["requires", "soft_opt_in", "consent_required_from", "except_contract"])
      var rule = ChannelRule(requiresConsent: false)
      if let requires = node["requires"] {
        let value = try requires.string()
        guard ["consent", "no_objection"].contains(value) else { throw RulesError.badValue(requires.locator, expected: "consent or no_objection") }
        rule.requiresConsent = value == "consent"
      }
      rule.softOptIn = try node["soft_opt_in"]?.bool() ?? false
      rule.exceptContract = try node["except_contract"]?.bool() ?? false
      if let from = node["consent_required_from"] {
        guard let day = CivilDate(iso: try from.string()) else { throw RulesError.badValue(from.locator, expected: "a date as yyyy-MM-dd") }
        rule.consentRequiredFrom = day
      }
      rules.channels[channel] = rule
    }
    return rules
  }
}
