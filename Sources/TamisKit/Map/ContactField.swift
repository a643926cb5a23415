/// The canonical fields of a contact, named as in rules files, mapping files and outputs.
///
/// Multi-valued fields (emails, phones, street lines) keep every value in source order.
public enum ContactField: String, CaseIterable, Hashable, Sendable, Codable {
  case sourceId = "source_id"
  case civility
  case firstName = "first_name"
  case lastName = "last_name"
  /// Only when first and last names are not separate; split during normalisation.
  case fullName = "full_name"
  case email
  /// A phone whose kind the source does not say.
  case phone
  case mobile
  case landline
  /// Street lines in order (line 1, line 2, …).
  case street
  case postalCode = "postal_code"
  case city
  case country
  case birthDate = "birth_date"
  case company
  case jobTitle = "job_title"
  case createdAt = "created_at"
  case updatedAt = "updated_at"
  case lastContactAt = "last_contact_at"
  case lastPurchaseAt = "last_purchase_at"
  case customerStatus = "customer_status"
  case optInEmail = "opt_in_email"
  case optInSMS = "opt_in_sms"
  case optInPhone = "opt_in_phone"
  case optInPost = "opt_in_post"
  case optInEmailDate = "opt_in_email_date"
  case optInSMSDate = "opt_in_sms_date"
  case optInPhoneDate = "opt_in_phone_date"
  case optInPostDate = "opt_in_post_date"
  /// The end of the person's contract (a subscription, a policy): retention's `end_of_contract`.
  case contractEndAt = "contract_end_at"

  /// Position in `allCases`, for the fixed-size storage of ``MappedRecord`` and ``Contact``.
  public var index: Int {
    switch self {
    case .sourceId: 0
    case .civility: 1
    case .firstName: 2
    case .lastName: 3
    case .fullName: 4
    case .email: 5
    case .phone: 6
    case .mobile: 7
    case .landline: 8
    case .street: 9
    case .postalCode: 10
    case .city: 11
    case .country: 12
    case .birthDate: 13
    case .company: 14
    case .jobTitle: 15
    case .createdAt: 16
    case .updatedAt: 17
    case .lastContactAt: 18
    case .lastPurchaseAt: 19
    case .customerStatus: 20
    case .optInEmail: 21
    case .optInSMS: 22
    case .optInPhone: 23
    case .optInPost: 24
    case .optInEmailDate: 25
    case .optInSMSDate: 26
    case .optInPhoneDate: 27
    case .optInPostDate: 28
    case .contractEndAt: 29
    }
  }
  public static let count = allCases.count

  /// Fields that hold several values.
  public var isMultiValued: Bool {
    switch self {
    case .email, .phone, .mobile, .landline, .street: true
    default: false
    }
  }

  /// Fields normalised as dates.
  public var isDate: Bool {
    switch self {
    case .birthDate, .createdAt, .updatedAt, .lastContactAt, .lastPurchaseAt, .contractEndAt,
         .optInEmailDate, .optInSMSDate, .optInPhoneDate, .optInPostDate: true
    default: false
    }
  }

  /// Opt-in columns and their dates: read into the consent ledger, not chosen by survivorship
  /// (an opt-in from one record with another's date, or an old opt-in over a newer withdrawal).
  public var isConsent: Bool {
    switch self {
    case .optInEmail, .optInSMS, .optInPhone, .optInPost, .optInEmailDate, .optInSMSDate, .optInPhoneDate, .optInPostDate: true
    default: false
    }
  }

  /// The fields a golden record holds: every field but the opt-ins.
  public static let goldenFields = allCases.filter { !$0.isConsent }
}

/// The types a custom field (declared in a mapping file) can have; they choose its
/// normalisation and, in matching, its default comparison.
public enum CustomFieldType: String, CaseIterable, Hashable, Sendable, Codable {
  case text, identifier, number, date, boolean, email, phone
}
