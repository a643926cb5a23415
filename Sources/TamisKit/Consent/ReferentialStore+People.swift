import GRDB

/// A person to look up: by golden record, source record, email or phone.
public enum PersonQuery: Sendable {
  case golden(String)
  case record(String)
  case email(String)
  case phone(String)

  /// What kind of value names the person, for messages that must not repeat the value.
  public var description: String {
    switch self {
    case .golden(let id): "the golden record \(id)"
    case .record(let reference): "the record \(reference)"
    case .email: "this email"
    case .phone: "this phone number"
    }
  }
}

extension ReferentialStore {
  /// The live golden record a query names (following merges).
  /// - Throws: `StoreError.personNotFound` (an unknown id, or an email or phone no record holds or
  ///   that cannot be read).
  public func golden(of query: PersonQuery) throws -> String {
    let notFound = StoreError.personNotFound(Locator(file: path), what: query.description)
    switch query {
    case .golden(let id):
      do { return try golden(id).id } catch { throw notFound }
    case .record(let reference):
      guard let found = try sourceRecord(reference) else { throw notFound }
      return try golden(found.goldenId).id
    case .email(let text):
      guard case .valid(let email) = EmailNormaliser.normalise(text) else { throw notFound }
      return try goldenHolding(EmailNormaliser.key(email)) ?? { throw notFound }()
    case .phone(let text):
      let parsed = PhoneNormaliser().parse(text, region: "FR")
      guard parsed.status == .valid else { throw notFound }
      return try goldenHolding(parsed.e164) ?? { throw notFound }()
    }
  }

  /// The first golden record (by id) one of whose members holds the email key or E.164 number.
  private func goldenHolding(_ value: String) throws -> String? {
    try read { db in try ReferentialStore.records(holding: [value], in: db) }.map(\.golden).min()
  }

  /// The source records holding one of these email keys or E.164 numbers, outside `golden`:
  /// looked up in the `contactPoint` index, in record order.
  static func records(holding values: Set<String>, outside golden: String? = nil, in db: Database) throws -> [(reference: String, golden: String)] {
    var found: [Int: (reference: String, golden: String)] = [:]
    for chunk in values.filter({ !$0.isEmpty }).sorted().chunked(500) {
      let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
      let rows = try Row.fetchCursor(db, sql: """
        SELECT s.id, s.source, s.recordId, s.goldenId FROM contactPoint c JOIN sourceRecord s ON s.id = c.record
        WHERE c.value IN (\(marks)) AND s.goldenId <> ?
        """, arguments: StatementArguments(Array(chunk) + [golden ?? ""]))
      while let row = try rows.next() { found[row[0]] = ((row[1] as String) + ":" + (row[2] as String), row[3]) }
    }
    return found.sorted { $0.key < $1.key }.map(\.value)
  }
}
