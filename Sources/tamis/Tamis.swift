import ArgumentParser
import Foundation
import TamisKit

/// The `tamis` command: a thin layer that parses arguments, calls TamisKit and sets the exit code.
///
/// Exit codes (stable, documented in the README): 0 the feed passed, 1 the data failed the
/// rules, 2 a usage or configuration error (bad flag, missing file, bad rules file).
@main
struct Tamis: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tamis",
    abstract: "Turn messy contact exports into a clean, deduplicated, RGPD-compliant referential.",
    discussion: "Exit codes: 0 ok, 1 the data failed the rules, 2 usage or configuration error.",
    version: "0.1.0",
    groupedSubcommands: [
      CommandGroup(name: "Pipeline", subcommands: [Inspect.self, Validate.self, Normalize.self, Run.self]),
      CommandGroup(name: "Referential", subcommands: [Show.self, Explain.self, Review.self]),
      CommandGroup(name: "Compliance", subcommands: [Consent.self, Contactable.self, Requests.self, Erase.self, Object.self, Subject.self, SuppressionCommand.self, Retention.self]),
      CommandGroup(name: "Audit", subcommands: [Audit.self]),
    ])

  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as LocatedError {
      FileHandle.standardError.write(Data((error.description + "\n").utf8))
      Foundation.exit(2)
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { print(message) }
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data((message + "\n").utf8))
      Foundation.exit(2)
    }
  }
}
