import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Verify or read the hash-chained audit log.",
      discussion: "Example: tamis audit verify --store tamis.db",
      subcommands: [Verify.self, Show.self])

    struct Verify: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Check the chain: an edited, deleted, inserted or reordered event is named by its position (exit 1).",
        discussion: "Example: tamis audit verify --store tamis.db   or   tamis audit verify --file out/audit.jsonl")
      @Option(help: "Verify an exported audit.jsonl instead of the store's log.")
      var file: String?
      @OptionGroup var store: StoreOptions
      func run() throws {
        let events: [AuditEvent]
        var anchor = AuditLog.genesis
        if let file {
          guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ReadError.cannotOpen(Locator(file: file), reason: "not readable as UTF-8 text")
          }
          var parsed: [AuditEvent] = []
          for (number, line) in text.split(separator: "\n").enumerated() {
            guard let event = AuditEvent(line: String(line)) else {
              print("\(file):\(number + 1): error: not an audit event")
              throw ExitCode(1)
            }
            parsed.append(event)
          }
          events = parsed
          if let first = events.first, first.sequence > 1 { anchor = first.previousHash }
        } else {
          events = try ReferentialStore(path: store.store).auditEvents()
        }
        if let failure = AuditVerifier.verify(events, anchor: anchor) {
          print("audit log broken: \(failure)")
          throw ExitCode(1)
        }
        print("audit log intact: \(events.count) events")
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Print the audit history, all of it or for one golden record.",
                                                      discussion: "Example: tamis audit show --golden G00000001")
      @Option(help: "Only events that touch this golden record.")
      var golden: String?
      @OptionGroup var store: StoreOptions
      func run() throws {
        for event in try ReferentialStore(path: store.store).auditEvents() {
          if let golden, !event.payload.contains(where: { $0.1 == golden || $0.1.split(separator: " ").contains(Substring(golden)) }) { continue }
          let ids = event.payload.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
          print("#\(event.sequence) \(event.time) \(event.actor) \(event.runId ?? "-") \(event.kind) \(ids)")
        }
      }
    }
  }
}
