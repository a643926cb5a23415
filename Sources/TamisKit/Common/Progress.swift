import Foundation

/// A progress line on stderr (records read, rate, ETA when the size is known), shown only when
/// stderr is a terminal and the input is larger than a few MB, so CI logs stay clean.
public final class Progress {
  private let isEnabled: Bool
  private let minimumSize: Int
  /// Where the line goes (stderr; tests pass their own).
  private let write: (String) -> Void
  private var file = ""
  private var size: Int?
  private var started = Date()
  private var lastPrint = Date.distantPast
  private var isShowing = false

  public init(isEnabled: Bool = isatty(STDERR_FILENO) == 1, minimumSize: Int = 4 << 20,
              write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
    self.isEnabled = isEnabled
    self.minimumSize = minimumSize
    self.write = write
  }

  public func begin(file: String, size: Int?) {
    self.file = (file as NSString).lastPathComponent
    self.size = size
    started = Date()
    isShowing = isEnabled && (size ?? Int.max) >= minimumSize
  }

  /// Redraws the line, at most twice a second.
  public func update(records: Int, bytes: Int) {
    guard isShowing else { return }
    let now = Date()
    guard now.timeIntervalSince(lastPrint) >= 0.5 else { return }
    lastPrint = now
    write("\r\u{1B}[K" + Progress.line(file: file, records: records, bytes: bytes, size: size,
                                        elapsed: now.timeIntervalSince(started)))
  }

  public func end() {
    if isShowing { write("\r\u{1B}[K") }
    isShowing = false
  }

  /// `crm.csv: 120000 records, 240000/s, 40 %, ETA 1 s`: the rate since the start, and the
  /// share and time left when the file's size is known.
  static func line(file: String, records: Int, bytes: Int, size: Int?, elapsed: TimeInterval) -> String {
    let elapsed = max(elapsed, 0.001)
    var line = "\(file): \(records) records, \(Int(Double(records) / elapsed))/s"
    if let size, size > 0, bytes > 0 {
      let done = Double(bytes) / Double(size)
      line += ", \(Int(done * 100)) %, ETA \(Int(elapsed / max(done, 0.001) - elapsed)) s"
    }
    return line
  }
}
