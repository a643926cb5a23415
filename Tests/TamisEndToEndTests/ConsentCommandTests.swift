import Foundation
import Testing

/// The consent ledger through the built `tamis`: import, status, merge and split, report,
/// suppression lists and contactable lists.
@Suite struct ConsentCommandTests {
  func referential() throws -> (store: String, directory: URL) {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db").path
    try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"])
    return (store, directory)
  }

  @Test func importingTwiceAddsNothingAndBadEventsAreQuarantinedWithTheirLine() throws {
    let (store, _) = try referential()
    let first = try Tamis.run(["consent", "import", "fixtures/consent/consents.csv", "--store", store])
    #expect(first.status == 1, "four events are quarantined")
    #expect(first.stdout.contains("fixtures/consent/consents.csv: read 9 = imported 5 + already in the ledger 0 + quarantined 4; 1 pending"))
    #expect(first.stdout.contains("fixtures/consent/consents.csv:7 (record 6, field 'finalité'): error:") && first.stdout.contains("[CONSENT_PURPOSE_UNKNOWN]"))
    #expect(first.stdout.contains("[CONSENT_DATE_MISSING]") && first.stdout.contains("[CONSENT_DATE_FUTURE]") && first.stdout.contains("[CONSENT_DECISION_UNKNOWN]"))
    let head = try Tamis.run(["audit", "head", "--store", store]).stdout
    let second = try Tamis.run(["consent", "import", "fixtures/consent/consents.csv", "--store", store])
    #expect(second.stdout.contains("read 9 = imported 0 + already in the ledger 5 + quarantined 4"))
    #expect(try Tamis.run(["audit", "head", "--store", store]).stdout == head, "a no-op import writes nothing")
    #expect(try Tamis.run(["audit", "verify", "--store", store]).status == 0)
  }

  @Test func aWithdrawalFromAnySourceWinsAndASplitGivesEachSideItsOwnEvents() throws {
    let (store, directory) = try referential()
    try Tamis.run(["consent", "import", "fixtures/consent/consents.csv", "--store", store])
    let jean = try Tamis.run(["consent", "status", "--email", "Jean.Dupont@gmail.com", "--store", store])
    #expect(jean.stdout.contains("email_marketing: withdrawn"), "granted on the CRM record, withdrawn through the email")
    #expect(jean.stdout.contains("notice newsletter-form v2026-01") && jean.stdout.contains("no proof of wording"))

    // Sophie (crm:C0002) granted the newsletter; crm:C0005 withdrew it later. Merged, the withdrawal wins.
    let events = directory.appendingPathComponent("more.csv")
    try "record,purpose,decision,given_at\ncrm:C0005,newsletter,withdrawn,2025-09-01\n".write(to: events, atomically: true, encoding: .utf8)
    try Tamis.run(["consent", "import", events.path, "--store", store])
    func state(_ record: String) throws -> String {
      let json = try Tamis.run(["consent", "status", "--record", record, "--store", store, "--format", "json"]).stdout
      return json.contains(#""purpose":"newsletter","state":"granted""#) ? "granted" : json.contains(#""purpose":"newsletter","state":"withdrawn""#) ? "withdrawn" : "?"
    }
    #expect(try state("crm:C0002") == "granted" && state("crm:C0005") == "withdrawn")
    try Tamis.run(["review", "accept", "crm:C0002", "crm:C0005", "--store", store])
    #expect(try state("crm:C0002") == "withdrawn" && state("crm:C0005") == "withdrawn")
    let golden = try Tamis.run(["consent", "status", "--record", "crm:C0002", "--store", store, "--format", "json"]).stdout
    let id = String(golden.split(separator: "\"")[3])
    try Tamis.run(["review", "split", id, "--store", store])
    #expect(try state("crm:C0002") == "granted" && state("crm:C0005") == "withdrawn")
  }

  @Test func theReportAndTheContactableListBalance() throws {
    let (store, directory) = try referential()
    try Tamis.run(["consent", "import", "fixtures/consent/consents.csv", "--store", store])
    let report = try Tamis.run(["consent", "report", "--store", store, "--format", "json", "--as-of", "2026-12-01"])
    #expect(report.status == 0 && report.stdout.contains(#""pendingEvents" : 1"#))
    let csv = directory.appendingPathComponent("email.csv")
    let listed = try Tamis.run(["contactable", "--channel", "email", "--store", store, "--out", csv.path, "--as-of", "2026-12-01"])
    #expect(listed.stdout.contains("golden records 17 = listed 10 + excluded 7 (no_consent 1, no_email 1, refused 4, withdrawn 1)"))
    let rows = Tamis.read(csv).split(separator: "\n")
    #expect(rows.first == "golden_id,civility,first_name,last_name,email,basis" && rows.count == 11)
    #expect(!rows.contains { $0.contains("jean.dupont") }, "Jean withdrew")
    #expect(try FileManager.default.attributesOfItem(atPath: csv.path)[.posixPermissions] as? Int == 0o600)
  }

  /// `Optin email` / `Date optin email` of the CRM export: a consent event of that record, dated
  /// by its own column, whose proof is the column of the file; the golden record holds no opt-in.
  @Test func optInColumnsBecomeConsentEventsNotGoldenFields() throws {
    let (store, directory) = try referential()
    let status = try Tamis.run(["consent", "status", "--record", "crm:C0002", "--store", store]).stdout
    #expect(status.contains("2020-03-15T00:00:00Z  granted  basis consent  by record  from crm  no proof of wording, method opt_in_column, "
                            + "evidence column 'Optin email' of clients_crm.csv (SHA-256 "))
    let header = Tamis.read(directory.appendingPathComponent("out/referential.csv")).split(separator: "\n").first ?? ""
    #expect(!header.contains("opt_in"))
    #expect(!Tamis.read(directory.appendingPathComponent("out/referential.json")).contains("opt_in"))
    // A second run of the same exports adds no event.
    let report = try Tamis.run(["consent", "report", "--store", store, "--format", "json"]).stdout
    try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", directory.appendingPathComponent("again").path, "--quiet"])
    #expect(try Tamis.run(["consent", "report", "--store", store, "--format", "json"]).stdout == report)
  }

  @Test func aSuppressionListIsKeptAsKeyedHashesAndAppliedToEverySource() throws {
    let (store, directory) = try referential()
    let list = directory.appendingPathComponent("bloctel.txt")
    try "06 12 34 56 78\n01 99 88 77 66\nnot a number\n".write(to: list, atomically: true, encoding: .utf8)
    let suppressed = try Tamis.run(["consent", "suppress", list.path, "--channel", "phone", "--list", "bloctel", "--store", store])
    #expect(suppressed.status == 1 && suppressed.stdout.contains("read 3 = added 2 + already listed 0 + unreadable 1"))
    #expect(suppressed.stdout.contains("bloctel.txt:3: error:") && suppressed.stdout.contains("[SUPPRESSION_VALUE_INVALID]"))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: store))
    for clear in ["+33199887766", "0199887766", "01 99 88 77 66"] { #expect(bytes.range(of: Data(clear.utf8)) == nil, "no number in clear") }
    let csv = directory.appendingPathComponent("calls.csv")
    let calls = try Tamis.run(["contactable", "--channel", "phone", "--store", store, "--out", csv.path, "--as-of", "2026-08-10"])
    #expect(calls.stdout.contains("suppressed 1"))
    #expect(!Tamis.read(csv).contains("+33612345678"))
  }
}
