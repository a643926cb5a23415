import ArgumentParser
import Foundation
import TamisKit

extension RequestType: ExpressibleByArgument {}

extension Tamis {
  struct Requests: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The register of data-subject requests, with their legal deadlines (one month, once extendable by two).",
      discussion: "Example: tamis requests add --type erasure --received 2026-11-20 --email jean@example.fr, then tamis requests list --late",
      subcommands: [Add.self, List.self, Extend.self, Close.self])

    struct Add: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Register a request; prints its reference and deadline.",
                                                      discussion: "Example: tamis requests add --type access --received 2026-11-20 --golden G00000042")
      @Option(help: "access, erasure, objection or rectification.")
      var type: RequestType
      @Option(help: "The day the request was received (yyyy-MM-dd).")
      var received: String
      @OptionGroup var person: PersonOptions
      @Option(help: "The request's reference (default: REQ-<year>-<number>).")
      var ref: String?
      @OptionGroup var store: StoreOptions
      @OptionGroup var write: WriteOptions

      func run() throws {
        let register = try RequestsRegister(storePath: store.store, actor: store.actor, writing: true, wait: write.wait)
        let request = try register.add(type: type, received: try day(received, option: "--received"), person: person.query, reference: ref)
        print("\(request.reference): \(request.type.rawValue) request received \(request.received), due \(request.due)")
      }
    }

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "List the requests with their deadlines; --late exits 1 when one is past due.",
                                                      discussion: "Example: tamis requests list --late   (a daily cron job for the DPO)")
      @Option(help: "text, json or csv.")
      var format: RequestsFormat = .text
      @Flag(help: "Only open requests past their deadline; exit 1 when there is one.")
      var late = false
      @Option(help: "The day to judge deadlines on (yyyy-MM-dd; default today).")
      var asOf: String?
      @OptionGroup var store: StoreOptions

      func run() throws {
        let today = try day(asOf)
        let all = try RequestsRegister(storePath: store.store, actor: store.actor, writing: false).list()
        let shown = late ? all.filter { $0.isLate(on: today) } : all
        print(RequestsText.render(shown, format: format.rawValue, on: today), terminator: "")
        if late && !shown.isEmpty { throw ExitCode(1) }
      }
    }

    struct Extend: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Extend a request by two months (once; the person told within the first month).",
                                                      discussion: "Example: tamis requests extend REQ-2026-0003 --notified 2026-12-01 --reason \"many records across three systems\"")
      @Argument(help: "The request's reference.")
      var ref: String
      @Option(help: "The day the person was told (yyyy-MM-dd).")
      var notified: String
      @Option(help: "Why, as told to the person.")
      var reason: String
      @OptionGroup var store: StoreOptions
      @OptionGroup var write: WriteOptions

      func run() throws {
        let register = try RequestsRegister(storePath: store.store, actor: store.actor, writing: true, wait: write.wait)
        let request = try register.extend(ref, notified: try day(notified, option: "--notified"), reason: reason)
        print("\(request.reference): now due \(request.due)")
      }
    }

    struct Close: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Close a request answered otherwise (withdrawn by the person, refused with reasons).",
                                                      discussion: "Example: tamis requests close REQ-2026-0003")
      @Argument(help: "The request's reference.")
      var ref: String
      @Option(help: "The day it was closed (yyyy-MM-dd; default today).")
      var asOf: String?
      @OptionGroup var store: StoreOptions
      @OptionGroup var write: WriteOptions

      func run() throws {
        try RequestsRegister(storePath: store.store, actor: store.actor, writing: true, wait: write.wait).close(ref, on: try day(asOf))
        print("\(ref): closed")
      }
    }
  }

  struct Erase: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Erase a person (RGPD art. 17): golden record, every source record merged into it, review pairs, decisions, consent events, audit subjects.",
      discussion: """
        Shows what it found first (a dry run); --yes erases. Keeps the request and a suppression entry (keyed hashes), so a later \
        import of the person is quarantined (SUPPRESSED). Example: tamis erase --email jean@example.fr --request REQ-2026-0001 --yes
        """)
    @OptionGroup var options: RequestOptions
    @Flag(help: "Erase; without it, only show what would be erased.")
    var yes = false
    @Option(help: "Write the erasure report there (JSON; a .txt beside it is the readable version).")
    var out: String?

    func run() throws {
      let register = try options.register()
      let plan = try register.planErasure(of: options.person.query)
      _ = try register.check(options.request, type: .erasure, golden: plan.golden)
      print(RequestsText.plan(plan), terminator: "")
      guard yes else {
        print("dry run: nothing erased; run again with --yes to erase")
        return
      }
      let report = try register.erase(plan, request: options.request, on: CivilDate.today())
      print(report.text, terminator: "")
      if let out {
        try AtomicFile.write(report.json, to: URL(fileURLWithPath: out), permissions: 0o600)
        try AtomicFile.write(report.text, to: URL(fileURLWithPath: out + ".txt"), permissions: 0o600)
      }
    }
  }
}

