import ArgumentParser
import Foundation
import TamisKit

extension InputFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension DateOrder: ExpressibleByArgument {}

/// The exports to read and how: shared by every pipeline command.
struct InputOptions: ParsableArguments {
  @Argument(help: "Exports to read (CSV, JSON, JSON Lines or XML).")
  var files: [String]

  @Option(help: "A mapping file for every input (default: the first mapping in the rules folder whose 'files' match, else detection).")
  var mapping: String?

  @Option(help: "Rules: a folder (with validation.yml and mappings/) or a validation rules file. Default: ./rules when present, else built-in defaults.")
  var rules: String?

  @Option(name: .customLong("input-format"), help: "Input format, when neither the name nor the content tells it.")
  var inputFormat: InputFormat?

  @Option(help: "Input encoding: utf-8, utf-16le, utf-16be or windows-1252 (default: sniffed).")
  var encoding: String?

  @Option(help: "CSV delimiter, one character or \\t (default: sniffed among , ; tab |).")
  var delimiter: String?

  @Option(name: .customLong("as-of"), help: "The date taken as today, yyyy-MM-dd, for reproducible runs (default: today, or TAMIS_AS_OF).")
  var asOf: String?

  func validate() throws {
    if let encoding, TextEncoding(name: encoding) == nil {
      throw ValidationError("unknown encoding '\(encoding)'; use utf-8, utf-16le, utf-16be or windows-1252")
    }
    if let delimiter, delimiter != "\\t", delimiter.utf8.count != 1 {
      throw ValidationError("'--delimiter' takes one character, or \\t for tab")
    }
    if let asOf, CivilDate(iso: asOf) == nil {
      throw ValidationError("'--as-of' takes a date as yyyy-MM-dd")
    }
  }

  /// The ingest configuration these options describe.
  func configuration() throws -> Ingest.Configuration {
    var configuration = Ingest.Configuration(inputs: files)
    let rulesSet = try RulesSet.load(rules)
    configuration.rules = rulesSet.validation
    configuration.mappings = rulesSet.mappings
    if let mapping { configuration.mapping = try Mapping.load(mapping) }
    configuration.read = ReadOptions(format: inputFormat, encoding: encoding.flatMap(TextEncoding.init(name:)),
                                     delimiter: delimiter.flatMap { $0 == "\\t" ? 0x09 : $0.utf8.first })
    if let asOf, let date = CivilDate(iso: asOf) { configuration.referenceDate = date }
    return configuration
  }
}

/// How results are printed.
struct OutputOptions: ParsableArguments {
  @Option(help: "Report format.")
  var format: ReportFormat = .text

  @Flag(help: "Print nothing but errors; the exit code tells the result.")
  var quiet = false
}
