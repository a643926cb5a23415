import Foundation
import Testing
@testable import TamisKit

@Suite struct ProgressTests {
  @Test func theLineSaysRecordsRateShareAndTimeLeft() {
    #expect(Progress.line(file: "crm.csv", records: 1_000, bytes: 50, size: 100, elapsed: 2) == "crm.csv: 1000 records, 500/s, 50 %, ETA 2 s")
    // A size unknown (a pipe) or nothing read yet: no share, no ETA.
    #expect(Progress.line(file: "crm.csv", records: 10, bytes: 0, size: 100, elapsed: 1) == "crm.csv: 10 records, 10/s")
    #expect(Progress.line(file: "feed.jsonl", records: 10, bytes: 5, size: nil, elapsed: 1) == "feed.jsonl: 10 records, 10/s")
  }

  /// Shown on a terminal for a large file only, redrawn in place, and cleared at the end: CI logs
  /// (not a terminal) and small files get nothing.
  @Test func shownOnlyOnATerminalForALargeFile() {
    var written: [String] = []
    let shown = Progress(isEnabled: true, minimumSize: 1_000) { written.append($0) }
    shown.begin(file: "/data/crm.csv", size: 10_000)
    shown.update(records: 500, bytes: 5_000)
    shown.update(records: 501, bytes: 5_010)  // within half a second: not redrawn
    shown.end()
    #expect(written.count == 2)
    #expect(written.first?.hasPrefix("\r\u{1B}[Kcrm.csv: 500 records, ") == true, "\(written)")
    #expect(written.first?.hasSuffix(", 50 %, ETA 0 s") == true, "\(written)")
    #expect(written.last == "\r\u{1B}[K")

    written = []
    let small = Progress(isEnabled: true, minimumSize: 1_000) { written.append($0) }
    small.begin(file: "crm.csv", size: 999)
    small.update(records: 5, bytes: 500)
    small.end()
    let notATerminal = Progress(isEnabled: false, minimumSize: 0) { written.append($0) }
    notATerminal.begin(file: "crm.csv", size: 10_000)
    notATerminal.update(records: 5, bytes: 500)
    notATerminal.end()
    #expect(written.isEmpty)
  }
}
