import Foundation

/// Applies a mapping to the records of one file: explicit columns first, then detection from
/// header synonyms for the rest; a column nothing claims is kept as an extra field.
public final class Mapper {
  /// How one column was mapped, for `tamis inspect` and `--emit-mapping`.
  public struct ColumnReport: Hashable, Sendable {
    public var column: String
    public var target: Mapping.Target?
    /// 1 for an explicit mapping or exact synonym, less for a partial match, 0 when unmapped.
    public var confidence: Double
    public var samples: [String]
  }

  public let mapping: Mapping
  public let source: String
  /// The column ``SourceIdDetection`` found to hold the records' ids, if any; set before mapping.
  public var detectedSourceId: String?
  /// Keep the first values of each column for `tamis inspect` (off in pipelines: it costs).
  public var collectsSamples = false
  private var targets: [String: (Mapping.Target?, Double)] = [:]
  /// The reader's column names that the two lists below follow, by column number: each
  /// column's target once resolved.
  private var readerColumns: ColumnNames?
  private var columnTargets: [Mapping.Target?] = []
  private var columnResolved: [Bool] = []
  /// This batch's own copies of what all its records share: the column names they use, the
  /// file's path and the source's name. A batch goes to one worker; a string or table shared
  /// by every record of the file would have its reference count bounce between the cores that
  /// retain and release it, millions of times.
  private var batchColumns = ColumnNames()
  /// A reader column's number in `batchColumns`, valid where `batchStamp` holds this batch's.
  private var batchNumbers: [Int32] = []
  private var batchStamp: [Int] = []
  private var batchCount = 0
  private var batchFile: (shared: String, copy: String)?
  private var batchSource: String
  private var order: [String] = []
  private var samples: [String: [String]] = [:]
  /// Columns past this many are mapped but not remembered for the report: a JSON or XML file of
  /// ever-new keys must not grow memory with its size (the reader's tables start afresh too).
  static let reportLimit = ColumnNames.limit
  /// How many columns went unreported past the limit: once per reader table a column appears in
  /// (a file of ever-new keys begins a new table every 10,000).
  public private(set) var unreportedColumns = 0

  public init(mapping: Mapping, file: String) {
    self.mapping = mapping
    self.source = mapping.source ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
    batchSource = source
  }

  /// Starts a batch: the next records get fresh copies of the strings they share.
  public func beginBatch() {
    batchColumns = ColumnNames()
    batchCount += 1
    batchFile = nil
    batchSource = Mapper.copy(source)
  }

  private static func copy(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }

  /// Checks the mapping against a CSV header: a column it sends to a field must exist, or the
  /// export has changed under the mapping. Columns mapped to `ignore` may be absent.
  public func check(header: [String], file: String) -> [Issue] {
    var issues: [Issue] = []
    for column in mapping.columns.keys.sorted() where !header.contains(column) && mapping.columns[column] != .ignore {
      let origin = "\(mapping.file ?? "the mapping"):\(mapping.columnLines[column].map(String.init) ?? "?")"
      issues.append(Issue("MAPPING_COLUMN_MISSING", .error, at: Locator(file: file, line: 1, field: column),
                          "the mapping (\(origin)) names the column '\(column)', which the file does not have; its columns are: \(header.joined(separator: ", ")). Fix the mapping or the export"))
    }
    for column in header { _ = target(for: column) }
    return issues
  }

  /// The target of a column, resolved once per file.
  public func target(for column: String) -> Mapping.Target? {
    if let known = targets[column] { return known.0 }
    let resolved: (Mapping.Target?, Double)
    if let explicit = mapping.columns[column] {
      resolved = (explicit, 1)
    } else if mapping.detectsOtherColumns, let found = HeaderSynonyms.detect(column) {
      resolved = (.field(found.field), found.confidence)
    } else if mapping.detectsOtherColumns, let identifier = HeaderSynonyms.personalIdentifier(column) {
      resolved = (.custom(identifier), 1)
    } else if mapping.detectsOtherColumns, column == detectedSourceId {
      resolved = (.field(.sourceId), SourceIdDetection.confidence)
    } else {
      resolved = (nil, 0)
    }
    if order.count < Mapper.reportLimit {
      targets[column] = resolved
      order.append(column)
    } else {
      unreportedColumns += 1
    }
    return resolved.0
  }

  public func map(_ record: SourceRecord) -> MappedRecord {
    var one: [MappedRecord] = []
    map(record, into: &one)
    return one.removeLast()
  }

  /// Maps the record, if any, at the end of `batch`; false when there was none.
  func map(ifAny record: consuming SourceRecord?, into batch: inout [MappedRecord]) -> Bool {
    guard let record else { return false }
    map(record, into: &batch)
    return true
  }

  /// Maps `record` at the end of `batch`: built in place, where a returned record would be copied
  /// once more (a reference count per array, millions of times per run).
  public func map(_ record: SourceRecord, into batch: inout [MappedRecord]) {
    var locator = record.locator
    if let batchFile, batchFile.shared == locator.file {
      locator.file = batchFile.copy
    } else {
      batchFile = (locator.file, Mapper.copy(locator.file))
    }
    if record.columns !== readerColumns {
      readerColumns = record.columns
      columnTargets = []
      columnResolved = []
      batchNumbers = []
      batchStamp = []
    }
    batch.append(MappedRecord(locator: locator, source: batchSource, columns: batchColumns, text: record.text,
                              capacity: record.cells.count))
    batch[batch.count - 1].issues = record.issues
    addValues(of: record, to: &batch[batch.count - 1])
  }

  private func addValues(of record: SourceRecord, to mapped: inout MappedRecord) {
    let columns = record.columns
    for cell in record.cells {
      let number = Int(cell.column)
      if number >= columnResolved.count {
        let added = number + 1 - columnResolved.count
        columnResolved.append(contentsOf: repeatElement(false, count: added))
        columnTargets.append(contentsOf: repeatElement(nil, count: added))
        batchNumbers.append(contentsOf: repeatElement(0, count: added))
        batchStamp.append(contentsOf: repeatElement(-1, count: added))
      }
      if !columnResolved[number] {
        columnTargets[number] = target(for: columns[cell.column])
        columnResolved[number] = true
      }
      if collectsSamples {
        let name = columns[cell.column]
        if targets[name] != nil, samples[name, default: []].count < 3 { samples[name, default: []].append(record.value(of: cell)) }
      }
      if batchStamp[number] != batchCount {
        batchStamp[number] = batchCount
        batchNumbers[number] = batchColumns.number(for: Mapper.copy(columns[cell.column]))
      }
      let column = batchNumbers[number]
      switch columnTargets[number] {
      case .field(let field): mapped.append(field, start: cell.start, count: cell.count, column: column)
      case .custom(let custom):
        mapped.custom.append((custom, MappedRecord.Value(text: record.value(of: cell), column: batchColumns[column])))
      case .ignore: continue
      case nil: mapped.extras.append(SourceField(key: batchColumns[column], value: record.value(of: cell)))
      }
    }
  }

  /// The columns seen so far that were read as a contact field (a full name as `full_name`).
  public var sourceColumns: [SourceColumn] {
    order.compactMap { column in
      guard case .field(let field)? = targets[column]?.0 else { return nil }
      return SourceColumn(source: source, column: column, field: field)
    }
  }

  /// Every column seen so far, in the order first seen, with its target and samples.
  public var report: [ColumnReport] {
    order.map { column in
      let (target, confidence) = targets[column] ?? (nil, 0)
      return ColumnReport(column: column, target: target, confidence: confidence, samples: samples[column] ?? [])
    }
  }
}
