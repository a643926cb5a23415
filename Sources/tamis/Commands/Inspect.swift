import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show how Tamis reads an export: format, encoding, delimiter, records and detected mapping.",
      discussion: "Example: tamis inspect fixtures/crm/clients.csv --emit-mapping rules/mappings/crm.yml")

    @Argument(help: "The export to inspect.")
    var file: String

    @Option(help: "A mapping file to apply instead of detection alone.")
    var mapping: String?

    @Option(name: .customLong("emit-mapping"), help: "Write a mapping file to start from at this path.")
    var emitMapping: String?

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
      if format == .junit || format == .github { throw ValidationError("'inspect' prints text or json") }
    }

    func run() throws {
      let base = try mapping.map(Mapping.load) ?? Mapping()
      let inspection = try Inspection.inspect(file, mapping: base)
      if let emitMapping {
        try AtomicFile.write(inspection.mappingYAML(), to: URL(fileURLWithPath: emitMapping))
      }
      guard !quiet else { return }
      print(format == .json ? InspectionReport.json(inspection) : InspectionReport.text(inspection), terminator: "")
    }
  }
}
