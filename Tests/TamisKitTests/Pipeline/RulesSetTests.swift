import Foundation
import Testing
@testable import TamisKit

@Suite struct RulesSetTests {
  /// The audit log's `rules_sha256` tells rules apart: built-in, one validation file, a folder;
  /// editing a file changes it. An empty digest (as runs without a rules folder logged) cannot.
  @Test func everyKindOfRulesHasItsOwnDigest() throws {
    let folder = try RulesSet.load(TestFiles.repository.appendingPathComponent("rules").path).digest
    let shipped = try String(contentsOf: TestFiles.repository.appendingPathComponent("rules/validation.yml"), encoding: .utf8)
    let file = try RulesSet.load(TestFiles.write(shipped, name: "validation.yml")).digest
    let edited = try RulesSet.load(TestFiles.write(shipped + "\n# edited\n", name: "validation.yml")).digest
    let builtIn = RulesSet.builtIn().digest
    let digests = [builtIn, file, edited, folder]
    #expect(digests.allSatisfy { $0.count == 64 })
    #expect(Set(digests).count == 4)
    #expect(RulesSet.builtIn().digest == builtIn, "stable from run to run")
  }
}
