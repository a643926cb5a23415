import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Read, normalise, match and merge exports into the referential; write the store and out/.",
      discussion: """
        Writes out/referential.csv and .json, clusters.csv, review.csv, quarantine.csv, audit.jsonl and summary.json.
        Exits 0 when the run completed, 1 when the feed failed its validation rules (what could be read was still
        loaded), 2 on a usage or configuration error.
        Example: tamis run fixtures/crm/clients_crm.csv fixtures/eshop/customers.json --store tamis.db --out out/
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var writing: WriteOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Folder for the output files.")
    var out = "out"

    @Flag(help: "Estimate the matching model again (u from random pairs, m by EM) instead of reusing the stored one.")
    var retrain = false

    func validate() throws {
      if output.format == .junit || output.format == .github { throw ValidationError("'run' prints text or json; use 'validate' for junit and github") }
    }

    func run() throws {
      let rulesSet = try RulesSet.load(inputs.rules)
      var configuration = ReferentialRun.Configuration(ingest: try inputs.configuration())
      configuration.match = rulesSet.match
      configuration.survivorship = rulesSet.survivorship
      configuration.consent = rulesSet.consent
      configuration.rulesDigest = rulesSet.digest
      configuration.storePath = store.store
      configuration.actor = store.actor
      configuration.outDirectory = URL(fileURLWithPath: out)
      configuration.retrain = retrain
      configuration.wait = writing.wait
      let referentialRun = ReferentialRun(configuration)
      let summary = try referentialRun.run(progress: output.quiet ? nil : TamisKit.Progress())
      let report = FindingsReport(tally: referentialRun.tally, rules: configuration.ingest.rules)
      if !output.quiet {
        if output.format == .json {
          print(RunReport.summaryJSON(summary), terminator: "")
        } else {
          print(report.text(), terminator: "")
          print(RunReport.text(summary), terminator: "")
        }
      }
      if !report.passes { throw ExitCode(1) }
    }
  }
}
