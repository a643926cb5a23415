/// Whether a golden record may be contacted on a channel for a purpose, and on what basis.
public enum Contactability {
  public enum Verdict: Hashable, Sendable {
    /// On the list, with the basis: `consent`, `soft_opt_in`, `contract`, `no_objection`.
    case listed(basis: String)
    /// Left out, with the reason: `no_email` (… `no_address`), `suppressed`, `withdrawn`, `refused`, `no_consent`.
    case excluded(reason: String)
  }

  /// The rule of the channel applied to a person (CPCE L.34-5 for email and SMS; C. consom.
  /// L.223-1 for calls, opt-in from 11 August 2026 except under a current contract; postal mail
  /// unless the person objected): a withdrawal or refusal always excludes, a suppression list
  /// too, and a person with no decision is listed only where the law needs none.
  public static func decide(channel: ContactChannel, facts: ContactFacts, decision: ConsentDecision?, isSuppressed: Bool,
                            rule: ConsentRules.ChannelRule, asOf: CivilDate) -> Verdict {
    guard facts.value(for: channel) != nil else {
      return .excluded(reason: channel == .post ? "no_address" : channel == .sms ? "no_mobile" : "no_\(channel.rawValue)")
    }
    if isSuppressed { return .excluded(reason: "suppressed") }
    switch decision {
    case .withdrawn: return .excluded(reason: "withdrawn")
    case .refused: return .excluded(reason: "refused")
    case .granted: return .listed(basis: "consent")
    case nil: break
    }
    guard rule.needsConsent(on: asOf) else { return .listed(basis: "no_objection") }
    if rule.softOptIn && facts.isCustomer { return .listed(basis: "soft_opt_in") }
    if rule.exceptContract && facts.isCustomer { return .listed(basis: "contract") }
    return .excluded(reason: "no_consent")
  }
}
