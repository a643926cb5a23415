import ArgumentParser
import Foundation
import TamisKit

extension Tamis {
  struct Retention: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Retention rules (rules/retention.yml, CNIL durations): who is past due, then act on exactly that.",
      discussion: "Example: tamis retention report --as-of 2026-12-31, then tamis retention apply --as-of 2026-12-31 --yes",
      subcommands: [Report.self, Apply.self, Statistics.self])

    struct Report: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Who is past due, who falls due within 30 and 90 days, who has no usable reference date; by rule, with counts.")
      @Option(help: "The day to judge on (yyyy-MM-dd; default today).")
      var asOf: String?
      @Option(help: "text, json, csv or md.")
      var format: TableReportFormat = .text
      @Option(help: "Rules folder.")
      var rules: String?
      @OptionGroup var store: StoreOptions

      func run() throws {
        let retention = try RulesSet.load(rules).retention
        let report = try RetentionReport.make(store: try ReferentialStore(path: store.store), rules: retention, asOf: try day(asOf))
        print(report.render(format.rawValue), terminator: "")
      }
    }

    struct Apply: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Act on what the report lists as past due (a dry run without --yes): erase, anonymise, archive or leave for review; prints the balance.")
      @Option(help: "The day to judge on (yyyy-MM-dd; default today).")
      var asOf: String?
      @Flag(help: "Act; without it, only count what would be done.")
      var yes = false
      @Option(help: "Rules folder.")
      var rules: String?
      @OptionGroup var store: StoreOptions
      @OptionGroup var write: WriteOptions

      func run() throws {
        let retention = try RulesSet.load(rules).retention
        let register = try RequestsRegister(storePath: store.store, actor: store.actor, writing: true, wait: write.wait)
        let outcome = try RetentionApply.apply(register: register, rules: retention, asOf: try day(asOf), acting: yes)
        let report = outcome.report
        print("\(report.goldenRecords) golden records as of \(report.asOf): \(report.count(.due30) + report.count(.due90)) due within 90 days, "
              + "\(report.count(.noReferenceDate)) without a usable reference date, \(report.uncovered) not covered by a rule, \(report.archived) archived")
        let usesFieldRules = retention.rules.contains { !$0.fields.isEmpty }
        if yes {
          print(outcome.balance + " (\(outcome.sourceRecordsErased) source records erased with the erased and anonymised)")
          if usesFieldRules {
            print(outcome.fieldBalance + " (\(outcome.fields.values) values taken out of \(outcome.fields.sourceRecords) source records)")
          }
        } else {
          print("dry run, nothing changed; with --yes: " + outcome.balance)
          if usesFieldRules { print("with --yes: " + outcome.fieldBalance) }
        }
      }
    }

    struct Statistics: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "What anonymisation kept: people counted by rule, day, status, country, département and birth decade; no one is named.")
      @Option(help: "text, json, csv or md.")
      var format: TableReportFormat = .text
      @OptionGroup var store: StoreOptions

      func run() throws {
        print(try AnonymisedStatistics.make(store: try ReferentialStore(path: store.store)).render(format.rawValue), terminator: "")
      }
    }
  }
}
