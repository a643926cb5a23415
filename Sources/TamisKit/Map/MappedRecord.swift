/// A source record whose values have been sorted into canonical fields, with the columns they
/// came from; what no field takes is kept verbatim as an extra.
///
/// The canonical values stay in the bytes the reader read (a range each) and name their column
/// by number in ``columns``: no string is made per value between reading and normalising.
public struct MappedRecord: Hashable, Sendable {
  /// One source value and the column (key, path) it came from.
  public struct Value: Hashable, Sendable {
    public var text: String
    public var column: String

    public init(text: String, column: String) {
      self.text = text
      self.column = column
    }
  }

  /// A value's place in ``text``, the canonical field it goes to and its column's number.
  struct Entry: Hashable, Sendable, FieldOrdered {
    var field: ContactField
    var start: Int
    var count: Int
    var column: Int32
  }

  public var locator: Locator
  /// The source system's name (mapping `source:`, else the file's name without extension).
  public var source: String
  /// The names the entries' column numbers stand for (shared by the records of a batch).
  public let columns: ColumnNames
  /// The values' UTF-8 (the source record's bytes, not copied).
  private(set) var text: ByteText
  /// Canonical values in field order, and in source order within a field: one flat array
  /// rather than one per field, as a record is built millions of times.
  private(set) var entries: [Entry]
  public var custom: [(field: Mapping.CustomField, value: Value)]
  /// Unmapped columns, verbatim: never dropped.
  public var extras: [SourceField]
  public var issues: [Issue]

  public init(locator: Locator, source: String, capacity: Int = 0) {
    self.init(locator: locator, source: source, columns: ColumnNames(), text: ByteText(), capacity: capacity)
  }

  init(locator: Locator, source: String, columns: ColumnNames, text: ByteText, capacity: Int) {
    self.locator = locator
    self.source = source
    self.columns = columns
    self.text = text
    self.entries = []
    entries.reserveCapacity(capacity)
    self.custom = []
    self.extras = []
    self.issues = []
  }

  /// Adds a value after the field's others.
  public mutating func append(_ value: Value, to field: ContactField) {
    let start = text.count
    text.append(value.text)
    append(field, start: start, count: text.count - start, column: columns.number(for: value.column))
  }

  /// Adds a value whose bytes are already in ``text``.
  mutating func append(_ field: ContactField, start: Int, count: Int, column: Int32) {
    entries.appendInFieldOrder(Entry(field: field, start: start, count: count, column: column))
  }

  /// Whether an entry's bytes hold `byte` (a test that builds no string).
  func contains(_ byte: UInt8, in entry: Entry) -> Bool {
    text.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[entry.start..<entry.start + entry.count]).contains(byte) }
  }

  func value(_ entry: Entry) -> Value {
    let text = text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[entry.start..<entry.start + entry.count]), as: UTF8.self) }
    return Value(text: text, column: columns[entry.column])
  }

  public subscript(field: ContactField) -> [Value] {
    get { entries.compactMap { $0.field == field ? value($0) : nil } }
    set {
      entries.removeAll { $0.field == field }
      for value in newValue { append(value, to: field) }
    }
  }

  /// Every canonical value in field order.
  public var values: [(field: ContactField, value: Value)] { entries.map { ($0.field, value($0)) } }

  public static func == (a: MappedRecord, b: MappedRecord) -> Bool {
    guard a.locator == b.locator && a.source == b.source && a.extras == b.extras && a.issues == b.issues else { return false }
    let (x, y) = (a.values, b.values)
    return x.count == y.count && zip(x, y).allSatisfy { $0.field == $1.field && $0.value == $1.value }
      && a.custom.map(\.field) == b.custom.map(\.field) && a.custom.map(\.value) == b.custom.map(\.value)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(locator)
    for (field, value) in values {
      hasher.combine(field)
      hasher.combine(value)
    }
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
