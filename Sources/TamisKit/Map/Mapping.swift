import Foundation

/// How the columns of one kind of export map to contact fields, with how to read it.
/// Loaded from a mapping file under `rules/mappings/`, or detected from the headers.
public struct Mapping: Hashable, Sendable {
  /// Where a source column goes.
  public enum Target: Hashable, Sendable {
    case field(ContactField)
    case custom(CustomField)
    case ignore
  }

  /// A field the referential does not have built in (a loyalty number, a national id), with the
  /// type that chooses its normalisation and comparison.
  public struct CustomField: Hashable, Sendable, Codable {
    public var name: String
    public var type: CustomFieldType
    public init(name: String, type: CustomFieldType) {
      self.name = name
      self.type = type
    }
  }

  /// The source system's name, used in lineage and survivorship (`crm`, `eshop`).
  public var source: String?
  /// Globs on file names this mapping applies to (`*crm*.csv`).
  public var files: [String] = []
  public var read = ReadOptions()
  /// The date convention the mapping declares; nil lets the values decide (`DateOrderVote`).
  public var dateOrder: DateOrder?
  public var defaultRegion = "FR"
  /// Also detect columns the file does not list (on by default).
  public var detectsOtherColumns = true
  public var columns: [String: Target] = [:]
  /// The mapping file and the line of each column, for error messages.
  public var file: String?
  public var columnLines: [String: Int] = [:]

  public init() {}

  /// Loads a mapping file.
  /// - Throws: `RulesError`, `MapError.unknownField`.
  public static func load(_ path: String) throws -> Mapping {
    let root = try RulesNode.load(path)
    try root.allowKeys(["source", "files", "format", "encoding", "delimiter", "records", "date_order", "default_region",
                        "detect", "columns", "custom"])
    var mapping = Mapping()
    mapping.file = path
    mapping.source = try root["source"]?.string()
    mapping.files = try root["files"]?.strings() ?? []
    if let format = root["format"] { mapping.read.format = try format.choice(InputFormat.self) }
    if let encoding = root["encoding"] {
      let name = try encoding.string()
      guard let value = TextEncoding(name: name) else {
        throw RulesError.badValue(encoding.locator, expected: "utf-8, utf-16le, utf-16be or windows-1252")
      }
      mapping.read.encoding = value
    }
    if let delimiter = root["delimiter"] {
      let text = try delimiter.string()
      let byte: UInt8? = text == "\\t" || text == "tab" ? 0x09 : (text.utf8.count == 1 ? text.utf8.first : nil)
      guard let byte else { throw RulesError.badValue(delimiter.locator, expected: "one character, such as ';' or '\\t'") }
      mapping.read.delimiter = byte
    }
    mapping.read.recordPath = try root["records"]?.string()
    if let order = root["date_order"] { mapping.dateOrder = try order.choice(DateOrder.self) }
    if let region = root["default_region"] {
      let text = try region.string().uppercased()
      guard text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
        throw RulesError.badValue(region.locator, expected: "an ISO 3166-1 alpha-2 code such as FR")
      }
      mapping.defaultRegion = text
    }
    if let detect = root["detect"] { mapping.detectsOtherColumns = try detect.bool() }
    for (column, target) in try root["columns"]?.entries() ?? [] {
      let name = try target.string()
      mapping.columnLines[column] = target.locator.line
      if name == "ignore" {
        mapping.columns[column] = .ignore
      } else if let field = ContactField(rawValue: name) {
        mapping.columns[column] = .field(field)
      } else {
        throw MapError.unknownField(target.locator, name: name)
      }
    }
    for (column, spec) in try root["custom"]?.entries() ?? [] {
      try spec.allowKeys(["name", "type"])
      let name = try spec["name"]?.string() ?? column
      let type = try spec["type"]?.choice(CustomFieldType.self) ?? .text
      guard !name.isEmpty, ContactField(rawValue: name) == nil else {
        throw RulesError.badValue(spec.locator, expected: "a custom field name that is not a built-in field")
      }
      mapping.columnLines[column] = spec.locator.line
      mapping.columns[column] = .custom(CustomField(name: name, type: type))
    }
    return mapping
  }

  /// True when one of `files` matches the file's name (or its path).
  public func applies(to path: String) -> Bool {
    let name = (path as NSString).lastPathComponent
    return files.contains { fnmatch($0, name, 0) == 0 || fnmatch($0, path, 0) == 0 }
  }

  /// The mapping files of a rules folder (`DIR/mappings/*.yml`), in name order.
  /// - Throws: `RulesError`, `MapError`.
  public static func loadAll(in rulesDirectory: String) throws -> [Mapping] {
    let folder = (rulesDirectory as NSString).appendingPathComponent("mappings")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return try names.filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted()
      .map { try load((folder as NSString).appendingPathComponent($0)) }
  }

  /// The first mapping whose `files` globs match `path`, or a detecting mapping.
  public static func select(for path: String, among mappings: [Mapping]) -> Mapping {
    mappings.first { $0.applies(to: path) } ?? Mapping()
  }
}

/// How to read an ambiguous date like 03/04/2025: French exports are day-first.
public enum DateOrder: String, Hashable, Sendable, Codable, CaseIterable {
  case dayFirst = "day_first"
  case monthFirst = "month_first"
  case yearFirst = "year_first"
}
