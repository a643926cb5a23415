import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check exports against the validation rules; report what would be quarantined.",
      discussion: """
        Exits 0 when the feed passes, 1 when it fails the rules, 2 on a usage or configuration error.
        Example: tamis validate fixtures/crm/clients.csv --format junit > validate.xml
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
      let configuration = try inputs.configuration()
      let ingest = Ingest(configuration)
      let tally = try ingest.run(progress: output.quiet ? nil : TamisKit.Progress(), prepare: { _ in () }) { _ in }
      let report = FindingsReport(tally: tally, rules: configuration.rules)
      if !output.quiet { print(report.render(output.format), terminator: "") }
      if !report.passes { throw ExitCode(1) }
    }
  }
}
