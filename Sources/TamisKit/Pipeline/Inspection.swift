import Foundation

/// What `tamis inspect` tells about one export: format, encoding, delimiter, record count, the
/// detected mapping with confidence and sample values, and the date order the values suggest.
public struct Inspection {
  public var profile: FileProfile
  public var records: Int
  public var columns: [Mapper.ColumnReport]
  public var dateOrder: DateOrder?
  public var issues: [Issue]
  public var mapping: Mapping

  /// Reads the whole file once (to count records) with sample collection on.
  /// - Throws: `ReadError`.
  public static func inspect(_ path: String, mapping: Mapping = Mapping(), read: ReadOptions? = nil) throws -> Inspection {
    var options = read ?? mapping.read
    options.columnNames = HeaderSynonyms.columnNameTest
    let reader = try Readers.open(path, options: options)
    let mapper = Mapper(mapping: mapping, file: path)
    mapper.collectsSamples = true
    mapper.detectedSourceId = SourceIdDetection.column(of: path, options: options, mapping: mapping)
    var issues: [Issue] = []
    if let csv = reader as? CSVReader { issues += mapper.check(header: csv.header, file: path) }
    var count = 0
    var dates = DateOrderVote()
    while true {
      let record: SourceRecord?
      do { record = try reader.next() } catch let error as ReadError {
        issues.append(Issue(error.code, .error, at: error.locator, error.message))
        break
      }
      guard let record else { break }
      count += 1
      issues.append(contentsOf: record.issues.prefix(3))
      dates.count(mapper.map(record))
    }
    issues.append(contentsOf: reader.fileIssues)
    if mapper.unreportedColumns > 0 {
      issues.insert(Issue("MAPPING_COLUMNS_UNLISTED", .info, at: Locator(file: path),
                          "the file has more than \(Mapper.reportLimit) distinct columns (keys, paths); the first \(Mapper.reportLimit) are listed, the others are still mapped by their names or kept as extra fields"),
                    at: 0)
    }
    var detected = mapping
    detected.read.format = reader.profile.format
    detected.read.encoding = reader.profile.encoding
    detected.read.delimiter = reader.profile.delimiter?.utf8.first
    detected.read.recordPath = reader.profile.recordPath
    let order = dates.verdict
    if let order { detected.dateOrder = order }
    return Inspection(profile: reader.profile, records: count, columns: mapper.report, dateOrder: order,
                      issues: Array(issues.prefix(20)), mapping: detected)
  }

  /// A mapping file to start from: every column listed with its target (or commented out when
  /// nothing was detected), with confidence as comments.
  public func mappingYAML() -> String {
    func quote(_ s: String) -> String {
      "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    let name = (profile.file as NSString).lastPathComponent
    var lines = [
      "# Mapping written by `tamis inspect --emit-mapping` for \(name).",
      "# Review every line, then keep the file under rules/mappings/ (see README, \"Mapping files\").",
      "source: \(quote(((name as NSString).deletingPathExtension)))",
      "files: [\(quote(name))]",
      "format: \(profile.format.rawValue)",
      "encoding: \(profile.encoding.rawValue)",
    ]
    if let delimiter = profile.delimiter { lines.append("delimiter: \(quote(delimiter == "\t" ? "\\t" : delimiter))") }
    if let path = profile.recordPath { lines.append("records: \(quote(path))") }
    lines.append("date_order: \((mapping.dateOrder ?? .dayFirst).rawValue)")
    lines.append("default_region: \(mapping.defaultRegion)")
    lines.append("columns:")
    for column in columns {
      switch column.target {
      case .field(let field)?:
        lines.append("  \(quote(column.column)): \(field.rawValue)" + (column.confidence < 1 ? "  # confidence \(String(format: "%.2f", column.confidence))" : ""))
      case .ignore?:
        lines.append("  \(quote(column.column)): ignore")
      case .custom?, nil:
        lines.append("  # \(quote(column.column)): ?   # not detected: kept as an extra field; map it, ignore it, or declare it under custom:")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
