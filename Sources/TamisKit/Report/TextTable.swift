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
    return rows.map { row in
      row.enumerated().map { column, cell in cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) }.joined(separator: "  ")
        .trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n") + "\n"
  }

  /// A Markdown table cell: `|` escaped, line breaks as spaces.
  public static func cell(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
      .replacingOccurrences(of: "\r", with: " ")
  }
}
