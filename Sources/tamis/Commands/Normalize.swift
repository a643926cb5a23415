import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Normalise exports and write the records, the quarantine and the findings.",
      discussion: """
        Writes normalised.csv, normalised.jsonl (with original values), quarantine.csv and findings.jsonl
        into --out, atomically. Exits like validate: 0 passed, 1 failed the rules, 2 usage error.
        Example: tamis normalize fixtures/crm/clients.csv fixtures/eshop/orders.json --out out/
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Folder for the output files (created when missing).")
    var out: String = "out"

    func run() throws {
      let configuration = try inputs.configuration()
      let export = try ContactExport(directory: URL(fileURLWithPath: out))
      let tally = try Ingest(configuration).run(progress: output.quiet ? nil : TamisKit.Progress(), prepare: export.render) { rendered in
        export.write(rendered)
      }
      export.write(feedIssues: tally.files.flatMap(\.issues) + tally.feedIssues)
      try export.commit()
      let report = FindingsReport(tally: tally, rules: configuration.rules)
      if !output.quiet { print(report.render(output.format), terminator: "") }
      if !report.passes { throw ExitCode(1) }
    }
  }
}
