import Testing
@testable import TamisKit

@Suite struct ContactabilityTests {
  let rules = ConsentRules.defaults

  func facts(status: String = "", email: Bool = true, phone: Bool = true) -> ContactFacts {
    let fields = (email ? #""email":[{"value":"a@b.fr"}],"# : "") + (phone ? #""mobile":[{"value":"+33612345678"}],"# : "")
    return ContactFacts(golden: "G1", json: #"{"fields":{\#(fields)"first_name":{"value":"Ann"}}}"#, customerStatus: status)
  }

  func state(_ decision: ConsentDecision) -> ConsentState {
    let event = ConsentEvent(subject: .record("crm:C1"), purpose: "email_marketing", decision: decision, givenAt: "2025-01-01T00:00:00Z")
    return ConsentState(purpose: "email_marketing", decision: decision, deciding: event, events: 1, hasConflict: false)
  }

  func decide(_ channel: ContactChannel, _ facts: ContactFacts, _ state: ConsentState? = nil, suppressed: Bool = false,
              asOf: String = "2026-12-01") -> Contactability.Verdict {
    Contactability.decide(channel: channel, facts: facts, decision: state?.decision, isSuppressed: suppressed, rule: rules.channels[channel]!,
                          asOf: CivilDate(iso: asOf)!)
  }

  @Test func emailNeedsConsentExceptTheSoftOptInOfACustomer() {
    #expect(decide(.email, facts()) == .excluded(reason: "no_consent"))
    #expect(decide(.email, facts(status: "customer")) == .listed(basis: "soft_opt_in"))
    #expect(decide(.email, facts(), state(.granted)) == .listed(basis: "consent"))
    #expect(decide(.email, facts(status: "customer"), state(.withdrawn)) == .excluded(reason: "withdrawn"), "a customer who withdrew is not soft opt-in")
    #expect(decide(.email, facts(status: "customer"), state(.refused)) == .excluded(reason: "refused"))
    #expect(decide(.email, facts(email: false), state(.granted)) == .excluded(reason: "no_email"))
    #expect(decide(.email, facts(), state(.granted), suppressed: true) == .excluded(reason: "suppressed"))
  }

  /// Calls: allowed unless objected until 10 August 2026; from 11 August, consent or a current contract.
  @Test func telephoneCanvassingBecomesOptInOnTheEleventhOfAugust2026() {
    #expect(decide(.phone, facts(), asOf: "2026-08-10") == .listed(basis: "no_objection"))
    #expect(decide(.phone, facts(), asOf: "2026-08-11") == .excluded(reason: "no_consent"))
    #expect(decide(.phone, facts(status: "customer"), asOf: "2026-08-11") == .listed(basis: "contract"))
    #expect(decide(.phone, facts(), suppressed: true, asOf: "2026-08-10") == .excluded(reason: "suppressed"))
  }

  @Test func postalMailIsAllowedUnlessThePersonObjected() {
    let withAddress = ContactFacts(golden: "G1", json: #"{"fields":{"street":[{"value":"1 rue X"}],"postal_code":{"value":"75001"},"city":{"value":"Paris"}}}"#,
                                   customerStatus: "")
    #expect(decide(.post, withAddress) == .listed(basis: "no_objection"))
    #expect(decide(.post, withAddress, state(.withdrawn)) == .excluded(reason: "withdrawn"))
    #expect(decide(.post, facts()) == .excluded(reason: "no_address"))
  }

  @Test func theShippedRulesLoadAndABadChannelIsLocated() throws {
    let shipped = try ConsentRules.load(TestFiles.repository.appendingPathComponent("rules/consent.yml").path)
    #expect(shipped.purposes.map(\.name) == ConsentRules.defaults.purposes.map(\.name))
    #expect(shipped.channels == ConsentRules.defaults.channels)
    #expect(shipped.notice(id: "newsletter-form", version: "2026-01")?.text.contains("consentement") == true)
    let bad = TestFiles.write("channels:\n  fax: { requires: consent }\n", name: "consent.yml")
    let error = #expect(throws: ConsentError.self) { try ConsentRules.load(bad) }
    #expect(error?.locator.line == 2)
    let date = TestFiles.write("channels:\n  phone:\n    consent_required_from: soon\n", name: "consent.yml")
    #expect(throws: RulesError.self) { try ConsentRules.load(date) }
  }
}
