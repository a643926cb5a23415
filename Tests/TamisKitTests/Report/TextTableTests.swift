import Foundation
import Testing
@testable import TamisKit

@Suite struct TextTableTests {
  @Test func columnsArePaddedToTheWidestCell() {
    #expect(TextTable.render([["rule", "state"], ["prospects", "past_due"], ["a", "b"]], markdown: false)
      == "rule       state\nprospects  past_due\na          b\n")
  }

  /// Padding and trimming in Swift say what Foundation's `padding(toLength:)` and
  /// `trimmingCharacters(in: .whitespaces)` say, on cells with spaces at their ends, tabs,
  /// accents and rows shorter than the header.
  @Test func paddingAgreesWithFoundation() {
    var random = SeededGenerator(seed: 11)
    let cells = ["", " ", "a", " lead", "trail ", "\tTab", "é", "Zoë Ø", "past_due", "  both  ", "\u{00A0}nbsp"]
    for _ in 0..<300 {
      let rows = (0..<Int.random(in: 1...4, using: &random)).map { _ in
        (0..<Int.random(in: 1...3, using: &random)).map { _ in cells.randomElement(using: &random) ?? "" }
      }
      guard let header = rows.first else { continue }
      let widths = header.indices.map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
      let expected = rows.map { row in
        row.enumerated().map { column, cell in column < widths.count ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) : cell }
          .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
      }.joined(separator: "\n") + "\n"
      #expect(TextTable.render(rows, markdown: false) == expected, "\(rows)")
    }
  }

  /// A value holding `|` or a line break stays in its cell: a rule or a name cannot add columns.
  @Test func markdownCellsCannotBreakTheTable() {
    #expect(TextTable.render([["rule", "state"], ["a|b", "x\ny"]], markdown: true) == "| rule | state |\n|---|---|\n| a\\|b | x y |\n")
  }
}
