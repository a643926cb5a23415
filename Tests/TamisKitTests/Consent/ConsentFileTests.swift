import Testing
@testable import TamisKit

@Suite struct ConsentFileTests {
  var rules: ConsentRules {
    var rules = ConsentRules.defaults
    rules.notices = [ConsentRules.Notice(id: "form", version: "2", text: "Vous acceptez …")]
    return rules
  }

  func read(_ text: String, name: String = "consents.csv") throws -> [ConsentFile.Outcome] {
    let path = TestFiles.write(text, name: name)
    var outcomes: [ConsentFile.Outcome] = []
    try ConsentFile(rules: rules, now: "2026-12-03T00:00:00Z").read(path) { outcomes.append($0) }
    return outcomes
  }

  @Test func frenchHeadersAndWordsMakeEvents() throws {
    let outcomes = try read("""
      courriel;finalité;consentement;date du consentement;base légale;canal;mention;version;preuve
      Jean.Dupont+news@Gmail.com;Email marketing;retiré;2025-06-01 14:30;intérêt légitime;web;form;2;sub-1
      """)
    guard case .event(let event, let at) = outcomes.first else { Issue.record("no event"); return }
    #expect(event.subject == .email("jeandupont@gmail.com"))
    #expect(event.purpose == "email_marketing" && event.decision == .withdrawn && event.givenAt == "2025-06-01T14:30:00Z")
    #expect(event.legalBasis == .legitimateInterest && event.proof.noticeId == "form" && !event.proof.lacksWording)
    #expect(at.line == 2)
  }

  @Test func englishJSONWithARecordReference() throws {
    let outcomes = try read(#"[{"record":"crm:C0001","purpose":"newsletter","decision":"granted","given_at":"2024-01-10T09:30:00+01:00"}]"#,
                            name: "consents.json")
    guard case .event(let event, _) = outcomes.first else { Issue.record("no event"); return }
    #expect(event.subject == .record("crm:C0001") && event.givenAt == "2024-01-10T08:30:00Z" && event.proof.lacksWording)
  }

  @Test(arguments: [
    ("crm:C1,advertising,granted,2025-01-01,,", "CONSENT_PURPOSE_UNKNOWN", "purpose"),
    ("crm:C1,newsletter,maybe,2025-01-01,,", "CONSENT_DECISION_UNKNOWN", "decision"),
    ("crm:C1,newsletter,granted,,,", "CONSENT_DATE_MISSING", "given_at"),
    ("crm:C1,newsletter,granted,2030-01-01,,", "CONSENT_DATE_FUTURE", "given_at"),
    ("crm:C1,newsletter,granted,31/02/2025,,", "CONSENT_DATE_INVALID", "given_at"),
    (",newsletter,granted,2025-01-01,,", "CONSENT_SUBJECT_MISSING", nil),
    ("crm:C1,newsletter,granted,2025-01-01,other-form,", "CONSENT_NOTICE_UNKNOWN", "notice"),
    ("crm:C1,newsletter,granted,2025-01-01,,vague", "CONSENT_BASIS_UNKNOWN", "legal_basis"),
  ])
  func anEventThatCannotBeUsedIsQuarantinedWithItsField(line: String, code: String, field: String?) throws {
    let outcomes = try read("record,purpose,decision,given_at,notice,legal_basis\n" + line + "\n")
    guard case .quarantined(let issues) = outcomes.first else { Issue.record("not quarantined"); return }
    #expect(issues.map(\.code) == [code])
    #expect(issues.first?.locator.line == 2 && issues.first?.locator.field == field)
    #expect(!(issues.first?.message.contains("C1") ?? true), "no personal data in the message")
  }
}
