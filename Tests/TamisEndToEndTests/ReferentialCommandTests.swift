import Foundation
import Testing

@Suite struct ReferentialCommandTests {
  static let demo = ["fixtures/crm/clients_crm.csv", "fixtures/eshop/customers.json", "fixtures/erp/contacts_erp.xml"]

  @discardableResult func run(_ inputs: [String], store: URL, out: URL, extra: [String] = []) throws -> Tamis.Result {
    try Tamis.run(["run"] + inputs + ["--store", store.path, "--out", out.path, "--actor", "steward"] + extra)
  }

  func clusters(_ out: URL) -> [String: String] {
    var result: [String: String] = [:]
    for line in Tamis.read(out.appendingPathComponent("clusters.csv")).split(separator: "\n").dropFirst() {
      let parts = line.split(separator: ",", omittingEmptySubsequences: false)
      result[parts[0] + ":" + parts[1]] = String(parts[2])
    }
    return result
  }

  @Test func runMergesTheThreeSourcesAndBalances() throws {
    let directory = Tamis.temporaryDirectory()
    // A store in a folder that does not exist yet: the run creates it.
    let store = directory.appendingPathComponent("stores/crm/tamis.db"), out = directory.appendingPathComponent("out")
    let result = try run(Self.demo, store: store, out: out)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("records: 31 read = 0 merged into existing + 29 in new golden records + 2 quarantined"))
    let folder = try FileManager.default.attributesOfItem(atPath: store.deletingLastPathComponent().path)
    #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700, "the store's folder is owner-only")
    for name in ["referential.csv", "referential.json", "clusters.csv", "review.csv", "quarantine.csv", "audit.jsonl", "summary.json"] {
      #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
    }
    let attributes = try FileManager.default.attributesOfItem(atPath: store.path)
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "the store is owner-only")
    let golden = clusters(out)
    #expect(golden.count == 31, "one row per input record")
    #expect(Tamis.read(out.appendingPathComponent("clusters.csv")).hasPrefix("source,record_id,golden_id\n"))
    // One person across three systems, with a typo and another email.
    #expect(golden["crm:C0001"] == golden["crm:C0008"])
    #expect(golden["crm:C0001"] == golden["eshop:WEB-1001"])
    #expect(golden["crm:C0002"] == golden["erp:T00123"])
    // A father and his son share a name, an address and a landline: two people.
    #expect(golden["crm:C0006"] != golden["crm:C0007"])
    #expect(golden["crm:C0006"] == golden["erp:T00125"])
    // Marie and Pierre Dubois share a landline.
    #expect(golden["crm:C0009"] != golden["erp:T00124"])
    #expect(golden["crm:C0010"] == "", "quarantined records have no golden record")
    let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
    #expect((summary?["records"] as? [String: Any])?["balanced"] as? Bool == true)
    let json = Tamis.read(out.appendingPathComponent("referential.json"))
    #expect(json.contains(#""email":[{"value":"jean.dupont@gmail.com","source":"crm","record_id":"C0001"}"#), "lineage")
  }

  /// Minified JSON (nested in an API dump) and one-line XML put every record on line 1: records
  /// without ids must still get ids of their own, or all but the first would be quarantined.
  @Test func recordsWithoutIdsOnOneLineKeepIdsApart() throws {
    let directory = Tamis.temporaryDirectory()
    let json = directory.appendingPathComponent("api_dump.json"), xml = directory.appendingPathComponent("one_line.xml")
    try #"{"meta":{"page":1},"data":{"count":2,"customers":[{"email":"ann.lee@example.fr","name":{"first":"Ann","last":"Lee"}},{"email":"bob.ray@example.fr","name":{"first":"Bob","last":"Ray"}}]}}"#
      .write(to: json, atomically: true, encoding: .utf8)
    try "<export><client><nom>Roy</nom><prenom>Eve</prenom></client><client><nom>Lin</nom><prenom>Max</prenom></client></export>"
      .write(to: xml, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out")
    let result = try run([json.path, xml.path], store: directory.appendingPathComponent("tamis.db"), out: out)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("records: 4 read = 0 merged into existing + 4 in new golden records + 0 quarantined"))
    let ids = clusters(out).keys.sorted()
    #expect(ids == ["api_dump:line:1", "api_dump:line:1#2", "one_line:line:1", "one_line:line:1#2"])
  }

  @Test func aSecondRunOfTheSameExportsIsANoOp() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db")
    let first = directory.appendingPathComponent("first"), second = directory.appendingPathComponent("second")
    try run(Self.demo, store: store, out: first)
    let again = try run(Self.demo, store: store, out: second)
    #expect(again.status == 0)
    #expect(again.stdout.contains("no change"))
    #expect(again.stdout.contains("29 merged into existing + 0 in new golden records + 2 quarantined"))
    for name in ["referential.csv", "referential.json", "clusters.csv", "quarantine.csv"] {
      #expect(try Data(contentsOf: first.appendingPathComponent(name)) == Data(contentsOf: second.appendingPathComponent(name)), "\(name)")
    }
    let audit = Tamis.read(second.appendingPathComponent("audit.jsonl"))
    #expect(audit.contains(#""kind":"run_started""#) && audit.contains(#""status":"no_op""#))
  }

  @Test func anIncrementalRunMergesIntoExistingGoldenRecords() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db")
    try run(["fixtures/crm/clients_crm.csv"], store: store, out: directory.appendingPathComponent("a"))
    let before = clusters(directory.appendingPathComponent("a"))
    let result = try run(["fixtures/eshop/customers.json", "fixtures/erp/contacts_erp.xml"], store: store, out: directory.appendingPathComponent("b"))
    #expect(result.status == 0)
    let after = clusters(directory.appendingPathComponent("b"))
    #expect(after["eshop:WEB-1001"] == before["crm:C0001"], "golden ids are stable and new records join them")
    #expect(after["erp:T00123"] == before["crm:C0002"])
    #expect(result.stdout.contains("merged into existing"))
  }

  @Test func theAuditChainVerifiesAndATamperedEventIsNamed() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db"), out = directory.appendingPathComponent("out")
    let first = try run(Self.demo, store: store, out: out)
    let verify = try Tamis.run(["audit", "verify", "--store", store.path])
    #expect(verify.status == 0 && verify.stdout.contains("audit log intact: 3 events, 46 run entries"), "\(verify.stdout)")
    let audit = Tamis.read(out.appendingPathComponent("audit.jsonl"))
    for forbidden in ["Dupont", "jean.dupont", "+33612345678", "0612345678", "DUPONT", "crm:C0001", "C0001"] {
      #expect(!audit.contains(forbidden), "the audit log holds no personal data: \(forbidden)")
    }
    #expect(try Tamis.run(["audit", "verify", "--file", out.appendingPathComponent("audit.jsonl").path]).status == 0)
    // The head printed by the run is the store's, and proves the log up to it later.
    let head = try Tamis.run(["audit", "head", "--store", store.path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(first.stdout.contains("audit head: \(head)"))
    #expect(Tamis.read(out.appendingPathComponent("summary.json")).contains("\"audit_head\":\"\(head)\""))
    try run(Self.demo, store: store, out: directory.appendingPathComponent("again"))
    #expect(try Tamis.run(["audit", "verify", "--store", store.path, "--head", head]).status == 0)
    let forged = try Tamis.run(["audit", "verify", "--store", store.path, "--head", "3:" + String(repeating: "a", count: 64)])
    #expect(forged.status == 1 && forged.stdout.contains("event at position 3") && forged.stdout.contains("head you kept"), "\(forged.stdout)")
    #expect(try Tamis.run(["audit", "verify", "--store", store.path, "--head", "3:xyz"]).status == 2)
    // Edit the second event of the exported log.
    var lines = audit.split(separator: "\n").map(String.init)
    lines[1] = lines[1].replacingOccurrences(of: "\"actor\":\"steward\"", with: "\"actor\":\"mallory\"")
    let tampered = directory.appendingPathComponent("tampered.jsonl")
    try (lines.joined(separator: "\n") + "\n").write(to: tampered, atomically: true, encoding: .utf8)
    let broken = try Tamis.run(["audit", "verify", "--file", tampered.path])
    #expect(broken.status == 1)
    #expect(broken.stdout.contains("event at position 2"), "\(broken.stdout)")
    let history = try Tamis.run(["audit", "show", "--store", store.path, "--golden", "G00000001"])
    #expect(history.stdout.contains("entry 0: golden_created golden=G00000001"), "\(history.stdout)")
  }

  @Test func reviewDecisionsPersistAndSplitUndoesAMerge() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db"), out = directory.appendingPathComponent("out")
    try run(Self.demo, store: store, out: out)
    let golden = clusters(out)
    let dupont = try #require(golden["crm:C0001"])
    let split = try Tamis.run(["review", "split", dupont, "--store", store.path, "--actor", "steward"])
    #expect(split.status == 0, "\(split.stderr)")
    // After a split, a later run does not merge them back (cannot-links persist).
    let again = directory.appendingPathComponent("again")
    try run(Self.demo, store: store, out: again)
    let after = clusters(again)
    #expect(after["crm:C0001"] != after["crm:C0008"])
    #expect(after["crm:C0001"] != after["eshop:WEB-1001"])
    // Accepting a pair merges it, and later runs keep it merged.
    let accept = try Tamis.run(["review", "accept", "crm:C0001", "crm:C0008", "--store", store.path, "--actor", "steward"])
    #expect(accept.status == 0 && accept.stdout.contains("merged"), "\(accept.stdout)\(accept.stderr)")
    let third = directory.appendingPathComponent("third")
    try run(Self.demo, store: store, out: third)
    #expect(clusters(third)["crm:C0001"] == clusters(third)["crm:C0008"])
    let history = try Tamis.run(["audit", "show", "--store", store.path])
    #expect(history.stdout.contains("steward - review_decision decision=must_link record_a=crm:C0001 record_b=crm:C0008"), "\(history.stdout)")
    #expect(try Tamis.run(["audit", "verify", "--store", store.path]).status == 0)
    let unknown = try Tamis.run(["review", "accept", "crm:NOPE", "crm:C0008", "--store", store.path])
    #expect(unknown.status == 2 && unknown.stderr.contains("no source record 'crm:NOPE'"))
  }

  @Test func explainAndShowTellWhy() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db")
    try run(Self.demo, store: store, out: directory.appendingPathComponent("out"))
    let explain = try Tamis.run(["explain", "crm:C0006", "crm:C0007", "--store", store.path])
    #expect(explain.status == 0)
    #expect(explain.stdout.contains("birth_date    different"))
    #expect(explain.stdout.contains("veto: different_birth_dates"))
    let show = try Tamis.run(["show", "G00000001", "--store", store.path])
    #expect(show.status == 0 && show.stdout.contains("\"golden_id\":\"G00000001\"") && show.stdout.contains("member crm:C0001"))
    let missing = try Tamis.run(["show", "G99999999", "--store", store.path])
    #expect(missing.status == 2 && missing.stderr.contains("no golden record 'G99999999'"))
  }

  /// A married woman entered surname first by one system and under her maiden name by another:
  /// the run merges her, and `explain` reads the names across as the run did.
  @Test func aSwappedRecordUnderAnotherSurnameMergesAndExplainAgrees() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db")
    let export = directory.appendingPathComponent("clients_export.csv")
    try """
      id;nom;prenom;naissance;cp;ville;adresse
      A1;Catherine;Dubois;05/04/1989;56000;Vannes;110 route Jean Jaures
      A2;Tarais;Catherine;05/04/1989;56000;Vannes;110 route Jean Jaures
      B1;Dubois;Paul;01/02/1970;75011;Paris;3 rue Oberkampf
      C1;Martin;Catherine;03/03/1975;69003;Lyon;8 rue Garibaldi
      D1;Dubois;Marc;12/12/1960;13001;Marseille;2 rue de Rome

      """.write(to: export, atomically: true, encoding: .utf8)
    try Tamis.run(["run", export.path, "--store", store.path, "--out", directory.appendingPathComponent("out").path])
    let clusters = Tamis.read(directory.appendingPathComponent("out/clusters.csv"))
    #expect(clusters.contains("clients_export,A1,G00000001") && clusters.contains("clients_export,A2,G00000001"), "\(clusters)")
    let explain = try Tamis.run(["explain", "clients_export:A1", "clients_export:A2", "--store", store.path])
    #expect(explain.stdout.contains("first_name    exact") && explain.stdout.contains("names compared in swapped order"), "\(explain.stdout)")
    #expect(!explain.stdout.contains("veto") && explain.stdout.contains("→ match (merge)"))
  }
}

