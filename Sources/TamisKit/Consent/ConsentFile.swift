import Foundation

/// Reads consent events from CSV, JSON or XML files with the same readers as contact exports.
/// Columns are found by their French or English names (finalité, consentement, date du
/// consentement, canal, preuve …); an event that cannot be used is quarantined with its reason.
public struct ConsentFile {
  /// The consent fields a column can hold.
  enum Column: String, CaseIterable {
    case record, source, sourceId, email, phone, purpose, decision, givenAt, legalBasis, channel, sourceSystem, form, campaign
    case notice, noticeVersion, method, evidence

    /// The column's English name (`given_at`), for a locator when the file's column is absent or empty.
    var name: String {
      rawValue.reduce(into: "") { name, character in
        if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
      }
    }
  }

  /// Folded header → column (``HeaderSynonyms/fold(_:)``).
  static let synonyms: [String: Column] = {
    var table: [String: Column] = [:]
    func add(_ column: Column, _ names: [String]) { for name in names { table[HeaderSynonyms.fold(name)] = column } }
    add(.record, ["record", "source record", "enregistrement", "enregistrement source"])
    add(.source, ["source", "systeme", "système"])
    add(.sourceId, ["source_id", "record_id", "id client", "code client", "numero client", "customer id", "customer_id"])
    add(.email, ["email", "e-mail", "courriel", "mail", "adresse email", "adresse mail"])
    add(.phone, ["phone", "telephone", "téléphone", "tel", "mobile", "portable", "numero"])
    add(.purpose, ["purpose", "finalite", "finalité", "traitement"])
    add(.decision, ["decision", "décision", "consent", "consentement", "choix", "status", "statut", "opt in", "optin"])
    add(.givenAt, ["given_at", "date", "date du consentement", "date consentement", "consent date", "consented at", "timestamp",
                   "horodatage", "date de recueil", "date de collecte", "collected at"])
    add(.legalBasis, ["legal_basis", "legal basis", "base legale", "base légale", "basis", "fondement"])
    add(.channel, ["channel", "canal", "canal de collecte"])
    add(.sourceSystem, ["source_system", "source system", "systeme source", "système source", "collected_from", "origine"])
    add(.form, ["form", "formulaire"])
    add(.campaign, ["campaign", "campagne"])
    add(.notice, ["notice", "notice_id", "notice id", "mention", "mention d'information", "texte affiche", "wording"])
    add(.noticeVersion, ["notice_version", "notice version", "version", "version de la mention"])
    add(.method, ["method", "methode", "méthode", "collection method", "methode de collecte", "méthode de collecte"])
    add(.evidence, ["evidence", "preuve", "proof", "reference preuve", "référence de la preuve", "evidence reference"])
    return table
  }()

  static let decisions: [String: ConsentDecision] = {
    var table: [String: ConsentDecision] = [:]
    for word in ["granted", "grant", "given", "yes", "oui", "true", "1", "opt in", "optin", "accepte", "accepté", "accorde", "accordé", "consent", "y"] {
      table[HeaderSynonyms.fold(word)] = .granted
    }
    for word in ["refused", "refuse", "refusé", "no", "non", "false", "0", "denied", "declined", "n"] { table[HeaderSynonyms.fold(word)] = .refused }
    for word in ["withdrawn", "withdraw", "retire", "retiré", "retrait", "revoked", "revoque", "révoqué", "opt out", "optout",
                 "unsubscribed", "desinscrit", "désinscrit", "desabonne", "désabonné"] {
      table[HeaderSynonyms.fold(word)] = .withdrawn
    }
    return table
  }()

  static let bases: [String: LegalBasis] = {
    var table: [String: LegalBasis] = [:]
    for basis in LegalBasis.allCases { table[HeaderSynonyms.fold(basis.rawValue)] = basis }
    for (word, basis) in [("consentement", LegalBasis.consent), ("interet legitime", .legitimateInterest), ("intérêt légitime", .legitimateInterest),
                          ("contrat", .contract), ("obligation legale", .legalObligation), ("obligation légale", .legalObligation)] {
      table[HeaderSynonyms.fold(word)] = basis
    }
    return table
  }()

  /// What one record of a consent file gave: an event, or the issues that quarantine it.
  public enum Outcome {
    case event(ConsentEvent, Locator)
    case quarantined([Issue])
  }

  public let rules: ConsentRules
  /// Events dated after this are refused (a consent cannot be given in the future).
  public let now: String
  public var defaultRegion = "FR"
  /// Both hold caches, so each worker reading a block gets its own.
  private var phones = PhoneNormaliser()
  /// Each column name's consent column, and each decision word's decision, folded once.
  private var memo = Memo()

  final class Memo {
    var columns: [String: Column?] = [:]
    var decisions: [String: ConsentDecision?] = [:]
    var purposes: [String: String] = [:]
  }


  public init(rules: ConsentRules, now: String) {
    self.rules = rules
    self.now = now
  }

  /// Reads every record of `path`. - Throws: `ReadError` when the file cannot be read at all.
  public func read(_ path: String, body: (Outcome) throws -> Void) throws {
    try read(path, prepare: { $0 }, body: body)
  }

