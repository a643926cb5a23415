import Testing
@testable import TamisKit

@Suite struct TextTableTests {
  @Test func columnsArePaddedToTheWidestCell() {
    #expect(TextTable.render([["rule", "state"], ["prospects", "past_due"], ["a", "b"]], markdown: false)
      == "rule       state\nprospects  past_due\na          b\n")
  }

  /// A value holding `|` or a line break stays in its cell: a rule or a name cannot add columns.
  @Test func markdownCellsCannotBreakTheTable() {
    #expect(TextTable.render([["rule", "state"], ["a|b", "x\ny"]], markdown: true) == "| rule | state |\n|---|---|\n| a\\|b | x y |\n")
  }
}
