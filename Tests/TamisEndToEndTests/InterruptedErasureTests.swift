import Foundation
import Testing
import TamisKit

/// `tamis retention apply` killed with SIGKILL in the middle of an erasure: each person is
/// untouched or fully erased, the audit chain verifies, and running apply again finishes the job.
@Suite struct InterruptedErasureTests {
  static let people = 3_000

  /// Prospects whose last contact is years old: every one of them past due.
  func export(to url: URL) throws {
    let first = ["Jean", "Marie", "Luc", "Anne", "Paul", "Julie", "Marc", "Sophie", "Louis", "Claire"]
    let last = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel"]
    var text = "id,first_name,last_name,email,customer_status,last_contact_at\n"
    for k in 0..<Self.people {
      text += "P\(k),\(first[k % first.count]),\(last[(k / first.count) % last.count])-\(k / 120),p\(k)@example.fr,prospect,2015-03-\(10 + k % 18)\n"
    }
    try text.write(to: url, atomically: true, encoding: .utf8)
  }

  func liveGoldens(_ store: String) throws -> Set<String> {
    let csv = try Tamis.run(["retention", "report", "--as-of", "2100-01-01", "--format", "csv", "--store", store]).stdout
    return Set(csv.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
  }

  @Test func aKilledApplyLeavesEachPersonWholeOrGone() throws {
    let directory = Tamis.temporaryDirectory()
    let file = directory.appendingPathComponent("prospects.csv"), store = directory.appendingPathComponent("tamis.db").path
    try export(to: file)
    try Tamis.run(["run", file.path, "--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"])
    let before = try liveGoldens(store)
    let report = try Tamis.run(["retention", "report", "--store", store]).stdout
    #expect(before.count > 2_000 && report.contains("\(before.count) past due"))

    // Killed the second time it holds a write transaction open (the journal exists): mid-batch.
    let apply = Process()
    apply.executableURL = Tamis.binary
    apply.arguments = ["retention", "apply", "--yes", "--store", store]
    apply.currentDirectoryURL = Tamis.repository
    apply.environment = ProcessInfo.processInfo.environment.merging(["TAMIS_AS_OF": "2026-11-23"]) { $1 }
    apply.standardOutput = FileHandle.nullDevice
    try apply.run()
    var transactions = 0, open = false
    while apply.isRunning && transactions < 2 {
      let exists = FileManager.default.fileExists(atPath: store + "-journal")
      if exists && !open { transactions += 1 }
      open = exists
      if transactions < 2 { usleep(200) }
    }
    kill(apply.processIdentifier, SIGKILL)
    apply.waitUntilExit()

    #expect(try Tamis.run(["audit", "verify", "--store", store]).status == 0)
    let after = try liveGoldens(store)
    let referenced = Set(try ReferentialStore(path: store).storedRecords().goldenIds)
    #expect(referenced == after, "every live golden record keeps its source records, and no source record outlives its golden record")
    #expect((before.count - after.count) % 500 == 0 || after.isEmpty, "whole batches only: \(before.count - after.count) erased")

    let finished = try Tamis.run(["retention", "apply", "--yes", "--store", store])
    #expect(finished.status == 0 && finished.stdout.contains("past due \(after.count) = erased \(after.count) + anonymised 0 + archived 0 + left for review 0"))
    #expect(try liveGoldens(store).isEmpty && (try Tamis.run(["audit", "verify", "--store", store]).status == 0))
  }
}
