import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Verify or read the hash-chained audit log.",
      discussion: "Example: tamis audit verify --store tamis.db --head 1234:9f86d0…",
      subcommands: [Verify.self, Head.self, Show.self])

    struct Verify: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Check the chain, its erasable parts and the runs' entries; a break is named by its position (exit 1).",
        discussion: """
          With --head SEQ:HASH (as printed by a run or `tamis audit head`, and kept outside the store), also proves that no
          event up to it was changed since. Example: tamis audit verify --store tamis.db   or   tamis audit verify --file out/audit.jsonl
          """)
      @Option(help: "Verify an exported audit.jsonl instead of the store's log (the chain only).")
      var file: String?
      @Option(help: ArgumentHelp("A head kept earlier: the log must still hold that very event.", valueName: "seq:hash"))
      var head: String?
      @OptionGroup var store: StoreOptions

      func run() throws {
        let kept = try head.map { text throws(AuditError) in try AuditHead(parsing: text) }
        let verification: AuditVerifier.Verification
        if let file {
          let log: EventLog
          do { log = try EventLog.read(file) } catch let error as AuditError {
            guard case .unreadableEvent = error else { throw error }
            print(error.description)  // an unreadable line is a broken log: exit 1, like any other break
            throw ExitCode(1)
          }
          verification = try AuditVerifier.verify(log, anchor: log.anchor, head: kept)
        } else {
          verification = try AuditVerifier.verify(try ReferentialStore(path: store.store), head: kept)
        }
        print(AuditReport.text(verification), terminator: "")
        if verification.failure != nil { throw ExitCode(1) }
      }
    }

    struct Head: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Print the chain's head (SEQ:HASH): keep it outside the store, verify against it later with --head.",
        discussion: "Example: tamis audit head --store tamis.db >> dpo-register.txt")
      @OptionGroup var store: StoreOptions
      func run() throws { print(try ReferentialStore(path: store.store).auditHead().description) }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Print the audit history, all of it or for one golden record.",
                                                      discussion: "Example: tamis audit show --golden G00000001")
      @Option(help: "Only events and run entries that touch this golden record.")
      var golden: String?
      @OptionGroup var store: StoreOptions
      func run() throws {
        let referential = try ReferentialStore(path: store.store)
        print(AuditReport.history(try referential.auditEvents(), subjects: try referential.auditSubjects() ?? [:], entries: try golden.map { try referential.auditEntries(mentioning: $0) } ?? [],
                                  golden: golden), terminator: "")
      }
    }
  }
}
