import Foundation

/// Writes test inputs to a fresh temporary folder and finds the repository's fixtures.
enum TestFiles {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func fixture(_ path: String) -> String { repository.appendingPathComponent("fixtures/" + path).path }

  /// This test process's folder, removed when the process exits: a CI machine must not keep
  /// a folder per test and run.
  static let root: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tamis-tests-\(ProcessInfo.processInfo.processIdentifier)")
    atexit { try? FileManager.default.removeItem(at: TestFiles.root) }
    return url
  }()

  static func directory() -> URL {
    let url = root.appendingPathComponent(UUID().uuidString)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static func write(_ bytes: [UInt8], name: String) -> String {
    let url = directory().appendingPathComponent(name)
    _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
    return url.path
  }

  static func write(_ text: String, name: String) -> String { write(Array(text.utf8), name: name) }
}
