/// Writes CSV (RFC 4180, comma, CRLF-free `\n` lines, UTF-8) that is safe to open in a
/// spreadsheet: a cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with
/// a single quote, so that Excel or LibreOffice shows it as text instead of running a formula
/// (OWASP's advice against CSV injection).
public final class CSVWriter {
  private let file: AtomicFile

  public init(_ file: AtomicFile, header: [String]) {
    self.file = file
    write(header)
  }

  public func write(_ row: [String]) {
    if row.count == 1 && row[0].isEmpty {  // a lone empty cell would read back as a blank line
      file.write("\"\"\n")
      return
    }
    var line = ""
    for (index, value) in row.enumerated() {
      if index > 0 { line += "," }
      line += CSVWriter.cell(value)
    }
    line += "\n"
    file.write(line)
  }

  public func commit() throws { try file.commit() }

  /// One cell: neutralised, then quoted when it holds a comma, quote or line break.
  public static func cell(_ raw: String) -> String {
    var value = raw
    if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
      value = "'" + value
    }
    if value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
  }
}
