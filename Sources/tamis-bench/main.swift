import ArgumentParser
import Foundation
import TamisKit
import TamisSynthetic

/// `make bench`: generates synthetic exports and measures the release `tamis` binary on them
/// (wall time and peak memory of the child process), never inside unit tests.
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

  @Option(help: "Ingest formats to measure (comma-separated: csv,jsonl,xml).")
  var formats = "csv,jsonl,xml"

  func run() throws {
    let directory = URL(fileURLWithPath: work)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    print("tamis-bench: \(records) records per file, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    let population = SyntheticPopulation.generate(records: records)
    print("| stage | input | records | seconds | records/s | peak memory |")
    print("|---|---|---:|---:|---:|---:|")
    for name in formats.split(separator: ",").map(String.init) {
      guard let format = SyntheticExport.Format(rawValue: name) else { throw ValidationError("unknown format \(name)") }
      let file = directory.appendingPathComponent(["csv": "crm.csv", "jsonl": "eshop.jsonl", "xml": "erp.xml"][name] ?? name)
      try SyntheticExport.write(population.records, format: format, to: file)
      let out = directory.appendingPathComponent("out-\(name)")
      let measured = try Measure.run(tamis, ["normalize", file.path, "--out", out.path, "--quiet"])
      print("| normalize | \(file.lastPathComponent) (\(format.rawValue)) | \(records) | \(String(format: "%.2f", measured.seconds)) | "
            + "\(Int(Double(records) / measured.seconds)) | \(measured.peakMegabytes) MB |")
    }
  }
}

/// Runs a child process and reports its wall time and peak resident memory (from `wait4`).
enum Measure {
  struct Result {
    var seconds: Double
    var peakMegabytes: Int
    var status: Int32
  }

  static func run(_ executable: String, _ arguments: [String]) throws -> Result {
    var pid: pid_t = 0
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = Date()
    let spawned = posix_spawn(&pid, executable, nil, nil, argv, environ)
    guard spawned == 0 else { throw ValidationError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    _ = wait4(pid, &status, 0, &usage)
    let seconds = Date().timeIntervalSince(start)
    let exitStatus = (status >> 8) & 0xFF
    if exitStatus > 1 { throw ValidationError("\(executable) \(arguments.joined(separator: " ")) exited \(exitStatus)") }
    return Result(seconds: seconds, peakMegabytes: Int(usage.ru_maxrss) / 1024, status: exitStatus)
  }
}
