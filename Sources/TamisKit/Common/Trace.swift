import Foundation

/// Phase timings on stderr when `TAMIS_TRACE=1`, for profiling a run; silent otherwise.
public struct Trace {
  private let isEnabled = ProcessInfo.processInfo.environment["TAMIS_TRACE"] == "1"
  private var last = Date()

  public init() {}

  public mutating func mark(_ phase: String) {
    guard isEnabled else { return }
    let now = Date()
    FileHandle.standardError.write(Data(String(format: "trace: %-28@ %8.3f s\n", phase, now.timeIntervalSince(last)).utf8))
    last = now
  }
}
