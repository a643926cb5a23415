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

  /// The source records holding one of these email keys or E.164 numbers, outside `golden`:
  /// SQLite keeps the rows whose matching form contains one of the texts, decoding confirms
  /// (a person's lookup reads no more than that, on a million records).
  static func records(holdingEmails emails: Set<String>, phones: Set<String>, outside golden: String? = nil,
                      in db: Database) throws -> [(reference: String, golden: String)] {
    let needles = (emails.sorted() + phones.sorted()).filter { !$0.isEmpty }
    guard !needles.isEmpty else { return [] }
    let holds = needles.map { _ in #"instr("match", ?) > 0"# }.joined(separator: " OR ")
    var found: [(reference: String, golden: String)] = []
    let cursor = try Row.fetchCursor(db, sql: "SELECT source, recordId, goldenId, match FROM sourceRecord WHERE goldenId <> ? AND (\(holds)) ORDER BY id",
                                     arguments: StatementArguments([golden ?? ""] + needles))
    while let row = try cursor.next() {
      let source: String = row[0], recordId: String = row[1]
      let record = MatchRecordCoding.decode(row[3], source: source, recordId: recordId)
      if !emails.isDisjoint(with: record.emails) || !phones.isDisjoint(with: record.phones) { found.append((source + ":" + recordId, row[2])) }
    }
    return found
  }
}
