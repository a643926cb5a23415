import ArgumentParser
import Foundation

/// Where the referential lives and who acts on it.
struct StoreOptions: ParsableArguments {
  @Option(help: "The referential store (SQLite), created owner-only when missing.")
  var store = "tamis.db"

  @Option(help: "Who acts, for the audit log (default: the user name).")
  var actor = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "tamis"
}

/// How a command that writes the store treats another writer already at work.
struct WriteOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Seconds to wait for another tamis writing the store to finish (default: stop at once, exit 2).",
                             valueName: "seconds"))
  var wait: Double = 0

  func validate() throws {
    if wait < 0 { throw ValidationError("'--wait' takes a number of seconds, 0 or more") }
  }
}
