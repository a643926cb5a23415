import Foundation
import Testing
import TamisKit

/// Two writers on one store: the second is told at once who holds it, or waits and then matches
/// against what the first wrote — never a silent lost update.
@Suite struct ConcurrentWriterTests {
  static let crm = ["fixtures/crm/clients_crm.csv"]
  static let others = ["fixtures/eshop/customers.json", "fixtures/erp/contacts_erp.xml"]

  func run(_ inputs: [String], store: URL, out: URL, extra: [String] = []) throws -> Tamis.Result {
    try Tamis.run(["run"] + inputs + ["--store", store.path, "--out", out.path, "--actor", "steward"] + extra)
  }

  @Test func aSecondWriterStopsBeforeReadingAndSaysWhoWrites() throws {
    let directory = Tamis.temporaryDirectory()
    let store = directory.appendingPathComponent("tamis.db")
    let lock = try StoreLock(store: store.path, holder: "run R000042, started 2026-11-23T04:00:00.000Z by ci")
    let blocked = try run(Self.crm, store: store, out: directory.appendingPathComponent("out"))
    #expect(blocked.status == 2)
    #expect(blocked.stderr.contains("run R000042, started 2026-11-23T04:00:00.000Z by ci") && blocked.stderr.contains("--wait"), "\(blocked.stderr)")
    #expect(!FileManager.default.fileExists(atPath: store.path), "nothing was read or written")
    let review = try Tamis.run(["review", "accept", "crm:C0001", "crm:C0008", "--store", store.path])
    #expect(review.status == 2 && review.stderr.contains("run R000042"))
    withExtendedLifetime(lock) {}
  }

  /// Two runs started together, each waiting for the other: the referential is the one the two
  /// runs give one after the other, in the order they got the store.
  @Test func twoRunsAtOnceGiveWhatTheyGiveInTurn() throws {
    let directory = Tamis.temporaryDirectory()
    var sequential: [String] = []
    for (name, order) in [("ab", [Self.crm, Self.others]), ("ba", [Self.others, Self.crm])] {
      let store = directory.appendingPathComponent("\(name).db")
      for (k, inputs) in order.enumerated() {
        #expect(try run(inputs, store: store, out: directory.appendingPathComponent("\(name)\(k)")).status == 0)
      }
      sequential.append(Tamis.read(directory.appendingPathComponent("\(name)1/referential.csv")))
    }
    let store = directory.appendingPathComponent("both.db")
    let results = [Self.crm, Self.others].enumerated().map { k, inputs in
      Background { [self] in try? run(inputs, store: store, out: directory.appendingPathComponent("both\(k)"), extra: ["--wait", "60"]) }
    }
    let statuses = results.map { $0.value??.status }
    #expect(statuses == [0, 0], "\(results.map { $0.value??.stderr ?? "" })")
    let final = try Tamis.run(["run", "--store", store.path, "--out", directory.appendingPathComponent("final").path] + Self.crm + Self.others)
    #expect(final.stdout.contains("no change"), "the second run matched against the first's records: \(final.stdout)")
    #expect(sequential.contains(Tamis.read(directory.appendingPathComponent("final/referential.csv"))))
  }

  /// Two runs from empty stores write `review.csv` alike, ties broken by the records' references.
  @Test func reviewQueuesAreWrittenAlikeFromRunToRun() throws {
    let directory = Tamis.temporaryDirectory()
    let rules = directory.appendingPathComponent("rules")
    try FileManager.default.copyItem(at: Tamis.repository.appendingPathComponent("rules"), to: rules)
    let matching = rules.appendingPathComponent("matching.yml")
    // Every pair below certainty goes to review: many pairs of equal probability.
    try Tamis.read(matching).replacingOccurrences(of: "  match: 0.95", with: "  match: 1.0").write(to: matching, atomically: true, encoding: .utf8)
    var queues: [String] = []
    for k in 0..<2 {
      let result = try Tamis.run(["run"] + ReferentialCommandTests.demo + ["--rules", rules.path, "--store", directory.appendingPathComponent("s\(k).db").path,
                                  "--out", directory.appendingPathComponent("o\(k)").path])
      #expect(result.status == 0, "\(result.stderr)")
      queues.append(Tamis.read(directory.appendingPathComponent("o\(k)/review.csv")))
    }
    #expect(queues[0].split(separator: "\n").count > 3)
    #expect(queues[0] == queues[1])
  }
}

/// A value computed on another thread.
final class Background<Value>: @unchecked Sendable {
  private var result: Value?
  private let done = DispatchSemaphore(value: 0)
  init(_ body: @escaping () -> Value) {
    Thread { self.result = body(); self.done.signal() }.start()
  }
  var value: Value? {
    done.wait()
    done.signal()
    return result
  }
}

/// A mapping's identifier field is evidence: compared, blocked on and identifying, with no
/// change to the matching rules.
@Suite struct DeclaredIdentifierTests {
  @Test func anIdenticalIdentifierMergesWhatATypoWouldKeepApartAndIdentifiesARecord() throws {
    let directory = Tamis.temporaryDirectory()
    let export = directory.appendingPathComponent("members.csv"), mapping = directory.appendingPathComponent("members.yml")
    try """
      ref;prenom;nom;naissance;carte
      M1;Rebecca;Trenerry;03/01/1905;7814962
      M2;Isabella;Trenerry;13/01/1905;7814962
      M3;;;;5550123
      """.write(to: export, atomically: true, encoding: .utf8)
    try """
      files: ["members*.csv"]
      columns: { ref: source_id, prenom: first_name, nom: last_name, naissance: birth_date }
      custom:
        carte: { name: loyalty_card, type: identifier }
      """.write(to: mapping, atomically: true, encoding: .utf8)
    let out = directory.appendingPathComponent("out")
    let result = try Tamis.run(["run", export.path, "--mapping", mapping.path, "--store", directory.appendingPathComponent("t.db").path,
                                "--out", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("same_identifier 1"), "\(result.stdout)")
    let clusters = Tamis.read(out.appendingPathComponent("clusters.csv"))
    #expect(clusters.contains("members,M1,G00000001") && clusters.contains("members,M2,G00000001"), "\(clusters)")
    #expect(clusters.contains("members,M3,G00000002"), "an identifier alone identifies a record")
  }
}
