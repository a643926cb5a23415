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
  /// Keep the first values of each column for `tamis inspect` (off in pipelines: it costs).
  public var collectsSamples = false
  private var targets: [String: (Mapping.Target?, Double)] = [:]
  private var order: [String] = []
  private var samples: [String: [String]] = [:]

  public init(mapping: Mapping, file: String) {
    self.mapping = mapping
    self.source = mapping.source ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
  }

  /// Checks the mapping against a CSV header: a column it names must exist.
  /// - Throws: `MapError.unknownColumn`, located in the mapping file.
  public func check(header: [String]) throws {
    for column in mapping.columns.keys.sorted() where !header.contains(column) {
      let at = Locator(file: mapping.file ?? "mapping", line: mapping.columnLines[column], field: column)
      throw MapError.unknownColumn(at, column: column, known: header)
    }
    for column in header { _ = target(for: column) }
  }

  /// The target of a column, resolved once per file.
  public func target(for column: String) -> Mapping.Target? {
    if let known = targets[column] { return known.0 }
    let resolved: (Mapping.Target?, Double)
    if let explicit = mapping.columns[column] {
      resolved = (explicit, 1)
    } else if mapping.detectsOtherColumns, let found = HeaderSynonyms.detect(column) {
      resolved = (.field(found.field), found.confidence)
    } else {
      resolved = (nil, 0)
    }
    targets[column] = resolved
    order.append(column)
    return resolved.0
  }

  public func map(_ record: SourceRecord) -> MappedRecord {
    var mapped = MappedRecord(locator: record.locator, source: source)
    mapped.issues = record.issues
    for field in record.fields {
      let value = MappedRecord.Value(text: field.value, column: field.key)
      if collectsSamples, samples[field.key, default: []].count < 3 { samples[field.key, default: []].append(field.value) }
      switch target(for: field.key) {
      case .field(let contactField): mapped.values[contactField.index].append(value)
      case .custom(let custom): mapped.custom.append((custom, value))
      case .ignore: continue
      case nil: mapped.extras.append(field)
      }
    }
    return mapped
  }

  /// Every column seen so far, in the order first seen, with its target and samples.
  public var report: [ColumnReport] {
    order.map { column in
      let (target, confidence) = targets[column] ?? (nil, 0)
      return ColumnReport(column: column, target: target, confidence: confidence, samples: samples[column] ?? [])
    }
  }
}
