import Foundation

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

  /// Reads the golden record's stored JSON (`fields` → `{value}` or `[{value}]`).
  public init(golden: String, json: String, customerStatus: String) {
    self.golden = golden
    self.customerStatus = customerStatus
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
          let fields = object["fields"] as? [String: Any] else { return }
    func values(_ field: ContactField) -> [String] {
      if let one = fields[field.rawValue] as? [String: Any], let value = one["value"] as? String { return [value] }
      return (fields[field.rawValue] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
    }
    civility = values(.civility).first ?? ""
    firstName = values(.firstName).first ?? ""
    lastName = values(.lastName).first ?? ""
    emails = values(.email)
    mobiles = values(.mobile)
    phones = mobiles + values(.phone) + values(.landline)
    let street = values(.street).first ?? "", place = [values(.postalCode).first ?? "", values(.city).first ?? ""]
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
