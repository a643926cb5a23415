import Foundation
internal import CPhoneNumber

/// A phone number as libphonenumber sees it.
public struct PhoneNumber: Hashable, Sendable {
  public enum Status: String, Hashable, Sendable { case valid, invalid, unparsable }
  public var status: Status
  /// E.164 (`+33612345678`); set for valid and invalid-but-parsed numbers.
  public var e164: String
  /// libphonenumber's type, snake-cased (`mobile`, `fixed_line`, `voip`, …); `unknown` if invalid.
  public var type: String
  public var region: String
}

/// Phone numbers to E.164 with their type, through libphonenumber, with the record's country or
/// a default region (FR) for national forms. Invalid numbers are flagged, never invented.
///
/// libphonenumber costs ~30 µs a number, so results are memoised per distinct digit string and,
/// for the commonest French forms, a fast path answers from a table of libphonenumber's own
/// answers per three-digit prefix (see ``FrenchFastPath``; a test proves they agree).
public final class PhoneNormaliser {
  private var cache: [String: PhoneNumber] = [:]
  private var fastPath = FrenchFastPath()
  private let cacheLimit = 200_000
  public var usesFastPath = true

  public init() {}

  /// Parses with libphonenumber only (no cache, no fast path): the reference answer.
  public static func libphonenumber(_ text: String, region: String) -> PhoneNumber {
    var result = tamis_phone_result()
    tamis_phone_parse(text, region, &result)
    return number(result)
  }

  /// libphonenumber's answer for the number with this country calling code and national
  /// significant number: what parsing its E.164 text gives, without the parse.
  static func libphonenumber(countryCode: Int32, nationalNumber: UInt64) -> PhoneNumber {
    var result = tamis_phone_result()
    tamis_phone_describe(countryCode, nationalNumber, &result)
    return number(result)
  }

  private static func number(_ result: tamis_phone_result) -> PhoneNumber {
    let e164 = withUnsafeBytes(of: result.e164) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    let numberRegion = withUnsafeBytes(of: result.region) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
    switch result.status {
    case TAMIS_PHONE_VALID:
      return PhoneNumber(status: .valid, e164: e164, type: typeName(result.type), region: numberRegion)
    case TAMIS_PHONE_INVALID:
      return PhoneNumber(status: .invalid, e164: e164, type: "unknown", region: numberRegion)
    default:
      return PhoneNumber(status: .unparsable, e164: "", type: "unknown", region: "")
    }
  }

  static func typeName(_ type: tamis_phone_type) -> String {
    switch type {
    case TAMIS_PHONE_FIXED_LINE: "fixed_line"
    case TAMIS_PHONE_MOBILE: "mobile"
    case TAMIS_PHONE_FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile"
    case TAMIS_PHONE_TOLL_FREE: "toll_free"
    case TAMIS_PHONE_PREMIUM_RATE: "premium_rate"
    case TAMIS_PHONE_SHARED_COST: "shared_cost"
    case TAMIS_PHONE_VOIP: "voip"
    case TAMIS_PHONE_PERSONAL_NUMBER: "personal_number"
    case TAMIS_PHONE_PAGER: "pager"
    case TAMIS_PHONE_UAN: "uan"
    case TAMIS_PHONE_VOICEMAIL: "voicemail"
    default: "unknown"
    }
  }

  /// Parses one number, memoised on its digits and region.
  public func parse(_ text: String, region: String) -> PhoneNumber {
    let compact = PhoneNormaliser.compact(text)
    if usesFastPath, let fast = fastPath.parse(compact, region: region) { return fast }
    let cacheKey = region + "|" + compact
    if let known = cache[cacheKey] { return known }
    let parsed = PhoneNormaliser.libphonenumber(text, region: region)
    if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
    cache[cacheKey] = parsed
    return parsed
  }

  /// The number without spaces, dots, dashes, slashes and brackets; letters and `+` kept, so
  /// that two spellings of one number share a cache entry and "ext" still reaches libphonenumber.
  static func compact(_ text: String) -> String {
    // ASCII text (nearly every number) on bytes; anything else scalar by scalar.
    let ascii = text.withUTF8Bytes { bytes -> String? in
      var out: [UInt8] = []
      out.reserveCapacity(bytes.count)
      for byte in bytes {
        switch byte {
        case 0x80...: return nil
        case UInt8(ascii: " "), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"), 0x09: continue
        default: out.append(byte)
        }
      }
      return String(decoding: out, as: UTF8.self)
    }
    return ascii ?? compactInFull(text)
  }