@Suite struct ChangedRecordTests {
  /// A record that changes into someone else leaves its golden record, which keeps the other
  /// record's values; a record that changes a little keeps its golden record.
  @Test func aChangedRecordLeavesItsGoldenRecordIntact() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db")
    let header = "id;nom;prenom;email;naissance;cp\n"
    let export = directory.appendingPathComponent("people_export.csv")
    try (header + "X1;Dupont;Jean;jean.dupont@exemple.fr;15/03/1980;75011\nX2;Dupont;Jean;jean.dupont@exemple.fr;15/03/1980;75011\nX3;Roux;Anne;anne.roux@exemple.fr;01/02/1990;69003\n")
      .write(to: export, atomically: true, encoding: .utf8)
    try Tamis.run(["run", export.path, "--store", store.path, "--out", directory.appendingPathComponent("a").path])
    let first = Tamis.read(directory.appendingPathComponent("a/clusters.csv"))
    #expect(first.contains("people_export,X1,G00000001") && first.contains("people_export,X2,G00000001"))
    try (header + "X1;Dupont;Jean;jean.dupont@exemple.fr;15/03/1980;75011\nX2;Martin;Paul;paul.martin@exemple.fr;09/09/1999;13001\nX3;Roux;Anne;anne.roux@exemple.fr;01/02/1991;69003\n")
      .write(to: export, atomically: true, encoding: .utf8)
    let second = try Tamis.run(["run", export.path, "--store", store.path, "--out", directory.appendingPathComponent("b").path])
    #expect(second.stdout.contains("2 updated"), "\(second.stdout)")
    let clusters = Tamis.read(directory.appendingPathComponent("b/clusters.csv"))
    #expect(clusters.contains("people_export,X1,G00000001"))
    #expect(clusters.contains("people_export,X3,G00000002"), "a small change keeps the golden id")
    #expect(!clusters.contains("people_export,X2,G00000001"), "the record that became someone else left")
    let show = try Tamis.run(["show", "G00000001", "--store", store.path])
    #expect(show.stdout.contains(#""last_name":{"value":"Dupont""#) && !show.stdout.contains("Martin"), "\(show.stdout)")
    #expect(try Tamis.run(["audit", "verify", "--store", store.path]).status == 0)
  }
}
