import TamisKit

/// One real person of the synthetic population: the truth that records are drawn from.
public struct SyntheticPerson: Hashable, Sendable {
  public var id: Int
  public var isFemale: Bool
  public var firstName: String
  public var nicknames: [String]
  public var lastName: String
  /// A second surname (a married name) some records use instead.
  public var otherLastName: String?
  public var birthDate: CivilDate
  public var streetNumber: Int
  public var streetType: Int
  public var streetName: String
  public var place: Int
  /// National significant number (9 digits), mobile.
  public var mobile: String?
  /// The household's landline, shared by everyone at the address.
  public var landline: String?
  public var email: String?
}

/// One record of one source, drawn from a person with realistic variation.
public struct SyntheticRecord: Hashable, Sendable {
  public var personId: Int
  public var source: String
  public var recordId: String
  public var civility: String?
  public var firstName: String?
  public var lastName: String?
  public var birthDate: CivilDate?
  public var street: String?
  public var postalCode: String?
  public var city: String?
  public var mobile: String?
  public var landline: String?
  public var email: String?
  public var createdAt: CivilDate
  public var optInEmail: Bool?
}
