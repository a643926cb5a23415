import Foundation

/// A streaming source of records: `next()` returns one record at a time, `nil` at the end.
///
/// A reader never holds the whole file; its memory is bounded by the largest record.
/// Counts the records that begin on one line, for readers whose records can share lines.
struct LineSharing {
  private var line = 0
  private var count = 0

  /// The rank of a record that begins on `line` (records come in file order): nil for the first
  /// on its line, else 2, 3 ….
  mutating func rank(of line: Int?) -> Int? {
    guard let line else { return nil }
    if line == self.line { count += 1 } else { self.line = line; count = 1 }
    return count > 1 ? count : nil
  }
}

public protocol RecordReader: AnyObject {
  var profile: FileProfile { get }
  /// The next record, or `nil` at the end of the file.
  /// - Throws: `ReadError` when the file cannot be read on; records returned before stay valid.
  func next() throws -> SourceRecord?
  /// Bytes consumed so far, for progress.
  var bytesRead: Int { get }
  /// Findings about the file rather than one record (an empty file, a header with no rows).
  var fileIssues: [Issue] { get }
}

/// How to read one export; everything not given is detected.
public struct ReadOptions: Hashable, Sendable {
  public var format: InputFormat?
  public var encoding: TextEncoding?
  /// A CSV delimiter given by the user or mapping file (one character).
  public var delimiter: UInt8?
  /// The JSON key or XML element holding the records.
  public var recordPath: String?
  /// Tells a line of column names from a title line above it (CSV); without one, no line is
  /// skipped as a title.
  public var columnNames: ColumnNameTest?

  public init(format: InputFormat? = nil, encoding: TextEncoding? = nil, delimiter: UInt8? = nil,
              recordPath: String? = nil, columnNames: ColumnNameTest? = nil) {
    self.format = format
    self.encoding = encoding
    self.delimiter = delimiter
    self.recordPath = recordPath
    self.columnNames = columnNames
  }
}

/// Whether a text names a column a later stage knows: the CSV reader skips title lines above a
/// header only when the header is recognisable. Passed in by the caller, so reading depends on
/// no later stage.
public struct ColumnNameTest: Hashable, Sendable {
  public let name: String
  public let test: @Sendable (String) -> Bool

  public init(name: String, test: @escaping @Sendable (String) -> Bool) {
    self.name = name
    self.test = test
  }

  public static func == (a: ColumnNameTest, b: ColumnNameTest) -> Bool { a.name == b.name }
  public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// Opens the right reader for a file, from the options, its extension or its first bytes.
public enum Readers {
  /// - Throws: `ReadError`.
  public static func open(_ path: String, options: ReadOptions = ReadOptions()) throws -> RecordReader {
    let format = try options.format ?? detectFormat(path)
    switch format {
    case .csv: return try CSVReader(path: path, options: options)
    case .json, .jsonl: return try JSONReader(path: path, options: options, linesHint: format == .jsonl)
    case .xml: return try XMLReader(path: path, options: options)
    }
  }

  /// The format from the extension, else from the first non-blank byte.
  /// - Throws: `ReadError.cannotOpen` or `.unknownFormat`.
  public static func detectFormat(_ path: String) throws -> InputFormat {
    switch (path as NSString).pathExtension.lowercased() {
    case "csv", "tsv", "txt", "tab": return .csv
    case "json": return .json
    case "jsonl", "ndjson": return .jsonl
    case "xml": return .xml
    default: break
    }
    let stream = try ByteStream(path: path, encoding: nil)
    var sample: [UInt8] = []
    _ = stream.read(into: &sample, maximum: 4096)
    guard let first = sample.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
      return .csv  // an empty file: the CSV reader reports it
    }
    switch first {
    case UInt8(ascii: "<"): return .xml
    case UInt8(ascii: "["), UInt8(ascii: "{"): return .json
    default: return .csv
    }
  }
}
