import ArgumentParser
import Foundation

/// Where the referential lives and who acts on it.
struct StoreOptions: ParsableArguments {
  @Option(help: "The referential store (SQLite), created owner-only when missing.")
  var store = "tamis.db"

  @Option(help: "Who acts, for the audit log (default: the user name).")
  var actor = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "tamis"
}
