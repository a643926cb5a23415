import ArgumentParser
import Foundation
import TamisKit
import TamisSynthetic

/// `make bench`: generates synthetic exports and measures the release `tamis` binary on them
/// (wall time and peak memory of the child process, from /proc), never inside unit tests.
@main
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tamis-bench", abstract: "Measure Tamis on synthetic exports (release build).")

  @Option(help: "Records per generated file.")
  var records = 1_000_000

  @Option(help: "The tamis binary to measure.")
  var tamis = ".build/release/tamis"

  @Option(help: "Folder for generated data and outputs.")
  var work = "bench-data"

  @Option(help: "Ingest formats to measure (comma-separated: csv,jsonl,xml); empty to skip.")
  var formats = "csv,jsonl,xml"

  @Option(help: "Times each normalize is run; the median is reported, with the range.")
  var repeats = 3

  @Option(help: "Records of the labelled sets whose clusters are scored against the truth (comma-separated sizes); 0 to skip.")
  var accuracyRecords = "3000,100000"

  @Option(help: "Records of the held-out labelled set (another seed, other error rates; never tuned against); 0 to skip.")
  var heldOutRecords = 100_000

  @Option(help: "A folder of FEBRL3 and FEBRL4 exports made by bench/febrl.py, to measure accuracy on (make bench-accuracy).")
  var febrl: String?

  @Option(help: "Records for the end-to-end run from an empty store; 0 to skip.")
  var runRecords = 1_000_000

  @Option(help: "Records added by the incremental run on top of the end-to-end store; 0 to skip.")
  var incrementalRecords = 10_000

  @Option(help: "Golden records retention apply erases on the end-to-end store.")
  var retentionErased = 100_000

  func run() throws {
    let directory = URL(fileURLWithPath: work)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    print("tamis-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores")
    for size in accuracyRecords.split(separator: ",").compactMap({ Int($0) }) where size > 0 {
      try accuracy(directory.appendingPathComponent("accuracy-\(size)"), records: size, seed: 97, duplicateRate: 0.45, errorRate: 1,
                   label: "generator")
    }
    if heldOutRecords > 0 {
      try accuracy(directory.appendingPathComponent("held-out"), records: heldOutRecords, seed: 4242, duplicateRate: 0.3, errorRate: 1.5,
                   label: "held-out")
    }
    if let febrl { try self.febrl(URL(fileURLWithPath: febrl)) }
    print("| stage | input | records | seconds | records/s | peak memory | measured |")
    print("|---|---|---:|---:|---:|---:|---|")
    // Normalize first: after the minute-long end-to-end run this shared machine runs slower
    // for a while, which is not what normalize costs.
    try normalize(directory)
    if runRecords > 0 { try endToEnd(directory.appendingPathComponent("run")) }
  }

  /// Each format's export written, then `tamis normalize` on it `repeats` times.
  func normalize(_ directory: URL) throws {
    let population = formats.isEmpty ? SyntheticPopulation() : SyntheticPopulation.generate(records: records)
    for name in formats.split(separator: ",").map(String.init) {
      guard let format = SyntheticExport.Format(rawValue: name) else { throw ValidationError("unknown format \(name)") }
      let file = directory.appendingPathComponent(["csv": "crm.csv", "jsonl": "eshop.jsonl", "xml": "erp.xml"][name] ?? name)
      try SyntheticExport.write(population.records, format: format, to: file)
      let out = directory.appendingPathComponent("out-\(name)")
      var runs: [Measure.Result] = []
      for _ in 0..<max(repeats, 1) {
        // Measured from a clean start: the last run's output removed and the export just written
        // flushed to disk first, so that the kernel's deleting and writing back of them (on the
        // same two cores) is not timed as normalising.
        try? FileManager.default.removeItem(at: out)
        sync()
        runs.append(try Measure.run(tamis, ["normalize", file.path, "--out", out.path, "--quiet"]))
      }
      runs.sort { $0.seconds < $1.seconds }
      let median = runs[runs.count / 2]
      let measured = runs.count == 1 ? "one run"
        : "median of \(runs.count) (\(String(format: "%.2f", runs[0].seconds))–\(String(format: "%.2f", runs[runs.count - 1].seconds)) s)"
      print("| normalize | \(file.lastPathComponent) (\(format.rawValue)) | \(records) | \(String(format: "%.2f", median.seconds)) | "
            + "\(Int(Double(records) / median.seconds)) | \(runs.map(\.peakMegabytes).max() ?? 0) MB | \(measured) |")
    }
  }
}

