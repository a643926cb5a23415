import Foundation

/// Phase timings on stderr when `TAMIS_TRACE=1`, for profiling a run; silent otherwise.
public struct Trace {
  private let isEnabled = ProcessInfo.processInfo.environment["TAMIS_TRACE"] == "1"
  private var last = Date()

  public init() {}

  public mutating func mark(_ phase: String) {
    guard isEnabled else { return }
    let now = Date()
    FileHandle.standardError.write(Data(String(format: "trace: %-28@ %8.3f s %7d MB resident\n", phase, now.timeIntervalSince(last),
                                                 Trace.residentMegabytes()).utf8))
    last = now
  }

  /// The process's resident memory (VmRSS), 0 where /proc is not available.
  static func residentMegabytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kilobytes / 1024
  }
}
