import Foundation
import Testing
@testable import TamisKit

@Suite struct IngestTests {
  /// A CSV feed of `count` people, some with problems, so that issues and quarantine vary by record.
  static func feed(_ count: Int) -> String {
    var text = "id;nom;prenom;email;tel;cp\n"
    for i in 0..<count {
      let email = i % 7 == 0 ? "broken\(i)" : "p\(i)@exemple.fr"
      let phone = i % 5 == 0 ? "01 23" : String(format: "06 %02d %02d %02d %02d", i % 100, (i / 100) % 100, 12, 34)
      text += "C\(i);Dupont\(i % 13);Jean;\(i % 11 == 0 ? "" : email);\(phone);\(i % 3 == 0 ? "7501" : "75011")\n"
    }
    return TestFiles.write(text, name: "feed.csv")
  }

  static func ingest(_ path: String, workers: Int, batchSize: Int) throws -> (ids: [String], rendered: [String], tally: FeedTally) {
    var configuration = Ingest.Configuration(inputs: [path])
    configuration.workers = workers
    configuration.batchSize = batchSize
    configuration.referenceDate = CivilDate(year: 2026, month: 1, day: 1)
    configuration.maxExamplesPerCode = 20  // reached in the middle of a batch of 7
    var ids: [String] = []
    var files: [[UInt8]] = [[], [], [], []]
    let tally = try Ingest(configuration).run(prepare: { ContactExport.render($0) }) { contacts, batch in
      ids += contacts.map(\.recordId)
      files[0] += batch.csv.array
      files[1] += batch.jsonl.array
      files[2] += batch.findings.array
      files[3] += batch.quarantine
    }
    // Compared as digests: a failed comparison of megabytes would take the test runner ages.
    return (ids, files.map { FileDigest.sha256($0) }, tally)
  }

  /// Workers finish batches in any order; the caller must still get them in file order, and
  /// every output must be the same as with one worker.
  @Test func batchesComeBackInFileOrderWhateverTheWorkers() throws {
    let path = Self.feed(1_000)
    let one = try Self.ingest(path, workers: 1, batchSize: 1_000)
    let many = try Self.ingest(path, workers: 3, batchSize: 7)
    #expect(one.ids == (0..<1_000).map { "C\($0)" })
    #expect(many.ids == one.ids)
    #expect(many.rendered == one.rendered)
    #expect(many.tally.read == 1_000 && many.tally.balances)
    // Tallied per batch on the workers, then added up in file order: the same counts and the
    // same examples, in the same order, as one worker counting every record.
    #expect(many.tally.issueCounts == one.tally.issueCounts)
    #expect(many.tally.files.map(\.issueCounts) == one.tally.files.map(\.issueCounts))
    #expect(many.tally.recordsWithCode == one.tally.recordsWithCode)
    #expect(many.tally.recordsWithField == one.tally.recordsWithField)
    #expect(many.tally.examples == one.tally.examples)
    #expect(one.tally.examples.values.contains { $0.count == 20 }, "the cap on examples was reached")
  }

  struct SinkFailed: Error {}

  /// A sink that fails (a full disk) stops reading and the workers, and its error comes out —
  /// also when the workers have filled every place for results before it fails (a slow disk):
  /// then undelivered results are dropped, and nothing may crash on the way out.
  @Test(.timeLimit(.minutes(1)), arguments: [false, true])
  func aFailingSinkStopsTheRun(slowly: Bool) throws {
    var configuration = Ingest.Configuration(inputs: [Self.feed(2_000)])
    configuration.workers = 2
    configuration.batchSize = 10
    var batches = 0
    #expect(throws: SinkFailed.self) {
      _ = try Ingest(configuration).run { _ in
        batches += 1
        if batches == 3 {
          if slowly { Thread.sleep(forTimeInterval: 0.3) }
          throw SinkFailed()
        }
      }
    }
    #expect(batches == 3)
  }
}
