import Foundation
import Testing

/// Retention through the built `tamis`: a report first, then apply acting on exactly that, with a
/// balance and proof; bad rules stop everything before the store is touched.
@Suite struct RetentionCommandTests {
  func demoStore() throws -> (directory: URL, store: String) {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db").path
    try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"])
    return (directory, store)
  }

  /// A rules folder under `directory` holding only `retention.yml` (the other rules are the defaults).
  func rulesFolder(_ retention: String, in directory: URL) throws -> URL {
    let rules = directory.appendingPathComponent("rules")
    try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
    try retention.write(to: rules.appendingPathComponent("retention.yml"), atomically: true, encoding: .utf8)
    return rules
  }

  @Test func reportThenApplyThenNothingLeftToDo() throws {
    let (_, store) = try demoStore()
    let report = try Tamis.run(["retention", "report", "--store", store])
    #expect(report.status == 0 && report.stdout.contains("17 golden records; 8 past due, 0 due within 30 days, 1 within 90, 1 without a usable"))
    #expect(report.stdout.contains("G00000007  customers  last_contact   2016-04-04      2019-04-04  erase   past_due"))
    let csv = try Tamis.run(["retention", "report", "--format", "csv", "--as-of", "2026-01-01", "--store", store])
    #expect(csv.stdout.hasPrefix("golden_id,rule,from,reference_date,due,action,state,archive_until,fields\n") && csv.stdout.contains("G00000004,customers,last_contact,2023-02-01,2026-02-01,erase,due_90,,\n"))

    let dry = try Tamis.run(["retention", "apply", "--store", store])
    #expect(dry.status == 0 && dry.stdout.contains("dry run, nothing changed; with --yes: past due 8 = erased 8 + anonymised 0 + archived 0 + left for review 0"))
    #expect(try Tamis.run(["show", "G00000007", "--store", store]).status == 0)

    let applied = try Tamis.run(["retention", "apply", "--yes", "--store", store])
    #expect(applied.status == 0 && applied.stdout.contains("past due 8 = erased 8 + anonymised 0 + archived 0 + left for review 0 ("))
    #expect(try Tamis.run(["show", "G00000007", "--store", store]).status == 2)
    let verify = try Tamis.run(["audit", "verify", "--store", store])
    #expect(verify.status == 0 && verify.stdout.contains("erased by retention rule customers:2026-11-23"))
    #expect(try Tamis.run(["suppression", "list", "--store", store]).stdout == "no suppression list\n")
    #expect(try Tamis.run(["retention", "apply", "--yes", "--store", store]).stdout.contains("past due 0 = erased 0 + anonymised 0 + archived 0 + left for review 0"))
  }

  @Test func badRulesStopBeforeTheStoreIsTouched() throws {
    let (directory, store) = try demoStore()
    let rules = try rulesFolder("version: 1\nrules:\n  - name: prospects\n    status: prospect\n    from: last_login\n    keep: 3y\n", in: directory)
    let file = rules.appendingPathComponent("retention.yml")
    let before = try Data(contentsOf: URL(fileURLWithPath: store))
    let refused = try Tamis.run(["retention", "apply", "--yes", "--rules", rules.path, "--store", store])
    #expect(refused.status == 2 && refused.stderr.hasPrefix("\(file.path):5:11 (field 'rules.0.from'): error: expected one of: last_contact"))
    try "version: 1\nrules:\n  - name: prospects\n    from: created\n    keep: -1y\n".write(to: file, atomically: true, encoding: .utf8)
    #expect(try Tamis.run(["retention", "report", "--rules", rules.path, "--store", store]).stderr.contains("retention.yml:5:11 (field 'rules.0.keep'): error: expected a period"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
    let badDay = try Tamis.run(["retention", "report", "--as-of", "2026-13-01", "--store", store])
    #expect(badDay.status == 2 && badDay.stderr.contains("yyyy-MM-dd"))
  }

  /// A rule that reviews instead of erasing: listed, counted, nothing erased.
  @Test func aReviewRuleErasesNothing() throws {
    let (directory, store) = try demoStore()
    let rules = try rulesFolder("version: 1\nrules:\n  - name: everyone\n    from: [last_contact, last_purchase, created]\n    keep: 18m\n    action: review\n", in: directory)
    let applied = try Tamis.run(["retention", "apply", "--yes", "--rules", rules.path, "--store", store])
    #expect(applied.status == 0 && applied.stdout.contains("= erased 0 + anonymised 0 + archived 0 + left for review"))
    #expect(try Tamis.run(["show", "G00000007", "--store", store]).status == 0)
  }

