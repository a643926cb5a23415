import Foundation

/// Runs the built `tamis` binary, as a user or a CI job would.
struct Tamis {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static var binary: URL {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("tamis"),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tamis"),
      Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("tamis"),
    ].compactMap { $0 }
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
  }

  /// Runs `tamis arguments…` in the repository (so that `rules/` and `fixtures/` resolve).
  @discardableResult
  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = repository
    var env = ProcessInfo.processInfo.environment
    env["TAMIS_AS_OF"] = "2026-11-23"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                  stderr: String(decoding: errData, as: UTF8.self))
  }

  /// This test process's folder, removed when the process exits (not one left per test and run).
  static let temporaryRoot: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tamis-e2e-\(ProcessInfo.processInfo.processIdentifier)")
    atexit { try? FileManager.default.removeItem(at: Tamis.temporaryRoot) }
    return url
  }()

  static func temporaryDirectory() -> URL {
    let url = temporaryRoot.appendingPathComponent(UUID().uuidString)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
}