  /// Reads `path` a block of records at a time: each block's events are worked out, and
  /// `prepare`d (an importer hashes them), on every core, then handed to `body` in file order.
  public func read<Prepared>(_ path: String, blockSize: Int = 20_000, prepare: (Outcome) -> Prepared, body: (Prepared) throws -> Void) throws {
    let reader = try Readers.open(path, options: ReadOptions())
    var block: [SourceRecord] = []
    func flush() throws {
      let prepared = Parallel.map(block.count, minimumChunk: 2_000) { range in
        var worker = self
        worker.phones = PhoneNormaliser()
        worker.memo = Memo()
        return range.map { prepare(worker.event(from: block[$0])) }
      }
      block.removeAll(keepingCapacity: true)
      for item in prepared { try body(item) }
    }
    while let record = try reader.next() {
      block.append(record)
      if block.count == blockSize { try flush() }
    }
    try flush()
  }

  /// The event one record describes, or why it cannot be used.
  public func event(from record: SourceRecord) -> Outcome {
    var values: [Column: String] = [:]
    var columnNames: [Column: String] = [:]
    for field in record.fields {
      let known = memo.columns[field.key] ?? {
        let found = ConsentFile.synonyms[HeaderSynonyms.fold(field.key)]
        memo.columns[field.key] = found
        return found
      }()
      guard let column = known else { continue }
      let value = field.value.trimmedWhitespace
      if columnNames[column] == nil { columnNames[column] = field.key }
      if !value.isEmpty, values[column] == nil {
        values[column] = value
        columnNames[column] = field.key
      }
    }
    let at = record.locator
    func issue(_ code: String, _ column: Column?, _ message: String) -> Issue {
      var locator = at
      locator.field = column.flatMap { columnNames[$0] } ?? column?.name
      return Issue(code, .error, at: locator, message)
    }
    var issues: [Issue] = []
    let subject = self.subject(values)
    if subject == nil {
      issues.append(issue("CONSENT_SUBJECT_MISSING", nil, "no person: give a record (source:id), a source and source_id, an email or a phone"))
    }
    let purpose = values[.purpose].map { text in
      memo.purposes[text] ?? {
        let name = ConsentFile.purposeName(text)
        memo.purposes[text] = name
        return name
      }()
    }
    if let purpose, rules.purpose(named: purpose) == nil {
      issues.append(issue("CONSENT_PURPOSE_UNKNOWN", .purpose, "unknown purpose; rules/consent.yml lists: \(rules.purposes.map(\.name).joined(separator: ", "))"))
    } else if purpose == nil {
      issues.append(issue("CONSENT_PURPOSE_MISSING", .purpose, "no purpose: say what the consent is for (finalité)"))
    }
    let decision = values[.decision].flatMap { word in
      memo.decisions[word] ?? {
        let found = ConsentFile.decisions[HeaderSynonyms.fold(word)]
        memo.decisions[word] = found
        return found
      }()
    }
    if decision == nil {
      issues.append(issue("CONSENT_DECISION_UNKNOWN", .decision, "the decision must be granted, refused or withdrawn (oui, non, retiré … are understood)"))
    }
    let givenAt = values[.givenAt].flatMap(ConsentTime.parse)
    if values[.givenAt] == nil {
      issues.append(issue("CONSENT_DATE_MISSING", .givenAt, "no date: a consent is dated when the person gave it, not when it is imported"))
    } else if givenAt == nil {
      issues.append(issue("CONSENT_DATE_INVALID", .givenAt, "unreadable date; use yyyy-MM-dd, yyyy-MM-ddTHH:mm:ssZ or dd/MM/yyyy"))
    } else if let givenAt, givenAt > now {
      issues.append(issue("CONSENT_DATE_FUTURE", .givenAt, "the date is in the future; a consent is dated when it was given"))
    }
    var basis = LegalBasis.consent
    if let text = values[.legalBasis] {
      if let known = ConsentFile.bases[HeaderSynonyms.fold(text)] { basis = known } else {
        issues.append(issue("CONSENT_BASIS_UNKNOWN", .legalBasis, "the legal basis must be consent, legitimate_interest, contract or legal_obligation"))
      }
    }
    if let notice = values[.notice], rules.notice(id: notice, version: values[.noticeVersion]) == nil {
      issues.append(issue("CONSENT_NOTICE_UNKNOWN", .notice, "no notice of this id and version in rules/consent.yml: add its text there so the consent can be proven"))
    }
    guard issues.isEmpty, let subject, let purpose, let decision, let givenAt else { return .quarantined(issues) }
    let proof = ConsentProof(noticeId: values[.notice], noticeVersion: values[.noticeVersion] ?? values[.notice].flatMap { rules.notice(id: $0, version: nil)?.version },
                             method: values[.method], evidence: values[.evidence])
    return .event(ConsentEvent(subject: subject, purpose: purpose, decision: decision, givenAt: givenAt, legalBasis: basis,
                               channel: values[.channel], sourceSystem: values[.sourceSystem], form: values[.form], campaign: values[.campaign],
                               proof: proof), at)
  }

  /// `Email marketing` → `email_marketing`.
  static func purposeName(_ text: String) -> String { HeaderSynonyms.fold(text).replacingOccurrences(of: " ", with: "_") }

  /// The person a record names, preferring a source record, then an email, then a phone.
  func subject(_ values: [Column: String]) -> ConsentSubject? {
    if let record = values[.record], record.contains(":") { return .record(record) }
    if let source = values[.source], let id = values[.sourceId] { return .record(source + ":" + id) }
    if let email = values[.email], case .valid(let valid) = EmailNormaliser.normalise(email) { return .email(EmailNormaliser.key(valid)) }
    if let phone = values[.phone] {
      let parsed = phones.parse(phone, region: defaultRegion)
      if parsed.status == .valid { return .phone(parsed.e164) }
    }
    return nil
  }
}
