/// A source record whose values have been sorted into canonical fields, with the columns they
/// came from; what no field takes is kept verbatim as an extra.
public struct MappedRecord: Hashable, Sendable {
  /// One source value and the column (key, path) it came from.
  public struct Value: Hashable, Sendable {
    public var text: String
    public var column: String
  }

  /// A value and the canonical field it goes to.
  public struct Entry: Hashable, Sendable, FieldOrdered {
    public var field: ContactField
    public var value: Value
  }

  public var locator: Locator
  /// The source system's name (mapping `source:`, else the file's name without extension).
  public var source: String
  /// Canonical values in field order, and in source order within a field: one flat array
  /// rather than one per field, as a record is built millions of times.
  public private(set) var entries: [Entry]
  public var custom: [(field: Mapping.CustomField, value: Value)]
  /// Unmapped columns, verbatim: never dropped.
  public var extras: [SourceField]
  public var issues: [Issue]

  public init(locator: Locator, source: String, capacity: Int = 0) {
    self.locator = locator
    self.source = source
    self.entries = []
    entries.reserveCapacity(capacity)
    self.custom = []
    self.extras = []
    self.issues = []
  }

  /// Adds a value after the field's others.
  public mutating func append(_ value: Value, to field: ContactField) {
    entries.appendInFieldOrder(Entry(field: field, value: value))
  }

  public subscript(field: ContactField) -> [Value] {
    get { entries.compactMap { $0.field == field ? $0.value : nil } }
    set {
      entries.removeAll { $0.field == field }
      for value in newValue { append(value, to: field) }
    }
  }

  public static func == (a: MappedRecord, b: MappedRecord) -> Bool {
    a.locator == b.locator && a.source == b.source && a.entries == b.entries && a.extras == b.extras && a.issues == b.issues
      && a.custom.map(\.field) == b.custom.map(\.field) && a.custom.map(\.value) == b.custom.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(locator)
    hasher.combine(entries)
  }
}

/// An element of a list kept in field order (``ContactField/index``), then in the order added.
protocol FieldOrdered {
  var field: ContactField { get }
}

extension Array where Element: FieldOrdered {
  /// Adds `element` after the others of its field; fields mostly come in order, so the search
  /// from the end is short.
  mutating func appendInFieldOrder(_ element: Element) {
    guard let last, last.field.index > element.field.index else {
      append(element)
      return
    }
    var position = endIndex - 1
    while position > startIndex && self[position - 1].field.index > element.field.index { position -= 1 }
    insert(element, at: position)
  }
}
