import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Review: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Work through pairs awaiting a decision; accepted pairs always merge, rejected ones never.",
      discussion: "Example: tamis review list, then tamis review show 3 and tamis review accept 3 --actor dpo",
      subcommands: [List.self, Show.self, Accept.self, Reject.self, Split.self])

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "List pairs awaiting review.", discussion: "Example: tamis review list")
      @OptionGroup var store: StoreOptions
      func run() throws {
        let pairs = try ReferentialStore(path: store.store).reviewPairs()
        if pairs.isEmpty { print("no pairs awaiting review") }
        for pair in pairs { print("\(pair.id)  \(pair.a)  \(pair.b)  \(String(format: "%.4f", pair.probability))") }
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Explain one pair awaiting review.", discussion: "Example: tamis review show 3")
      @Argument(help: "The review id (first column of review list).")
      var id: Int
      @Option(help: "Rules folder.")
      var rules: String?
      @OptionGroup var store: StoreOptions
      func run() throws {
        let referential = try ReferentialStore(path: store.store)
        guard let pair = try referential.reviewPairs(status: nil).first(where: { $0.id == id }) else {
          throw ValidationError("no review pair \(id); see tamis review list")
        }
        print(try Explanation.explain(store: referential, pair.a, pair.b, rules: try RulesSet.load(rules).match), terminator: "")
      }
    }

    /// The pair a decision is about, and where to record it.
    struct PairOptions: ParsableArguments {
      @Argument(help: "A review id, or two source records as source:record_id.")
      var pair: [String]
      @Option(help: "Rules folder (for survivorship).")
      var rules: String?
      @OptionGroup var store: StoreOptions
      @OptionGroup var writing: WriteOptions
    }

    struct Accept: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Accept a pair: the two records are one person (must-link).",
                                                      discussion: "Example: tamis review accept 3   or   tamis review accept crm:C0001 eshop:WEB-1001")
      @OptionGroup var options: PairOptions
      func run() throws { try Review.decide(.accept, options) }
    }

    struct Reject: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Reject a pair: the two records are different people (cannot-link).",
                                                      discussion: "Example: tamis review reject 3")
      @OptionGroup var options: PairOptions
      func run() throws { try Review.decide(.reject, options) }
    }

    struct Split: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Undo a merge: each source record of the golden record gets its own again.",
                                                      discussion: "Example: tamis review split G00000012")
      @Argument(help: "The golden record to split.")
      var goldenId: String
      @Option(help: "Rules folder (for survivorship).")
      var rules: String?
      @OptionGroup var store: StoreOptions
      @OptionGroup var writing: WriteOptions
      func run() throws {
        let desk = try ReviewDesk(storePath: store.store, survivorship: try RulesSet.load(rules).survivorship, actor: store.actor,
                                  wait: writing.wait)
        print("split \(goldenId) into " + (try desk.split(goldenId)).joined(separator: ", "))
      }
    }

    static func decide(_ verdict: ReviewDesk.Verdict, _ options: PairOptions) throws {
      let (pair, rules, store) = (options.pair, options.rules, options.store)
      let desk = try ReviewDesk(storePath: store.store, survivorship: try RulesSet.load(rules).survivorship, actor: store.actor,
                                wait: options.writing.wait)
      let (a, b): (String, String)
      if pair.count == 1, let id = Int(pair[0]) {
        guard let item = try desk.store.reviewPairs(status: nil).first(where: { $0.id == id }) else {
          throw ValidationError("no review pair \(id); see tamis review list")
        }
        (a, b) = (item.a, item.b)
      } else if pair.count == 2 {
        (a, b) = (pair[0], pair[1])
      } else {
        throw ValidationError("give a review id, or two records as source:record_id")
      }
      print(try desk.decide(verdict, a: a, b: b))
    }
  }
}
