import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Consent: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The consent ledger: import consent events and suppression lists, show a person's consent, report coverage.",
      discussion: "Example: tamis consent import consents.csv, then tamis consent status --email jean@example.fr",
      subcommands: [Import.self, Status.self, Report.self, Suppress.self])

    struct Import: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Import consent events (CSV, JSON or XML); importing a file again adds nothing.",
        discussion: "Exits 1 when an event was quarantined. Example: tamis consent import web-consents.csv --store tamis.db")
      @Argument(help: "Files of consent events.")
      var files: [String]
      @Option(help: "Rules folder (rules/consent.yml: purposes, notices).")
      var rules: String?
      @OptionGroup var store: StoreOptions
      @OptionGroup var write: WriteOptions

      func run() throws {
        let ledger = try ConsentLedger(storePath: store.store, rules: try RulesSet.load(rules).consent, actor: store.actor, writing: true, wait: write.wait)
        var quarantined = 0
        for result in try ledger.importEvents(files) {
          for issue in result.issues { print(issue.description) }
          print("\(result.file): read \(result.read) = imported \(result.imported) + already in the ledger \(result.alreadyKnown) + quarantined \(result.quarantined); "
                + "\(result.pending) pending (person not in the referential yet)")
          quarantined += result.quarantined
        }
        print("audit head: \(try ledger.store.auditHead())")
        if quarantined > 0 { throw ExitCode(1) }
      }
    }

    struct Status: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "A person's consent per purpose: the state, the event and rule behind it, and the history with proof.",
        discussion: "Example: tamis consent status --golden G00000042 --format json")
      @OptionGroup var person: PersonOptions
      @Option(help: "text or json.")
      var format: ConsentStatusFormat = .text
      @Option(help: "Rules folder.")
      var rules: String?
      @OptionGroup var store: StoreOptions

      func run() throws {
        let ledger = try ConsentLedger(storePath: store.store, rules: try RulesSet.load(rules).consent, actor: store.actor, writing: false)
        let consent = try ledger.status(of: person.query)
        print(format == .json ? ConsentStatusText.json(consent, rules: ledger.rules) : ConsentStatusText.text(consent, rules: ledger.rules), terminator: "")
      }
    }

    struct Report: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Consent coverage per purpose, proof and renewal, conflicts met in merges, and who may be contacted per channel.",
        discussion: "Example: tamis consent report --format md > consent.md")
      @Option(help: "text, json, csv or md.")
      var format: TableReportFormat = .text
      @Option(help: "The day the report is for (yyyy-MM-dd; default today).")
      var asOf: String?
      @Option(help: "Rules folder.")
      var rules: String?
      @OptionGroup var store: StoreOptions

      func run() throws {
        let ledger = try ConsentLedger(storePath: store.store, rules: try RulesSet.load(rules).consent, actor: store.actor, writing: false)
        let report = try ConsentReport.make(ledger: ledger, asOf: try day(asOf))
        switch format {
        case .text: print(report.table(markdown: false), terminator: "")
        case .md: print(report.table(markdown: true), terminator: "")
        case .json: print(report.json)
        case .csv: print(report.csv, terminator: "")
        }
      }
    }

    struct Suppress: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Import an opposition list (one email or phone number a line, as Bloctel gives them), kept as keyed hashes.",
        discussion: "Example: tamis consent suppress bloctel.txt --channel phone --list bloctel")
      @Argument(help: "The list file.")
      var file: String
      @Option(help: "email or phone.")
      var channel: ContactChannel
      @Option(help: "The list's name (bloctel, unsubscribed …).")
      var list: String
      @Option(help: "Rules folder.")
      var rules: String?
      @OptionGroup var store: StoreOptions
      @OptionGroup var write: WriteOptions

      func run() throws {
        let ledger = try ConsentLedger(storePath: store.store, rules: try RulesSet.load(rules).consent, actor: store.actor, writing: true, wait: write.wait)
        let result = try ledger.suppress(file: file, channel: channel, list: list)
        for issue in result.issues { print(issue.description) }
        print("\(file): read \(result.read) = added \(result.added) + already listed \(result.alreadyListed) + unreadable \(result.unreadable)")
        if result.unreadable > 0 { throw ExitCode(1) }
      }
    }
  }

  struct Contactable: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The list a campaign may use on a channel: withdrawn, refused, suppressed and unconsented people left out, with the balance.",
      discussion: "Example: tamis contactable --channel email --as-of 2026-12-01 --out email-campaign.csv")
    @Option(help: "email, sms, phone or post.")
    var channel: ContactChannel
    @Option(help: "The purpose (default: the first of rules/consent.yml for the channel).")
    var purpose: String?
    @Option(help: "The day of the campaign (yyyy-MM-dd; default today): telephone canvassing needs consent from 2026-08-11.")
    var asOf: String?
    @Option(help: "The CSV file to write.")
    var out: String
    @Option(help: "Rules folder.")
    var rules: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
      let ledger = try ConsentLedger(storePath: store.store, rules: try RulesSet.load(rules).consent, actor: store.actor, writing: false)
      let list = try ContactableList.make(ledger: ledger, channel: channel, purpose: purpose, asOf: try day(asOf))
      try AtomicFile.write(list.csv, to: URL(fileURLWithPath: out), permissions: 0o600)
      print("\(out): \(list.channel.rawValue) for \(list.purpose): \(list.balance)")
    }
  }
}

/// text, json, csv or md: the formats of a report that is counts and a list.
enum TableReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv, md }
enum ConsentStatusFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

