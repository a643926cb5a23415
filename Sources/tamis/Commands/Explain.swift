import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show why two source records merged or not: each comparison's level and weight, and the probability.",
      discussion: "Example: tamis explain crm:C0001 eshop:WEB-1001")

    @Argument(help: "The first source record, as source:record_id (see out/clusters.csv).")
    var recordA: String
    @Argument(help: "The second source record.")
    var recordB: String
    @Option(help: "Rules folder (for the thresholds and vetoes).")
    var rules: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
      let rulesSet = try RulesSet.load(rules)
      print(try Explanation.explain(store: try ReferentialStore(path: store.store), recordA, recordB, rules: rulesSet.match), terminator: "")
    }
  }
}
