import Foundation

/// A progress line on stderr (records read, rate, ETA when the size is known), shown only when
/// stderr is a terminal and the input is larger than a few MB, so CI logs stay clean.
public final class Progress {
  private let isEnabled: Bool
  private let minimumSize: Int
  private var file = ""
  private var size: Int?
  private var started = Date()
  private var lastPrint = Date.distantPast
  private var isShowing = false
  private var recordsAtStart = 0

  public init(isEnabled: Bool = isatty(STDERR_FILENO) == 1, minimumSize: Int = 4 << 20) {
    self.isEnabled = isEnabled
    self.minimumSize = minimumSize
  }

  public func begin(file: String, size: Int?) {
    self.file = (file as NSString).lastPathComponent
    self.size = size
    started = Date()
    isShowing = isEnabled && (size ?? Int.max) >= minimumSize
  }

  public func update(records: Int, bytes: Int) {
    guard isShowing else { return }
    let now = Date()
    guard now.timeIntervalSince(lastPrint) >= 0.5 else { return }
    lastPrint = now
    let elapsed = max(now.timeIntervalSince(started), 0.001)
    var line = "\(file): \(records) records, \(Int(Double(records) / elapsed))/s"
    if let size, size > 0, bytes > 0 {
      let done = Double(bytes) / Double(size)
      line += ", \(Int(done * 100)) %, ETA \(Int(elapsed / max(done, 0.001) - elapsed)) s"
    }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
  }

  public func end() {
    if isShowing { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    isShowing = false
  }
}
