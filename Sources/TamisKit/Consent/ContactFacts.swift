/// What deciding whether a golden record may be contacted needs from it: its status, its names
/// for the list, and the value each channel uses.
public struct ContactFacts: Sendable {
  public var golden: String
  public var customerStatus: String
  public var civility = ""
  public var firstName = ""
  public var lastName = ""
  public var emails: [String] = []
  public var mobiles: [String] = []
  /// Every number, mobiles first: the phone channel may call any of them.
  public var phones: [String] = []
  public var address = ""

  /// Reads the golden record's stored JSON (`fields` → `{value}` or `[{value}]`, flattened to
  /// `fields.email.value` by the byte parser: a million of them are read per report).
  public init(golden: String, json: String, customerStatus: String) {
    self.golden = golden
    self.customerStatus = customerStatus
    var parsed = JSONFields()
    var text = json
    let ok: Bool = text.withUTF8 { bytes in
      var parser = JSONValueParser(buffer: bytes, position: 0, maxDepth: 6)
      do { try parser.parseValue(path: "", into: &parsed) } catch { return false }
      return true
    }
    guard ok else { return }
    var values: [String: [String]] = [:]
    for (path, value) in parsed.fields where path.hasPrefix("fields.") && path.hasSuffix(".value") {
      values[String(path.dropFirst(7).dropLast(6)), default: []].append(value)
    }
    func all(_ field: ContactField) -> [String] { values[field.rawValue] ?? [] }
    civility = all(.civility).first ?? ""
    firstName = all(.firstName).first ?? ""
    lastName = all(.lastName).first ?? ""
    emails = all(.email)
    mobiles = all(.mobile)
    phones = mobiles + all(.phone) + all(.landline)
    let street = all(.street).first ?? "", place = [all(.postalCode).first ?? "", all(.city).first ?? ""]
      .filter { !$0.isEmpty }.joined(separator: " ")
    if !street.isEmpty && !place.isEmpty { address = street + ", " + place }
  }

  /// The value a campaign on `channel` uses, or nil when the record has none.
  public func value(for channel: ContactChannel) -> String? {
    switch channel {
    case .email: emails.first
    case .sms: mobiles.first ?? phones.first { $0.hasPrefix("+336") || $0.hasPrefix("+337") }
    case .phone: phones.first
    case .post: address.isEmpty ? nil : address
    }
  }

  /// An existing customer: soft opt-in for email and SMS, a current contract for calls.
  public var isCustomer: Bool { ["customer", "client"].contains(customerStatus.lowercased()) }
}
