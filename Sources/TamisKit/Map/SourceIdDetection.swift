/// Finds the column holding each record's own id when neither the mapping nor a header synonym
/// names one: a column named like an id (`rec_id`, `contact_id`, `id_client`, `recordId`, `ref`)
/// whose values, in the file's first records, are all present and all different. Without it every
/// record of such an export is `line:N`, and a re-sorted export re-creates its records.
public struct SourceIdDetection: Sendable {
  /// Records read before deciding.
  public static let sampleRecords = 1000
  /// How sure a detected id column is, for `tamis inspect`: a name and a sample, not a synonym.
  public static let confidence = 0.7

  private var order: [String] = []
  private var values: [String: Set<String>] = [:]
  private var incomplete: Set<String> = []
  private var records = 0
  private var named = false

  public init() {}

  /// Counts one record of the sample; `target` gives each column's mapping as it stands.
  public mutating func count(_ record: SourceRecord, target: (String) -> Mapping.Target?) {
    records += 1
    var seen: Set<String> = []
    for field in record.fields {
      guard !seen.contains(field.key) else { incomplete.insert(field.key); continue }
      seen.insert(field.key)
      switch target(field.key) {
      case .field(.sourceId): named = true
      case nil where SourceIdDetection.isNamedLikeAnId(field.key):
        if values[field.key] == nil {
          values[field.key] = []
          order.append(field.key)
          if records > 1 { incomplete.insert(field.key) }
        }
        let value = field.value.trimmingCharacters(in: .whitespaces)
        if value.isEmpty || values[field.key, default: []].insert(value).inserted == false { incomplete.insert(field.key) }
      default: continue
      }
    }
    for column in order where !seen.contains(column) { incomplete.insert(column) }
  }

  /// The first column (in the file's order) that qualifies, or nil when a column is already the
  /// source id, the sample holds fewer than two records, or no column qualifies.
  public var column: String? {
    guard !named, records >= 2 else { return nil }
    return order.first { !incomplete.contains($0) }
  }

  /// The id column of a file read afresh (for `tamis inspect`); nil when it cannot be opened.
  public static func column(of path: String, options: ReadOptions, mapping: Mapping) -> String? {
    guard mapping.detectsOtherColumns, let reader = try? Readers.open(path, options: options) else { return nil }
    let mapper = Mapper(mapping: mapping, file: path)
    var detection = SourceIdDetection()
    for _ in 0..<sampleRecords {
      guard let record = try? reader.next() else { break }
      detection.count(record, target: mapper.target(for:))
    }
    return detection.column
  }

  /// `rec_id`, `contact id`, `id_client`, `recordId`, `ref`, `reference`: an `id` word at
  /// either end of a longer name, a camel-case `Id` ending, or a reference. Names of national
  /// identifiers (``HeaderSynonyms/personalIdentifier(_:)``) are not ids of the record.
  public static func isNamedLikeAnId(_ name: String) -> Bool {
    guard HeaderSynonyms.personalIdentifier(name) == nil else { return false }
    let tokens = HeaderSynonyms.fold(name).split(separator: " ")
    if tokens.count >= 2 && (tokens.first == "id" || tokens.last == "id") { return true }
    if tokens.count == 1, let token = tokens.first, ["ref", "reference", "key", "pk"].contains(token) { return true }
    let letters = name.filter(\.isLetter)
    return letters.count > 2 && (letters.hasSuffix("Id") || letters.hasSuffix("ID")) && letters.dropLast(2).contains { $0.isLowercase }
  }
}
