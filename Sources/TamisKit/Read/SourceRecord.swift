/// One record as read from one export, before mapping: its values in file order, each under
/// the column (key, path) it came from, the place it came from, and the issues the reader
/// found in it.
///
/// The values live as UTF-8 in one buffer and name their column by number in the reader's
/// ``ColumnNames``: a record is read millions of times per run, and a string per value and
/// per column name costs an allocation and reference counts on every copy.
public struct SourceRecord: Hashable, Sendable {
  /// One value: its column's number and its bytes' place in ``text``.
  struct Cell: Hashable, Sendable {
    var column: Int32
    var start: Int
    var count: Int
  }

  /// File, line, record number and path of the record's start.
  public var locator: Locator
  /// Reader findings (bad bytes, ragged rows, broken quotes), kept with the record.
  public var issues: [Issue]
  /// The names its cells' column numbers stand for; shared by the reader's records.
  public let columns: ColumnNames
  private(set) var text = ByteText()
  private(set) var cells: [Cell] = []

  init(locator: Locator, columns: ColumnNames, cells: Int = 0, bytes: Int = 0) {
    self.locator = locator
    self.issues = []
    self.columns = columns
    self.cells.reserveCapacity(cells)
    text.reserveCapacity(bytes)
  }

  /// A record over bytes already read, whose cells are added with ``appendCell(column:range:)``.
  init(locator: Locator, columns: ColumnNames, text: ByteText, cells: Int) {
    self.locator = locator
    self.issues = []
    self.columns = columns
    self.text = text
    self.cells.reserveCapacity(cells)
  }

  /// Adds a value whose bytes are already in ``text``.
  mutating func appendCell(column: Int32, range: Range<Int>) {
    cells.append(Cell(column: column, start: range.lowerBound, count: range.count))
  }

  public init(locator: Locator, fields: [SourceField], issues: [Issue] = []) {
    self.init(locator: locator, columns: ColumnNames())
    self.issues = issues
    for field in fields { append(field.value, key: field.key) }
  }

  /// Adds a value of the column numbered `column`.
  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, column: Int32) {
    cells.append(Cell(column: column, start: text.count, count: bytes.count))
    text.append(contentsOf: bytes)
  }

  mutating func removeAllValues() {
    text.removeAll(keepingCapacity: true)
    cells.removeAll(keepingCapacity: true)
  }

  /// Adds a value under `key`, numbering the key if it is new.
  public mutating func append(_ value: String, key: String) {
    let column = columns.number(for: key)
    value.withUTF8Bytes { append($0, column: column) }
  }

  /// The values in file order, as strings (for tests and `tamis inspect`; pipelines read bytes).
  public var fields: [SourceField] {
    cells.map { SourceField(key: columns[$0.column], value: value(of: $0)) }
  }

  func value(of cell: Cell) -> String {
    text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[cell.start..<cell.start + cell.count]), as: UTF8.self) }
  }

  /// The values under `key`, in file order.
  public func values(_ key: String) -> [String] {
    cells.compactMap { columns[$0.column] == key ? value(of: $0) : nil }
  }

  public static func == (a: SourceRecord, b: SourceRecord) -> Bool {
    a.locator == b.locator && a.issues == b.issues && a.fields == b.fields
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(locator)
    hasher.combine(fields)
  }
}

/// The column names (CSV header, JSON key paths, XML element and attribute paths) of one
/// reader's records, numbered in the order first seen.
///
/// Filled by one thread (the reader's); read by others only once handed over with a batch.
public final class ColumnNames: @unchecked Sendable {
  public private(set) var names: [String] = []
  private var numbers: [String: Int32] = [:]
  /// Numbers by a name's bytes, for readers that meet names as bytes (JSON key paths); in memory
  /// of its own, so that a lookup (one per value read) does not check exclusive access to this
  /// object's property.
  private let numbersByBytes = UnsafeMutablePointer<ByteMemo<Int32>>.allocate(capacity: 1)
  /// The names as bytes, for readers of names as bytes: lending them counts no reference (a
  /// name lent as a string is counted once per value); in memory of its own, like the above.
  private let utf8 = UnsafeMutablePointer<FlatStrings>.allocate(capacity: 1)

  public init(_ names: [String] = []) {
    numbersByBytes.initialize(to: ByteMemo())
    utf8.initialize(to: FlatStrings())
    for name in names { _ = number(for: name) }
  }

  deinit {
    numbersByBytes.deinitialize(count: 1)
    numbersByBytes.deallocate()
    utf8.deinitialize(count: 1)
    utf8.deallocate()
  }

  /// Calls `body` with the bytes of the name numbered `number`.
  func withUTF8<Result>(_ number: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    utf8.pointee.withUTF8(Int(number), body)
  }

  /// The length in bytes of the name numbered `number`.
  func utf8Count(_ number: Int32) -> Int { utf8.pointee.utf8Count(Int(number)) }

  public var count: Int { names.count }

  /// Past this many names, a reader of free-form keys (JSON, XML) begins a new table, so that a
  /// file of ever-new keys does not grow memory without end.
  static let limit = 10_000

  public subscript(number: Int32) -> String { names[Int(number)] }

  /// The number of the name spelt by `utf8`, given it if new. Spellings that differ in bytes
  /// but are equal as strings (é precomposed or not) get the one number of that name.
  func number(forUTF8 utf8: UnsafeBufferPointer<UInt8>) -> Int32 {
    let hash = ByteMemo<Int32>.hash(utf8)
    if let index = numbersByBytes.pointee.find(utf8, hash: hash) { return numbersByBytes.pointee.withValue(at: index) { $0 } }
    let number = number(for: String(decoding: utf8, as: UTF8.self))
    _ = numbersByBytes.pointee.insert(utf8, hash: hash, value: number)
    return number
  }

  /// The number of `name`, given it if new.
  public func number(for name: String) -> Int32 {
    if let known = numbers[name] { return known }
    let number = Int32(names.count)
    names.append(name)
    numbers[name] = number
    utf8.pointee.append(name)
    return number
  }
}

/// One value of a column (CSV), dotted key path (JSON) or element path (XML). A key holding
/// several values (a JSON array, repeated XML elements) appears once per value, in order.
public struct SourceField: Hashable, Sendable {
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }
}

/// The kinds of export Tamis reads.
public enum InputFormat: String, Sendable, Codable, CaseIterable {
  case csv, json, jsonl, xml
}

/// What a reader found out about its file, for `tamis inspect` and reports.
public struct FileProfile: Hashable, Sendable, Codable {
  public var file: String
  public var format: InputFormat
  public var encoding: TextEncoding
  /// The CSV delimiter, as a string (`;`, `,`, `\t`, `|`).
  public var delimiter: String?
  /// The JSON key or XML element holding the records, when there is one.
  public var recordPath: String?
  public var sizeInBytes: Int?

  /// The delimiter as people read it: `tab` for a tab, else the character.
  public var delimiterName: String? { delimiter.map { $0 == "\t" ? "tab" : $0 } }
}
