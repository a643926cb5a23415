import Foundation

/// A table for a reader: columns padded with two spaces between them, or a Markdown table whose
/// cells cannot break it (a `|` escaped, a line break turned into a space). The consent,
/// requests and retention reports print their lists with it.
public enum TextTable {
  /// The first row is the header. Padding counts characters, as a terminal shows them.
  public static func render(_ rows: [[String]], markdown: Bool) -> String {
    guard let header = rows.first else { return "" }
    if markdown {
      var lines = ["| " + header.map(cell).joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
      lines += rows.dropFirst().map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
      return lines.joined(separator: "\n") + "\n"
    }
    let widths = header.indices.map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
    // Padded and trimmed in Swift, not through Foundation's bridged strings: a retention report
    // can list a million golden records.
    return rows.map { row in
      trimmingSpaces(row.enumerated().map { column, cell in
        column < widths.count && cell.count < widths[column] ? cell + String(repeating: " ", count: widths[column] - cell.count) : cell
      }.joined(separator: "  "))
    }.joined(separator: "\n") + "\n"
  }

  /// The line without the horizontal white space at its ends (`CharacterSet.whitespaces`).
  static func trimmingSpaces(_ line: String) -> String {
    func isSpace(_ character: Character) -> Bool { character.unicodeScalars.allSatisfy(CharacterSet.whitespaces.contains) }
    guard let first = line.firstIndex(where: { !isSpace($0) }), let last = line.lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(line[first...last])
  }

  /// A Markdown table cell: `|` escaped, line breaks as spaces.
  public static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
      .replacingOccurrences(of: "\r", with: " ")
  }
}