extension Bench {
  /// F1 of `tamis run` on a labelled synthetic set, from an empty store, default rules.
  func accuracy(_ directory: URL, records: Int, seed: UInt64, duplicateRate: Double, errorRate: Double, label: String) throws {
    try? FileManager.default.removeItem(at: directory)
    let population = SyntheticPopulation.generate(records: records, seed: seed, duplicateRate: duplicateRate, errorRate: errorRate)
    try SyntheticExport.writeSources(population, to: directory)
    let files = ["crm.csv", "eshop.jsonl", "erp.xml"].map { directory.appendingPathComponent($0).path }
    let out = directory.appendingPathComponent("out")
    let measured = try Measure.run(tamis, ["run"] + files + ["--store", directory.appendingPathComponent("tamis.db").path, "--out", out.path, "--quiet"])
    let clusters = try String(contentsOf: out.appendingPathComponent("clusters.csv"), encoding: .utf8)
    let truth = try String(contentsOf: directory.appendingPathComponent("truth.csv"), encoding: .utf8)
    let score = Accuracy.measure(clusters: clusters, truth: truth)
    var goldenOf: [Int: Set<String>] = [:]
    var personOf: [String: Int] = [:]
    for record in population.records { personOf[record.source + ":" + record.recordId] = record.personId }
    for line in clusters.split(separator: "\n").dropFirst() {
      let parts = line.split(separator: ",", omittingEmptySubsequences: false)
      if parts.count == 3, !parts[2].isEmpty, let person = personOf[parts[0] + ":" + parts[1]] { goldenOf[person, default: []].insert(String(parts[2])) }
    }
    let people = Dictionary(uniqueKeysWithValues: population.people.map { person in
      (person.id, (first: person.firstName, last: person.lastName, birth: person.birthDate.description,
                   household: "\(person.streetNumber) \(person.streetType) \(person.streetName) \(person.place)"))
    })
    let hard = HardNegatives.measure(people: people, goldenOf: goldenOf)
    print(String(format: "accuracy (%@, seed %d, duplicate rate %.2f, error rate %.1f) on %d labelled records (%d true pairs): precision %.4f, recall %.4f, F1 %.4f (%.1f s, %d MB)",
                 label, Int(seed), duplicateRate, errorRate, records, score.truePairs, score.precision, score.recall, score.f1,
                 measured.seconds, measured.peakMegabytes))
    print("  hard non-duplicates merged (pairs merged / pairs): " + hard.text)
    print("  " + (try BlockingRecall.measure(inputs: files, mapping: nil, truth: truth)).text)
  }

  /// `tamis run` on three sources from an empty store, then an incremental run on top of it.
  func endToEnd(_ directory: URL) throws {
    try? FileManager.default.removeItem(at: directory)
    let population = SyntheticPopulation.generate(records: runRecords + incrementalRecords, seed: 11)
    let first = SyntheticPopulation(people: [], records: Array(population.records.prefix(runRecords)))
    try SyntheticExport.writeSources(first, to: directory)
    let files = ["crm.csv", "eshop.jsonl", "erp.xml"].map { directory.appendingPathComponent($0).path }
    let store = directory.appendingPathComponent("tamis.db").path
    let measured = try Measure.run(tamis, ["run"] + files + ["--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"])
    print("| run (empty store) | crm.csv + eshop.jsonl + erp.xml | \(runRecords) | \(String(format: "%.2f", measured.seconds)) | "
          + "\(Int(Double(runRecords) / measured.seconds)) | \(measured.peakMegabytes) MB | one run |")
    try consent(directory, store: store, records: first.records)
    guard incrementalRecords > 0 else { return }
    let added = directory.appendingPathComponent("added")
    try SyntheticExport.writeSources(SyntheticPopulation(people: [], records: Array(population.records.suffix(incrementalRecords))), to: added)
    let addedFiles = ["crm.csv", "eshop.jsonl", "erp.xml"].map { added.appendingPathComponent($0).path }
    let incremental = try Measure.run(tamis, ["run"] + addedFiles + ["--store", store, "--out", added.appendingPathComponent("out").path, "--quiet"])
    print("| run (incremental) | +\(incrementalRecords) records on the \(runRecords)-record store | \(incrementalRecords) | "
          + "\(String(format: "%.2f", incremental.seconds)) | \(Int(Double(incrementalRecords) / incremental.seconds)) | \(incremental.peakMegabytes) MB | one run |")
    try retention(directory, store: store)
  }

