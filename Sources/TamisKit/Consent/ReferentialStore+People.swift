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
      return try goldenHolding(.email(EmailNormaliser.key(email))) ?? { throw notFound }()
    case .phone(let text):
      let parsed = PhoneNormaliser().parse(text, region: "FR")
      guard parsed.status == .valid else { throw notFound }
      return try goldenHolding(.phone(parsed.e164)) ?? { throw notFound }()
    }
  }

  /// The first golden record (by id) one of whose members holds the email or phone.
  private func goldenHolding(_ subject: ConsentSubject) throws -> String? {
    let found = try read { db -> [(reference: String, golden: String)] in
      switch subject {
      case .email(let email): try ReferentialStore.records(holdingEmails: [email], phones: [], in: db)
      case .phone(let phone): try ReferentialStore.records(holdingEmails: [], phones: [phone], in: db)
      case .record: []
      }
    }
    return found.map(\.golden).min()
  }

  /// The source records holding one of these email keys or E.164 numbers, outside `golden`,
  /// found by their keyed hashes (an index lookup each, on a million records).
  static func records(holdingEmails emails: Set<String>, phones: Set<String>, outside golden: String? = nil,
                      in db: Database) throws -> [(reference: String, golden: String)] {
    let hasher = try ConsentKeys.hasher(db)
    let hashes = Set(emails.filter { !$0.isEmpty }.map { hasher.hash(ConsentSubject.email($0).key) }
      + phones.filter { !$0.isEmpty }.map { hasher.hash(ConsentSubject.phone($0).key) }).sorted()
    guard !hashes.isEmpty else { return [] }
    let marks = hashes.map { _ in "?" }.joined(separator: ",")
    return try Row.fetchAll(db, sql: """
      SELECT DISTINCT s.id, s.source || ':' || s.recordId, s.goldenId FROM consentKey k JOIN sourceRecord s ON s.id = k.sourceKey
      WHERE k.hash IN (\(marks)) AND s.goldenId <> ? ORDER BY s.id
      """, arguments: StatementArguments(hashes + [golden ?? ""])).map { ($0[1] as String, $0[2] as String) }
  }
}
