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
    let hasher = try hasher("consent_hmac")
    let hash = hasher.hash(subject.key)
    return try consentKeys(hasher: hasher).first { $0.keys.contains(hash) }?.golden
  }
}