  /// The retention report on the end-to-end store, then apply on the day `retentionErased` of its
  /// golden records (or all those ever due, when fewer) are past due.
  func retention(_ directory: URL, store: String) throws {
    let all = directory.appendingPathComponent("retention.csv")
    let report = try Measure.run(tamis, ["retention", "report", "--as-of", "2100-01-01", "--format", "csv", "--store", store], output: all.path)
    let rows = try String(contentsOf: all, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    let lines = rows.dropFirst()
    print("| retention report | the end-to-end store | \(lines.count) | \(String(format: "%.2f", report.seconds)) | "
          + "\(Int(Double(lines.count) / report.seconds)) | \(report.peakMegabytes) MB | one run |")
    guard let header = rows.first, let stateColumn = header.firstIndex(of: "state"), let dueColumn = header.firstIndex(of: "due") else {
      throw ValidationError("the retention report has no state or due column: \(rows.first.map { $0.joined(separator: ",") } ?? "")")
    }
    let dues = lines.filter { $0.count == header.count && $0[stateColumn] == "past_due" }.map { String($0[dueColumn]) }.sorted()
    guard !dues.isEmpty else { throw ValidationError("the retention report lists no one past due as of 2100-01-01") }
    let asOf = dues[max(1, min(retentionErased, dues.count)) - 1]
    let applied = try Measure.run(tamis, ["retention", "apply", "--as-of", asOf, "--yes", "--store", store], output: directory.appendingPathComponent("apply.txt").path)
    let printed = (try? String(contentsOf: directory.appendingPathComponent("apply.txt"), encoding: .utf8)) ?? ""
    let balance = printed.split(separator: "\n").last.map(String.init) ?? ""
    let due = dues.filter { $0 <= asOf }.count
    let seconds = String(format: "%.2f", applied.seconds), rate = Int(Double(due) / applied.seconds)
    print("| retention apply | as of \(asOf): \(balance) | \(due) | \(seconds) | \(rate) | \(applied.peakMegabytes) MB | one run |")
  }
}

extension Bench {
  /// The consent ledger on the end-to-end store: as many consent events as records imported,
  /// then the report, then a contactable list.
  func consent(_ directory: URL, store: String, records: [SyntheticRecord]) throws {
    let file = directory.appendingPathComponent("consents.csv")
    var text = "record,purpose,decision,given_at,notice,notice_version,method,evidence\n"
    let purposes = ["email_marketing", "newsletter", "sms_marketing", "phone_canvassing", "postal_marketing"]
    for (k, record) in records.enumerated() {
      let day = CivilDate(year: 2020, month: 1, day: 1).adding(days: k % 2000)
      text += "\(record.source):\(record.recordId),\(purposes[k % purposes.count]),\(k % 7 == 0 ? "withdrawn" : "granted"),\(day),,,web_form,sub-\(k)\n"
    }
    try text.write(to: file, atomically: true, encoding: .utf8)
    let imported = try Measure.run(tamis, ["consent", "import", file.path, "--store", store], quiet: true)
    print("| consent import | consents.csv on the \(records.count)-record store | \(records.count) | \(String(format: "%.2f", imported.seconds)) | "
          + "\(Int(Double(records.count) / imported.seconds)) | \(imported.peakMegabytes) MB | one run |")
    let report = try Measure.run(tamis, ["consent", "report", "--store", store, "--format", "json"], quiet: true)
    print("| consent report | the \(records.count)-record store | \(records.count) | \(String(format: "%.2f", report.seconds)) | "
          + "\(Int(Double(records.count) / report.seconds)) | \(report.peakMegabytes) MB | one run |")
    let list = try Measure.run(tamis, ["contactable", "--channel", "email", "--store", store, "--out", directory.appendingPathComponent("email.csv").path],
                               quiet: true)
    print("| contactable | email, the \(records.count)-record store | \(records.count) | \(String(format: "%.2f", list.seconds)) | "
          + "\(Int(Double(records.count) / list.seconds)) | \(list.peakMegabytes) MB | one run |")
    // A person found by a record of theirs, exported, then erased.
    guard let person = records.dropFirst(records.count / 2).first.map({ "\($0.source):\($0.recordId)" }) else { return }
    for (type, ref) in [("access", "BENCH-A"), ("erasure", "BENCH-E")] {
      _ = try Measure.run(tamis, ["requests", "add", "--type", type, "--received", "2026-11-20", "--record", person, "--ref", ref, "--store", store], quiet: true)
    }
    let export = try Measure.run(tamis, ["subject", "export", "--record", person, "--request", "BENCH-A", "--out",
                                         directory.appendingPathComponent("subject").path, "--store", store], quiet: true)
    let erase = try Measure.run(tamis, ["erase", "--record", person, "--request", "BENCH-E", "--yes", "--store", store], quiet: true)
    // Another person, found by email: the lookup an erasure request usually starts from.
    guard let email = records.dropFirst(records.count / 3).first(where: { $0.email != nil })?.email else { return }
    _ = try Measure.run(tamis, ["requests", "add", "--type", "erasure", "--received", "2026-11-20", "--email", email, "--ref", "BENCH-M", "--store", store],
                        quiet: true)
    let byEmail = try Measure.run(tamis, ["erase", "--email", email, "--request", "BENCH-M", "--yes", "--store", store], quiet: true)
    for (name, measured) in [("subject export", export), ("erase", erase), ("erase (by email)", byEmail)] {
      print("| \(name) | one person of the \(records.count)-record store | 1 | \(String(format: "%.2f", measured.seconds)) | | \(measured.peakMegabytes) MB | one run |")
    }
    try requestsList(directory, store: store, records: records)
  }

