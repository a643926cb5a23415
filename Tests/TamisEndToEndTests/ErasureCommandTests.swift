import Foundation
import Testing

/// Erasure through the built `tamis`: found first, erased in one go, nothing left behind, the chain
/// still valid, and the person not re-created by the next import.
@Suite struct ErasureCommandTests {
  /// Jean Dupont of the demo exports: his names, emails, phones and birth date as the files and the store may hold them.
  static let traces = ["Dupont", "DUPONT", "jean.dupont", "Jean.Dupont", "+33612345678", "06 12 34 56 78", "0612345678", "1980-03-15",
                       "15/03/1980", "19800315"]

  func files(under directory: URL) -> [URL] {
    (FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
      .filter { !$0.hasDirectoryPath }
  }

  @Test func anErasureLeavesNoTraceAndTheChainValid() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db").path
    try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"])
    try Tamis.run(["consent", "import", "fixtures/consent/consents.csv", "--store", store])
    try Tamis.run(["review", "reject", "crm:C0001", "crm:C0002", "--store", store])
    #expect(try Tamis.run(["requests", "add", "--type", "erasure", "--received", "2026-11-20", "--email", "jean.dupont@gmail.com",
                           "--ref", "DPO-17", "--store", store]).stdout == "DPO-17: erasure request received 2026-11-20, due 2026-12-20\n")

    let dry = try Tamis.run(["erase", "--email", "jean.dupont@gmail.com", "--request", "DPO-17", "--store", store])
    #expect(dry.status == 0 && dry.stdout.contains("source records (3): crm:C0001, crm:C0008, eshop:WEB-1001") && dry.stdout.contains("dry run"))
    #expect(try Tamis.run(["show", "G00000001", "--store", store]).status == 0, "a dry run erases nothing")

    let report = directory.appendingPathComponent("erasure.json")
    let erased = try Tamis.run(["erase", "--email", "jean.dupont@gmail.com", "--request", "DPO-17", "--yes", "--out", report.path, "--store", store])
    #expect(erased.status == 0 && erased.stdout.contains("sources to notify (art. 19): crm, eshop"))
    let json = Tamis.read(report)
    #expect(json.contains(#""sourceRecords" : 3"#) && json.contains(#""consentEvents" : 6"#) && json.contains(#""decisions" : 1"#))
    let verify = try Tamis.run(["audit", "verify", "--store", store])
    #expect(verify.status == 0 && verify.stdout.contains("erased by request DPO-17 (event"))

    // The next run of the same exports: Jean's records are quarantined as SUPPRESSED, and no file holds him.
    let next = directory.appendingPathComponent("next")
    try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", next.path])
    let quarantine = Tamis.read(next.appendingPathComponent("quarantine.csv"))
    #expect(quarantine.components(separatedBy: "SUPPRESSED").count - 1 >= 3 * 2, "three records, code and reason")
    for file in files(under: next) + [URL(fileURLWithPath: store)] {
      let bytes = try Data(contentsOf: file)
      for trace in Self.traces { #expect(bytes.range(of: Data(trace.utf8)) == nil, "\(trace) in \(file.lastPathComponent)") }
    }
    #expect(!FileManager.default.fileExists(atPath: store + "-journal") && !FileManager.default.fileExists(atPath: store + "-wal"))
    #expect(try Tamis.run(["audit", "verify", "--store", store]).status == 0)
    #expect(try Tamis.run(["requests", "list", "--store", store, "--format", "csv"]).stdout.contains("DPO-17,erasure,2026-11-20,2026-12-20,done"))
  }

  @Test func badRequestsChangeNothing() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db").path
    try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"])
    let unknown = try Tamis.run(["requests", "add", "--type", "erasure", "--received", "2026-11-20", "--email", "nobody@example.org", "--store", store])
    #expect(unknown.status == 2 && unknown.stderr.contains("no golden record holds this email") && !unknown.stderr.contains("nobody"))
    try Tamis.run(["requests", "add", "--type", "access", "--received", "2026-10-01", "--golden", "G00000002", "--ref", "R1", "--store", store])
    let reused = try Tamis.run(["requests", "add", "--type", "access", "--received", "2026-10-01", "--golden", "G00000003", "--ref", "R1", "--store", store])
    #expect(reused.status == 2 && reused.stderr.contains("another person"))
    let wrong = try Tamis.run(["erase", "--golden", "G00000002", "--request", "R1", "--yes", "--store", store])
    #expect(wrong.status == 2 && wrong.stderr.contains("is an access request"))
    let rulesIgnored = try Tamis.run(["erase", "--golden", "G00000002", "--request", "R1", "--rules", "rules", "--store", store])
    #expect(rulesIgnored.status == 2 && rulesIgnored.stderr.contains("--rules"), "erasure takes no rules: an option it ignored would mislead")
    #expect(try Tamis.run(["show", "G00000002", "--store", store]).status == 0)
    // R1 was due 2026-11-01: late on the tests' day (2026-11-23).
    let late = try Tamis.run(["requests", "list", "--late", "--store", store])
    #expect(late.status == 1 && late.stdout.contains("R1"))
    let extend = try Tamis.run(["requests", "extend", "R1", "--notified", "2026-12-01", "--reason", "many systems", "--store", store])
    #expect(extend.status == 2 && extend.stderr.contains("within the first month"))
    try Tamis.run(["requests", "close", "R1", "--store", store])
    #expect(try Tamis.run(["requests", "list", "--late", "--store", store]).status == 0)
  }

  /// Sophie objects to email marketing: withdrawn for the email purposes, her addresses suppressed
  /// for email only; she may still be written to, and a later import still loads her.
  @Test func anObjectionSuppressesOneChannelOnly() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db").path
    try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"])
    try Tamis.run(["requests", "add", "--type", "objection", "--received", "2026-11-20", "--record", "crm:C0002", "--ref", "O1", "--store", store])
    let objected = try Tamis.run(["object", "--record", "crm:C0002", "--channel", "email", "--request", "O1", "--store", store])
    #expect(objected.status == 0 && objected.stdout.contains("email_marketing, newsletter withdrawn"))
    let email = directory.appendingPathComponent("email.csv"), post = directory.appendingPathComponent("post.csv")
    try Tamis.run(["contactable", "--channel", "email", "--out", email.path, "--store", store])
    try Tamis.run(["contactable", "--channel", "post", "--out", post.path, "--store", store])
    #expect(!Tamis.read(email).contains("Sophie") && Tamis.read(post).contains("Sophie"))
    #expect(try Tamis.run(["suppression", "list", "--store", store]).stdout.contains("objection:O1  email"))
    let again = try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", directory.appendingPathComponent("again").path])
    #expect(!Tamis.read(directory.appendingPathComponent("again/quarantine.csv")).contains("SUPPRESSED") && again.status == 0)
  }
}
