/// A source record whose values have been sorted into canonical fields, with the columns they
/// came from; what no field takes is kept verbatim as an extra.
public struct MappedRecord: Hashable, Sendable {
  /// One source value and the column (key, path) it came from.
  public struct Value: Hashable, Sendable {
    public var text: String
    public var column: String
  }

  public var locator: Locator
  /// The source system's name (mapping `source:`, else the file's name without extension).
  public var source: String
  /// Values per canonical field, indexed by ``ContactField/index``.
  public var values: [[Value]]
  public var custom: [(field: Mapping.CustomField, value: Value)]
  /// Unmapped columns, verbatim: never dropped.
  public var extras: [SourceField]
  public var issues: [Issue]

  public init(locator: Locator, source: String) {
    self.locator = locator
    self.source = source
    self.values = Array(repeating: [], count: ContactField.count)
    self.custom = []
    self.extras = []
    self.issues = []
  }

  public subscript(field: ContactField) -> [Value] {
    get { values[field.index] }
    set { values[field.index] = newValue }
  }

  public static func == (a: MappedRecord, b: MappedRecord) -> Bool {
    a.locator == b.locator && a.source == b.source && a.values == b.values && a.extras == b.extras && a.issues == b.issues
      && a.custom.map(\.field) == b.custom.map(\.field) && a.custom.map(\.value) == b.custom.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(locator)
    hasher.combine(values)
  }
}