  /// `tamis requests list` over 10,000 requests, registered through the library (a process each
  /// would take minutes to set up) for 10,000 people of the store.
  func requestsList(_ directory: URL, store: String, records: [SyntheticRecord]) throws {
    let started = Date()
    let register = try RequestsRegister(storePath: store, actor: "bench", writing: true)
    let day = CivilDate(year: 2026, month: 11, day: 2)
    var registered = 0
    // From the end of the export: the people erased above are in its middle.
    for record in records.reversed() where registered < 10_000 {
      let person = PersonQuery.record(record.source + ":" + record.recordId)
      guard (try? register.add(type: registered % 4 == 0 ? .erasure : .access, received: day.adding(days: registered % 60), person: person,
                                reference: String(format: "BENCH-L%05d", registered))) != nil else { continue }
      registered += 1
    }
    let setup = Date().timeIntervalSince(started)
    let list = try Measure.run(tamis, ["requests", "list", "--format", "csv", "--store", store], output: directory.appendingPathComponent("requests.csv").path)
    print("| requests list | \(registered) requests on the \(records.count)-record store (registered in \(Int(setup)) s) | \(registered) | "
          + "\(String(format: "%.2f", list.seconds)) | | \(list.peakMegabytes) MB | one run |")
  }
}

/// Runs a child process and reports its wall time and peak resident memory (VmHWM).
enum Measure {
  struct Result {
    var seconds: Double
    var peakMegabytes: Int
    var status: Int32
  }

  /// - Parameters:
  ///   - quiet: send the child's standard output to /dev/null (a report measured, not read).
  ///   - output: or to this file, to read afterwards.
  static func run(_ executable: String, _ arguments: [String], quiet: Bool = false, output: String? = nil) throws -> Result {
    var pid: pid_t = 0
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if quiet { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
    if let output { posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
    let start = Date()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else { throw ValidationError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
    // Peak memory from the child's own VmHWM: wait4's ru_maxrss starts from the parent's
    // high-water mark at fork, which would count the generated data held here.
    var status: Int32 = 0
    var peakKilobytes = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
      if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
         let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
         let value = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
        peakKilobytes = max(peakKilobytes, value)
      }
      usleep(20_000)
    }
    let seconds = Date().timeIntervalSince(start)
    let exitStatus = (status >> 8) & 0xFF
    if exitStatus > 1 { throw ValidationError("\(executable) \(arguments.joined(separator: " ")) exited \(exitStatus)") }
    return Result(seconds: seconds, peakMegabytes: peakKilobytes / 1024, status: exitStatus)
  }
}

extension Bench {
  /// F1 of `tamis run` on FEBRL3 and FEBRL4 (exported by `bench/febrl.py`), with the mapping
  /// that declares their record id and social security number, and with no mapping at all.
  func febrl(_ directory: URL) throws {
    let mapping = "bench/febrl-mapping.yml"
    for (name, files) in [("febrl3", ["febrl3.csv"]), ("febrl4", ["febrl4a.csv", "febrl4b.csv"])] {
      let truth = try String(contentsOf: directory.appendingPathComponent("\(name).truth.csv"), encoding: .utf8)
      for mapped in [true, false] {
        let out = directory.appendingPathComponent("out-\(name)-\(mapped ? "mapped" : "unmapped")")
        try? FileManager.default.removeItem(at: out)
        let inputs = files.map { directory.appendingPathComponent($0).path }
        let measured = try Measure.run(tamis, ["run"] + inputs + (mapped ? ["--mapping", mapping] : [])
                                       + ["--store", out.appendingPathComponent("tamis.db").path, "--out", out.path, "--quiet"])
        let score = Accuracy.measure(clusters: try String(contentsOf: out.appendingPathComponent("clusters.csv"), encoding: .utf8), truth: truth)
        print(String(format: "accuracy (%@, %@) on %d records (%d true pairs): precision %.4f, recall %.4f, F1 %.4f (%.1f s, %d MB)",
                     name, mapped ? "mapping declares rec_id and soc_sec_id" : "no mapping", name == "febrl3" ? 5000 : 10000,
                     score.truePairs, score.precision, score.recall, score.f1, measured.seconds, measured.peakMegabytes))
        print("  " + (try BlockingRecall.measure(inputs: inputs, mapping: mapped ? mapping : nil, truth: truth)).text)
      }
    }
  }
}