enum RequestsFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

/// What a command acting on a request takes: the person, the request's reference and the store.
struct RequestOptions: ParsableArguments {
  @OptionGroup var person: PersonOptions
  @Option(help: "The request's reference in the register (tamis requests add).")
  var request: String
  @OptionGroup var store: StoreOptions
  @OptionGroup var write: WriteOptions

  func register() throws -> RequestsRegister {
    try RequestsRegister(storePath: store.store, actor: store.actor, writing: true, wait: write.wait)
  }
}

/// A yyyy-MM-dd option, exactly; without one (`--as-of` left out), today (`TAMIS_AS_OF` fixes it
/// for reproducible runs).
func day(_ text: String?, option: String = "--as-of") throws -> CivilDate {
  guard let text else { return CivilDate.today() }
  guard let day = CivilDate(iso: text), text.count == 10 else { throw ValidationError("'\(option)' takes a date as yyyy-MM-dd") }
  return day
}

extension Tamis {
  struct SuppressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "suppression", abstract: "The suppression lists: opposition lists and erased people, as counts of keyed hashes.",
      discussion: "Example: tamis suppression list", subcommands: [List.self])

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Each list with its channel, entries and dates; never a value in clear.")
      @OptionGroup var store: StoreOptions
      func run() throws {
        let lists = try ReferentialStore(path: store.store).suppressionLists()
        if lists.isEmpty { print("no suppression list") }
        for list in lists { print("\(list.list)  \(list.channel)  \(list.entries) entries  added \(list.firstAdded)…\(list.lastAdded)") }
      }
    }
  }
}

extension Tamis {
  struct Subject: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Everything held about a person (RGPD art. 15 and 20), for an access request.",
      discussion: "Example: tamis subject export --email jean@example.fr --request REQ-2026-0002 --out jean/", subcommands: [Export.self])

    struct Export: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Write subject.json (portable), subject.md and subject.html (self-contained, for the person) to a folder.")
      @OptionGroup var options: RequestOptions
      @Option(help: "The folder to write, created owner-only.")
      var out: String
      @Option(help: "Rules folder (consent purposes, retention rules).")
      var rules: String?

      func run() throws {
        let rules = try RulesSet.load(rules)
        let export = try options.register().export(options.person.query, request: options.request, consentRules: rules.consent,
                                                   retentionRules: rules.retention, on: CivilDate.today())
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for (name, text) in [("subject.json", export.json), ("subject.md", export.markdown), ("subject.html", export.html)] {
          try AtomicFile.write(text, to: folder.appendingPathComponent(name), permissions: 0o600)
        }
        print("\(out): subject.json, subject.md, subject.html for golden record \(export.golden) (\(export.records.count) source records); "
              + "request \(options.request) done")
      }
    }
  }
}

extension Tamis {
  struct Object: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Honour an objection to direct marketing on one channel (RGPD art. 21): withdrawn for its purposes, suppressed on it.",
      discussion: "Example: tamis object --phone \"06 12 34 56 78\" --channel phone --request REQ-2026-0004")
    @OptionGroup var options: RequestOptions
    @Option(help: "email, sms, phone or post.")
    var channel: ContactChannel
    @Option(help: "Rules folder (consent purposes).")
    var rules: String?

    func run() throws {
      let outcome = try options.register().object(options.person.query, channel: channel, request: options.request,
                                                  rules: try RulesSet.load(rules).consent, on: CivilDate.today())
      print("golden record \(outcome.golden): \(outcome.purposes.joined(separator: ", ")) withdrawn (\(outcome.consentEvents) consent events), "
            + "\(outcome.suppressionEntries) suppression entries for \(channel.rawValue); request \(options.request) done")
    }
  }
}
