/// Writes a CSV output file, its lines rendered by ``CSVText`` (spreadsheet-safe).
public final class CSVWriter {
  private let file: AtomicFile

  public init(_ file: AtomicFile, header: [String]) {
    self.file = file
    write(header)
  }

  public func write(_ row: [String]) {
    file.write(bytes: CSVText.line(row))
  }

  /// Appends an already-rendered line (from ``line(_:)``).
  public func write<Bytes: Sequence<UInt8>>(line: Bytes) {
    file.write(bytes: line)
  }

  /// Appends rendered lines; a large block goes straight to the file.
  public func write(line: [UInt8]) {
    file.write(bytes: line)
  }

  public func write(lines: ByteBlock) {
    lines.withBytes { file.write(block: $0) }
  }

  public func commit() throws { try file.commit() }
}
