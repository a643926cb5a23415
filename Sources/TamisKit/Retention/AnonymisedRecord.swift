import Foundation
import GRDB

/// What the `anonymise` action keeps of a person: a statistics row that names no one — customer
/// status, country, French département, birth decade, years of creation and last purchase, the
/// source systems and how many records they held. No id, name, contact, street, exact date or
/// foreign postcode (a British postcode is a street).
public struct AnonymisedRecord: Hashable, Sendable {
  public var rule: String
  public var anonymisedOn: String
  public var customerStatus: String?
  public var country: String?
  public var departement: String?
  public var birthDecade: Int?
  public var createdYear: Int?
  public var lastPurchaseYear: Int?
  public var sources: [String]
  public var sourceRecords: Int

  /// From a golden record's stored JSON and its reference dates.
  public init(goldenJSON: String, subject: RetentionSubject, sourceRecords: Int, rule: String, on day: CivilDate) {
    let golden = GoldenRecord(json: goldenJSON)
    func value(_ field: ContactField) -> String? { golden?[field].first?.value }
    func year(_ date: String?) -> Int? { date.flatMap { Int($0.prefix(4)) } }
    self.rule = rule
    anonymisedOn = day.description
    customerStatus = subject.status
    country = value(.country)
    departement = AnonymisedRecord.departement(postalCode: value(.postalCode), country: country)
    birthDecade = year(value(.birthDate)).map { $0 / 10 * 10 }
    createdYear = year(subject.dates[.created])
    lastPurchaseYear = year(subject.dates[.lastPurchase])
    sources = subject.sources
    self.sourceRecords = sourceRecords
  }

  /// The département of a French postcode: two digits, three overseas (971–989); nil abroad.
  static func departement(postalCode: String?, country: String?) -> String? {
    guard let code = postalCode, code.count == 5, code.allSatisfy({ ("0"..."9").contains($0) }), (country ?? "FR") == "FR" else { return nil }
    return String(code.prefix(code.hasPrefix("97") || code.hasPrefix("98") ? 3 : 2))
  }

  func insert(into db: Database) throws {
    try db.cachedStatement(sql: """
      INSERT INTO anonymisedRecord (rule, anonymisedOn, customerStatus, country, departement, birthDecade, createdYear, lastPurchaseYear,
        sources, sourceRecords) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """).execute(arguments: [rule, anonymisedOn, customerStatus, country, departement, birthDecade, createdYear, lastPurchaseYear,
                               sources.joined(separator: " "), sourceRecords])
  }
}

/// The anonymised statistics, counted by rule, day, status, country, département and birth
/// decade: what `tamis retention statistics` prints.
public struct AnonymisedStatistics: Sendable {
  public static let header = ["rule", "anonymised_on", "customer_status", "country", "departement", "birth_decade", "people", "source_records"]
  public var rows: [[String]]

  /// - Throws: `StoreError`.
  public static func make(store: ReferentialStore) throws -> AnonymisedStatistics {
    let rows = try store.read { db in
      try Row.fetchAll(db, sql: """
        SELECT rule, anonymisedOn, coalesce(customerStatus, ''), coalesce(country, ''), coalesce(departement, ''),
          coalesce(CAST(birthDecade AS TEXT), ''), count(*), sum(sourceRecords)
        FROM anonymisedRecord GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        """).map { row in (0..<6).map { row[$0] as String } + [String(row[6] as Int), String(row[7] as Int)] }
    }
    return AnonymisedStatistics(rows: rows)
  }

  public func render(_ format: String) -> String {
    switch format {
    case "csv":
      return ([AnonymisedStatistics.header] + rows).map { String(decoding: CSVText.line($0), as: UTF8.self) }.joined()
    case "json":
      var json = JSONText()
      json.beginArray()
      for row in rows {
        json.beginObject()
        for (key, value) in zip(AnonymisedStatistics.header, row) {
          if key == "people" || key == "source_records" { json.number(key, Int(value) ?? 0) } else { json.string(key, value) }
        }
        json.endObject()
      }
      json.endArray()
      return json.text + "\n"
    default:
      let markdown = format == "md"
      let people = rows.reduce(0) { $0 + (Int($1[6]) ?? 0) }
      let title = "\(people) anonymised people (statistics only: no one is named)\n\n"
      return (markdown ? "# " + title : title) + TextTable.render([AnonymisedStatistics.header] + rows, markdown: markdown)
    }
  }
}
