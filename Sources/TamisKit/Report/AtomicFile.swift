import Foundation

/// Writes a file through a temporary sibling and a rename, so that an interrupted run never
/// leaves a half-written report that looks complete.
public final class AtomicFile {
  public let url: URL
  private let temporary: URL
  private let handle: FileHandle
  private var buffer: [UInt8] = []
  private var isFinished = false
  /// The first failed write (a full disk), reported by ``commit()``.
  private var writeError: String?

  /// Opens `<name>.partial-<pid>` beside `url`; nothing appears at `url` until ``commit()``.
  /// - Throws: `ReportError.cannotWrite`.
  public init(_ url: URL, permissions: Int = 0o644) throws {
    self.url = url
    self.temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
    let created = FileManager.default.createFile(
      atPath: temporary.path, contents: nil, attributes: [.posixPermissions: permissions])
    guard created, let handle = FileHandle(forWritingAtPath: temporary.path) else {
      throw ReportError.cannotWrite(Locator(file: url.path), reason: "cannot create a file in \(url.deletingLastPathComponent().path)")
    }
    self.handle = handle
    buffer.reserveCapacity(1 << 16)
  }

  public func write(_ text: String) {
    buffer.append(contentsOf: text.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  public func write<Bytes: Sequence<UInt8>>(bytes: Bytes) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= 1 << 16 { flush() }
  }

  /// A large block (a batch of rendered lines) goes straight to the file, without a copy.
  public func write(bytes block: [UInt8]) {
    block.withUnsafeBufferPointer { write(block: $0) }
  }

  public func write(block: UnsafeBufferPointer<UInt8>) {
    guard block.count >= 1 << 16 else {
      buffer.append(contentsOf: block)
      if buffer.count >= 1 << 16 { flush() }
      return
    }
    flush()
    writeAll(UnsafeRawBufferPointer(block))
  }

  private func flush() {
    guard !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { writeAll($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) {
    guard writeError == nil else { return }
    guard let base = bytes.baseAddress else { return }
    let descriptor = handle.fileDescriptor
    var offset = 0
    while offset < bytes.count {
      let written = Glibc.write(descriptor, base + offset, bytes.count - offset)
      if written < 0 {
        if errno == EINTR { continue }
        writeError = String(cString: strerror(errno))
        return
      }
      offset += written
    }
  }

  /// Flushes, closes and renames the temporary file over `url`. The rename makes the file
  /// appear whole or not at all; it is not forced to disk (the store is: reports can be
  /// written again from it).
  /// - Throws: `ReportError.cannotWrite`, also for a write that failed earlier (a full disk).
  public func commit() throws {
    guard !isFinished else { return }
    flush()
    if let writeError {
      discard()
      throw ReportError.cannotWrite(Locator(file: url.path), reason: writeError)
    }
    try? handle.close()
    isFinished = true
    if rename(temporary.path, url.path) != 0 {
      throw ReportError.cannotWrite(Locator(file: url.path), reason: String(cString: strerror(errno)))
    }
  }

  /// Removes the temporary file without touching `url`.
  public func discard() {
    guard !isFinished else { return }
    try? handle.close()
    try? FileManager.default.removeItem(at: temporary)
    isFinished = true
  }

  deinit { discard() }

  /// Writes `text` to `url` atomically in one call.
  public static func write(_ text: String, to url: URL, permissions: Int = 0o644) throws {
    let file = try AtomicFile(url, permissions: permissions)
    file.write(text)
    try file.commit()
  }
}
