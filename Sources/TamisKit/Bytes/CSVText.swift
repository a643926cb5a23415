/// CSV (RFC 4180, comma, `\n` line ends, UTF-8) that is safe to open in a spreadsheet: a cell
/// starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with a single quote, so
/// that Excel or LibreOffice shows it as text instead of running a formula (OWASP's advice
/// against CSV injection).
public enum CSVText {
  /// One row as bytes, ending with `\n`.
  public static func line(_ row: [String]) -> [UInt8] {
    // Empty cells alone would read back as no record (a blank line, or `,,,` as spreadsheets
    // write their empty rows): the first is quoted.
    if row.allSatisfy(\.isEmpty) { return [34, 34] + Array(repeating: UInt8(ascii: ","), count: max(row.count - 1, 0)) + [10] }
    var lines = Lines(capacity: 256)
    for value in row { lines.cell(value) }
    lines.endRow()
    return lines.bytes
  }

  /// Lines built cell by cell into one buffer (no array of cells per row).
  public struct Lines: ~Copyable {
    private var output: OutputBytes
    private var cellsInRow = 0

    public init(capacity: Int, reusing pool: ByteBlock.Pool? = nil) { output = OutputBytes(capacity: capacity, reusing: pool) }

    public mutating func cell(_ value: String) {
      if cellsInRow > 0 { output.append(UInt8(ascii: ",")) }
      cellsInRow += 1
      CSVText.appendCell(value, to: &output)
    }

    /// A cell given as UTF-8; `plain` when it is known to hold nothing to quote.
    mutating func cell(utf8 value: UnsafeBufferPointer<UInt8>, plain: Bool = false) {
      if cellsInRow > 0 { output.append(UInt8(ascii: ",")) }
      cellsInRow += 1
      CSVText.appendCell(utf8: value, to: &output, plain: plain)
    }

    public mutating func endRow() {
      output.append(10)
      cellsInRow = 0
    }

    public var bytes: [UInt8] { output.array }

    public consuming func block() -> ByteBlock { output.block() }
  }

  /// One cell: neutralised, then quoted when it holds a comma, quote or line break.
  public static func cell(_ raw: String) -> String {
    var output = OutputBytes(capacity: raw.utf8.count + 3)
    appendCell(raw, to: &output)
    return output.withBytes { String(decoding: $0, as: UTF8.self) }
  }

  static func appendCell(_ raw: String, to bytes: inout OutputBytes) {
    raw.withUTF8Bytes { appendCell(utf8: $0, to: &bytes) }
  }

  /// Whether any byte is a comma, quote, LF or CR (a cell holding one is quoted): eight bytes at
  /// a time, as most cells have none.
  static func mayNeedQuotes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
    ByteWords.any(in: utf8, word: { ByteWords.any(ByteWords.match(0x2C, $0) | ByteWords.match(0x22, $0) | ByteWords.match(0x0A, $0) | ByteWords.match(0x0D, $0)) },
                  byte: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D })
  }

  /// One cell; `plain` when it is known to hold nothing to quote (a formula's first character is still neutralised).
  static func appendCell(utf8: UnsafeBufferPointer<UInt8>, to bytes: inout OutputBytes, plain: Bool = false) {
    guard let first = utf8.first else { return }
    let neutralise: Bool
    switch first {
    case 0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D: neutralise = true  // = + - @ tab CR
    default: neutralise = false
    }
    let needsQuotes = !plain && mayNeedQuotes(utf8)
    if needsQuotes { bytes.append(34) }
    if neutralise { bytes.append(UInt8(ascii: "'")) }
    if needsQuotes {
      for b in utf8 {
        if b == 34 { bytes.append(34) }
        bytes.append(b)
      }
      bytes.append(34)
    } else {
      bytes.append(utf8)
    }
  }
}
