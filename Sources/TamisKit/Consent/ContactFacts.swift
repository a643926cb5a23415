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
    var text = json
    self = text.withUTF8 { ContactFacts(golden: golden, utf8: $0, customerStatus: customerStatus) }
  }

  /// The same from the JSON's bytes: a million are read per report, so only the values of the
  /// fields wanted become strings.
  init(golden: String, utf8 json: UnsafeBufferPointer<UInt8>, customerStatus: String) {
    self.golden = golden
    self.customerStatus = customerStatus
    var sink = Sink()
    var parser = JSONValueParser(buffer: json, position: 0, maxDepth: 6)
    do { try parser.parseValue(path: "", into: &sink) } catch { return }
    func all(_ field: ContactField) -> [String] { Sink.wanted.firstIndex { $0.field == field }.map { sink.values[$0] } ?? [] }
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

  /// Keeps the values at `fields.<field>.value` of the fields a contact decision uses (the byte
  /// parser flattens an array's items under their key).
  private struct Sink: JSONFieldSink {
    static let wanted: [(field: ContactField, path: [UInt8])] =
      [ContactField.civility, .firstName, .lastName, .email, .mobile, .phone, .landline, .street, .postalCode, .city]
        .map { ($0, Array("fields.\($0.rawValue).value".utf8)) }
    /// Per field of `wanted`, its values in order.
    var values = [[String]](repeating: [], count: wanted.count)

    mutating func append(utf8 value: UnsafeBufferPointer<UInt8>, path: UnsafeBufferPointer<UInt8>) {
      guard path.count > 13, path[0] == UInt8(ascii: "f"), path[path.count - 1] == UInt8(ascii: "e") else { return }
      for (index, wanted) in Sink.wanted.enumerated() where wanted.path.count == path.count {
        let same = wanted.path.withUnsafeBufferPointer { name in
          guard let a = name.baseAddress, let b = path.baseAddress else { return false }
          return memcmp(a, b, path.count) == 0
        }
        guard same else { continue }
        values[index].append(String(decoding: value, as: UTF8.self))
        return
      }
    }

    mutating func removeAllValues() { values = values.map { _ in [] } }
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