  /// Prospects anonymised, customers archived (erased at once when the archive would already be
  /// over): the balance adds up, the statistics name no one, and a re-run of the same exports keeps
  /// the archived apart from the referential files.
  @Test func anonymiseAndArchiveThroughTheCommand() throws {
    let (directory, store) = try demoStore()
    let rules = try rulesFolder("""
      version: 1
      rules:
        - name: prospects
          status: [prospect, none]
          from: [last_contact, last_purchase, created]
          keep: 3y
          action: anonymise
        - name: customers
          from: [last_purchase, last_contact]
          keep: 3y
          action: archive
          archive_for: 5y

      """, in: directory)
    let applied = try Tamis.run(["retention", "apply", "--yes", "--as-of", "2026-12-01", "--rules", rules.path, "--store", store])
    #expect(applied.status == 0 && applied.stdout.contains("past due 8 = erased 1 + anonymised 3 + archived 4 + left for review 0"), "\(applied.stdout)")
    let statistics = try Tamis.run(["retention", "statistics", "--format", "csv", "--store", store])
    #expect(statistics.status == 0 && statistics.stdout.hasPrefix("rule,anonymised_on,customer_status,country,departement,birth_decade,people,source_records\nprospects,2026-12-01,"))
    #expect(try Tamis.run(["audit", "verify", "--store", store]).status == 0)

    let out = directory.appendingPathComponent("again")
    let rerun = try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", out.path])
    #expect(rerun.status == 0 && rerun.stdout.contains(", 4 archived apart"), "\(rerun.stdout)")
    let referential = try String(contentsOf: out.appendingPathComponent("referential.csv"), encoding: .utf8)
    #expect(referential.split(separator: "\n").count == 1 + 17 - 4, "the exports re-create the erased (no suppression), not the archived")
  }

  /// A contract end read from an export's "Date de fin de contrat" column counts for a rule
  /// `from: end_of_contract`, the latest among the person's records.
  @Test func aContractEndFromTheExportsCounts() throws {
    let directory = Tamis.temporaryDirectory()
    let export = directory.appendingPathComponent("contrats.csv")
    try """
      id;nom;prenom;email;statut;date de fin de contrat
      A1;Durand;Lucie;lucie.durand@example.fr;client;30/06/2020
      A2;Durand;Lucie;lucie.durand@example.fr;client;31/12/2021
      A3;Petit;Marc;marc.petit@example.fr;client;15/01/2026

      """.write(to: export, atomically: true, encoding: .utf8)
    let store = directory.appendingPathComponent("t.db").path
    #expect(try Tamis.run(["run", export.path, "--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"]).status == 0)
    let rules = try rulesFolder("version: 1\nrules:\n  - name: contracts\n    from: end_of_contract\n    keep: 3y\n    action: erase\n", in: directory)
    let report = try Tamis.run(["retention", "report", "--as-of", "2026-12-01", "--format", "csv", "--rules", rules.path, "--store", store])
    #expect(report.status == 0 && report.stdout.contains(",contracts,end_of_contract,2021-12-31,2024-12-31,erase,past_due,,\n"), "\(report.stdout)")
    #expect(!report.stdout.contains("2026-01-15"), "Marc's contract ended this year: not due")
  }

  /// A rule per field: the birth dates go from the people who stay — from the store, the next
  /// run's files and the access export — the chain stays valid, and the same exports read again
  /// do not bring them back.
  @Test func aRulePerFieldErasesTheFieldAndKeepsThePerson() throws {
    let (directory, store) = try demoStore()
    let rules = try rulesFolder("version: 1\nrules:\n  - name: birth_dates\n    fields: [birth_date]\n    from: created\n    keep: 2y\n    action: erase\n", in: directory)
    let report = try Tamis.run(["retention", "report", "--as-of", "2026-12-01", "--format", "csv", "--rules", rules.path, "--store", store])
    #expect(report.stdout.contains("G00000001,birth_dates,created,2019-01-02,2021-01-02,erase,past_due,,birth_date\n"), "\(report.stdout)")
    let due = report.stdout.split(separator: "\n").count - 1
    let dry = try Tamis.run(["retention", "apply", "--as-of", "2026-12-01", "--rules", rules.path, "--store", store])
    #expect(dry.stdout.contains("with --yes: fields past due on \(due) golden records = erased on \(due) + left for review 0 + gone with the person 0"))

    let applied = try Tamis.run(["retention", "apply", "--yes", "--as-of", "2026-12-01", "--rules", rules.path, "--store", store])
    #expect(applied.status == 0 && applied.stdout.contains("past due 0 = erased 0"), "\(applied.stdout)")
    #expect(applied.stdout.contains("fields past due on \(due) golden records = erased on \(due) + left for review 0 + gone with the person 0 ("))
    #expect(try Tamis.run(["audit", "verify", "--store", store]).status == 0)
    let before = try Tamis.run(["show", "G00000002", "--store", store]).stdout
    let shown = try Tamis.run(["show", "G00000001", "--store", store])
    #expect(shown.status == 0 && shown.stdout.contains(#""last_name":{"value":"Dupont""#) && !shown.stdout.contains("1980"), "\(shown.stdout)")

    let next = directory.appendingPathComponent("next")
    let rerun = try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--store", store, "--out", next.path])
    #expect(rerun.status == 0 && rerun.stdout.contains(", 0 updated"), "unchanged exports: \(rerun.stdout)")
    let referential = try String(contentsOf: next.appendingPathComponent("referential.csv"), encoding: .utf8)
    #expect(referential.split(separator: "\n").count == 1 + 17 && referential.contains(",Jean,Dupont,"))
    #expect(try Tamis.run(["show", "G00000002", "--store", store]).stdout == before, "the other values stay as survivorship chose them")
    for file in ErasureCommandTests().files(under: next) + [URL(fileURLWithPath: store)] {
      let bytes = try Data(contentsOf: file)
      for trace in ["1980-03-15", "15/03/1980", "19800315"] { #expect(bytes.range(of: Data(trace.utf8)) == nil, "\(trace) in \(file.lastPathComponent)") }
    }
    let again = try Tamis.run(["retention", "apply", "--yes", "--as-of", "2026-12-01", "--rules", rules.path, "--store", store])
    #expect(again.stdout.contains("fields past due on 0 golden records"), "\(again.stdout)")
  }
}