  /// What ``compact(_:)`` does, scalar by scalar, for any text.
  static func compactInFull(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar {
      case " ", ".", "-", "/", "(", ")", "\u{A0}", "\t", "\u{202F}": continue
      default: out.append(scalar)
      }
    }
    return String(out)
  }
}

/// The commonest French forms (0X XX XX XX XX, +33 X…, 0033 X…) with a national number that
/// does not start with 8, answered from libphonenumber's own verdicts per three-digit prefix.
///
/// France's numbering plan decides validity and type from at most the first three national
/// digits outside the 08 range (which needs more, so it always goes to libphonenumber). The
/// table is filled lazily by asking libphonenumber about sample numbers of each prefix; a prefix
/// whose samples disagree is not answered here.
public struct FrenchFastPath {
  /// The national significant number (9 digits) of a French form, or nil.
  static func nationalNumber(_ compact: String, region: String) -> [UInt8]? {
    var digits = Array(compact.utf8)
    if digits.first == UInt8(ascii: "+") {
      guard digits.count >= 3, digits[1] == UInt8(ascii: "3"), digits[2] == UInt8(ascii: "3") else { return nil }
      digits.removeFirst(3)
      if digits.first == UInt8(ascii: "0") && digits.count == 10 { digits.removeFirst() }  // +33 (0)6…
      guard digits.count == 9 else { return nil }
    } else if digits.count == 13 && digits.starts(with: Array("0033".utf8)) {
      digits.removeFirst(4)
    } else if region == "FR" && digits.count == 10 && digits.first == UInt8(ascii: "0") {
      digits.removeFirst()
    } else {
      return nil
    }
    guard digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let first = digits.first,
          first != UInt8(ascii: "0"), first != UInt8(ascii: "8") else { return nil }
    return digits
  }

  /// Verdicts learnt so far, per prefix (100–999): unknown, answered, or left to libphonenumber.
  private var table: [PhoneNumber??] = Array(repeating: nil, count: 1000)

  /// Verdicts learnt by any worker: learning a prefix asks libphonenumber eight times (~0.25 ms),
  /// so each is learnt once per process rather than once per worker and file.
  private static let learnt = Learnt()

  private final class Learnt: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [PhoneNumber??] = Array(repeating: nil, count: 1000)

    func verdict(_ prefix: Int) -> PhoneNumber? {
      lock.lock()
      defer { lock.unlock() }
      if let known = table[prefix] { return known }
      let verdict = FrenchFastPath.learn(prefix)
      table[prefix] = .some(verdict)
      return verdict
    }
  }

  public init() {}

  public mutating func parse(_ compact: String, region: String) -> PhoneNumber? {
    guard let national = FrenchFastPath.nationalNumber(compact, region: region) else { return nil }
    let prefix = Int(national[0] - 0x30) * 100 + Int(national[1] - 0x30) * 10 + Int(national[2] - 0x30)
    let verdict: PhoneNumber?
    if let known = table[prefix] {
      verdict = known
    } else {
      verdict = FrenchFastPath.learnt.verdict(prefix)
      table[prefix] = .some(verdict)
    }
    guard var answer = verdict else { return nil }
    answer.e164 = answer.status == .unparsable ? "" : "+33" + String(decoding: national, as: UTF8.self)
    return answer
  }

  /// libphonenumber's verdict shared by sample numbers of one prefix, or nil when they differ.
  static func learn(_ prefix: Int) -> PhoneNumber? {
    var shared: PhoneNumber?
    for tail in [0, 999_999, 123_456, 987_654, 505_050, 246_813, 777_777, 318_264] {
      // +33 followed by the prefix and the tail, as numbers: parsing its text would cost twice as much.
      var answer = PhoneNormaliser.libphonenumber(countryCode: 33, nationalNumber: UInt64(prefix * 1_000_000 + tail))
      answer.e164 = ""
      if let shared, shared != answer { return nil }
      shared = answer
    }
    return shared
  }
}
