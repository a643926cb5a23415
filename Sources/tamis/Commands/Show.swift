import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a golden record with the lineage of each field and its source records.",
      discussion: "Example: tamis show G00000001")

    @Argument(help: "The golden record id (see out/referential.csv).")
    var goldenId: String
    @OptionGroup var store: StoreOptions

    func run() throws {
      let golden = try ReferentialStore(path: store.store).golden(goldenId)
      if golden.id != goldenId { print("\(goldenId) was merged into \(golden.id)") }
      print(golden.json)
      for member in golden.members { print("member \(member.reference): \(member.original)") }
    }
  }
}
