/// A column of a source system's exports and the contact field it was read as. The store keeps
/// them so that a retention rule per field can take that field out of the values kept as received.
public struct SourceColumn: Hashable, Sendable, Comparable {
  public var source: String
  public var column: String
  public var field: ContactField

  public init(source: String, column: String, field: ContactField) {
    (self.source, self.column, self.field) = (source, column, field)
  }

  public static func < (a: SourceColumn, b: SourceColumn) -> Bool {
    (a.source, a.column, a.field.index) < (b.source, b.column, b.field.index)
  }
}
