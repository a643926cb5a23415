import Foundation

/// Email addresses: trimmed, lower-cased, checked against a practical subset of RFC 5321/5322
/// (dot-atom local part, internationalised domain names allowed), role addresses and common
/// domain typos flagged with a suggestion, never corrected silently.
public enum EmailNormaliser {
  public enum Verdict: Hashable, Sendable {
    case valid(String)
    case invalid(reason: String)
  }

  /// Local parts that name a function, not a person (RGPD: still personal data, but not a
  /// person's identity for matching).
  static let roleLocalParts: Set<String> = [
    "contact", "info", "infos", "information", "admin", "administration", "sales", "vente", "ventes", "support", "noreply",
    "no-reply", "webmaster", "postmaster", "hostmaster", "hello", "bonjour", "service", "services", "commercial", "compta",
    "comptabilite", "accueil", "direction", "rh", "jobs", "recrutement", "marketing", "secretariat", "office", "team",
    "help", "abuse", "billing", "facturation", "contact-us", "newsletter", "reception", "standard", "mairie", "sav",
  ]

  /// Mailbox providers common in France; an address one typo away from one of them is flagged.
  static let knownDomains: [String] = [
    "gmail.com", "googlemail.com", "hotmail.fr", "hotmail.com", "yahoo.fr", "yahoo.com", "orange.fr", "wanadoo.fr",
    "free.fr", "sfr.fr", "laposte.net", "outlook.fr", "outlook.com", "live.fr", "live.com", "icloud.com", "me.com",
    "neuf.fr", "bbox.fr", "aol.com", "aol.fr", "gmx.fr", "gmx.com", "protonmail.com", "proton.me", "msn.com", "numericable.fr",
    "club-internet.fr", "aliceadsl.fr", "cegetel.net", "noos.fr", "voila.fr", "ymail.com", "mail.com",
  ]
  static let knownDomainSet = Set(knownDomains)
  /// Typos that are not one edit away, or where the edit distance is ambiguous.
  static let typos: [String: String] = [
    "gmail.fr": "gmail.com", "gmail.con": "gmail.com", "gmail.co": "gmail.com", "gmial.com": "gmail.com", "gmail.cm": "gmail.com",
    "hotmail.con": "hotmail.com", "hotmial.fr": "hotmail.fr", "hotmial.com": "hotmail.com", "yahoo.con": "yahoo.com",
    "outlook.con": "outlook.com", "orange.com": "orange.fr", "wanadoo.com": "wanadoo.fr", "free.com": "free.fr",
    "laposte.fr": "laposte.net", "sfr.com": "sfr.fr",
  ]

  public static func normalise(_ raw: String) -> Verdict {
    if let valid = validASCII(raw) { return .valid(valid) }
    return normaliseInFull(raw)
  }

  /// The common case on bytes: an ASCII address with nothing to trim that passes every check of
  /// ``normaliseInFull(_:)``. Nil sends the address through the full path (which gives the
  /// reason when it is invalid); a test checks the two agree.
  static func validASCII(_ raw: String) -> String? {
    var lowered: [UInt8] = []
    guard raw.withUTF8Bytes({ validASCII($0, into: &lowered) }) != nil else { return nil }
    return String(decoding: lowered, as: UTF8.self)
  }

  /// ``validASCII(_:)`` on bytes: the address lower-cased into `lowered`, and the index of its '@'.
  static func validASCII(_ raw: UnsafeBufferPointer<UInt8>, into lowered: inout [UInt8]) -> Int? {
    lowered.removeAll(keepingCapacity: true)
    lowered.reserveCapacity(raw.count)
    var at = -1
    for byte in raw {
      guard byte > 0x20 && byte < 0x7F else { return nil }
      if byte == UInt8(ascii: "@") { at = lowered.count }
      lowered.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
    }
    let count = lowered.count
    guard at > 0, at <= 64, count <= 254, at < count - 1 else { return nil }
    let valid = lowered.withUnsafeBufferPointer { lowered -> Bool in
      let first = lowered[0], last = lowered[count - 1]
      guard !"<>\"'".utf8.contains(first), !"<>\"'.".utf8.contains(last), !lowered.starts(with: "mailto:".utf8) else { return false }
      // Local part: dot-atom characters, no leading, trailing or double dot.
      guard lowered[0] != 0x2E, lowered[at - 1] != 0x2E else { return false }
      for i in 0..<at {
        let byte = lowered[i]
        let isAlphanumeric = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        guard isAlphanumeric || "!#$%&'*+/=?^_`{|}~.-".utf8.contains(byte) else { return false }
        if byte == 0x2E && lowered[i + 1] == 0x2E { return false }
      }
      // Domain: at least two labels of letters, digits and inner hyphens; a top-level domain of
      // two characters or more, not all digits.
      var labels = 0, labelStart = at + 1
      for i in (at + 1)...count {
        if i < count && lowered[i] != 0x2E {
          let byte = lowered[i]
          guard (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D else { return false }
          continue
        }
        let length = i - labelStart
        guard length > 0, length <= 63, lowered[labelStart] != 0x2D, lowered[i - 1] != 0x2D else { return false }
        labels += 1
        if i == count {
          guard length >= 2, lowered[labelStart..<i].contains(where: { $0 < 0x30 || $0 > 0x39 }) else { return false }
        }
        labelStart = i + 1
      }
      return labels >= 2
    }
    return valid ? at : nil
  }

  static func normaliseInFull(_ raw: String) -> Verdict {
    var text = raw.lowercased()
    let trimmed: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n", "<", ">", "\"", "'", "\u{A0}"]
    if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, trimmed.contains(first) || trimmed.contains(last) {
      text = String(String.UnicodeScalarView(text.unicodeScalars.drop(while: trimmed.contains).reversed().drop(while: trimmed.contains).reversed()))
    }
    if text.hasPrefix("mailto:") { text.removeFirst(7) }
    while text.hasSuffix(".") { text.removeLast() }
    guard let at = text.lastIndex(of: "@") else { return .invalid(reason: "no '@'") }
    let local = text[..<at]
    let domain = text[text.index(after: at)...]
    guard !local.isEmpty, local.utf8.count <= 64 else { return .invalid(reason: "the part before '@' is empty or too long") }
    guard text.utf8.count <= 254 else { return .invalid(reason: "longer than 254 characters") }
    guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
      return .invalid(reason: "misplaced dot before '@'")
    }
    for scalar in local.unicodeScalars {
      let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
        || "!#$%&'*+/=?^_`{|}~.-".unicodeScalars.contains(scalar) || scalar.value >= 0x80
      if !ok { return .invalid(reason: "a character not allowed before '@'") }
    }
    let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2 else { return .invalid(reason: "the domain has no dot") }
    for label in labels {
      guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
        return .invalid(reason: "an empty or malformed domain label")
      }
      for character in label where !(character.isLetter || character.isNumber || character == "-") {
        return .invalid(reason: "a character not allowed in the domain")
      }
    }
    guard let tld = labels.last, tld.count >= 2, !tld.allSatisfy({ $0.isNumber }) else {
      return .invalid(reason: "the top-level domain is missing or numeric")
    }
    return .valid(text)
  }

  /// The part before and after the last '@' (found on bytes: '@' never splits a character).
  static func parts(_ email: String) -> (local: String, domain: String)? {
    guard let at = email.utf8.lastIndex(of: UInt8(ascii: "@")) else { return nil }
    return (String(email[..<at]), String(email[email.utf8.index(after: at)...]))
  }

  public static func isRoleAddress(_ email: String) -> Bool {
    guard let local = parts(email)?.local else { return false }
    return roleLocalParts.contains(local)
  }

  /// The role local parts by length, as bytes: checked for every address without making a string.
  private static let roleLocalPartBytes: [[[UInt8]]] = {
    var byLength = [[[UInt8]]](repeating: [], count: 65)
    for part in roleLocalParts.sorted() { byLength[part.utf8.count].append(Array(part.utf8)) }
    return byLength
  }()

  /// ``isRoleAddress(_:)`` for a lower-cased local part given as bytes.
  static func isRoleLocalPart(_ local: UnsafeBufferPointer<UInt8>) -> Bool {
    guard local.count < roleLocalPartBytes.count else { return false }
    return roleLocalPartBytes[local.count].contains { $0.withUnsafeBufferPointer { local.hasSameBytes(as: $0) } }
  }

  /// A suggested domain when `email`'s domain looks like a typo of a common provider.
  public static func suggestedDomain(_ email: String) -> String? {
    parts(email).flatMap { suggestedDomain(forDomain: $0.domain) }
  }

  /// A common provider's domain that `domain` looks like a typo of, or nil.
  static func suggestedDomain(forDomain domain: String) -> String? {
    if knownDomainSet.contains(domain) { return nil }
    if let fix = typos[domain] { return fix }
    var best: String?
    for known in knownDomains where abs(known.count - domain.count) <= 1 {
      if StringDistance.damerauLevenshtein(domain, known, limit: 1) == 1 {
        if best != nil { return nil }  // ambiguous: two providers one edit away
        best = known
      }
    }
    return best
  }

  /// The matching key: the address without a `+tag`, and without dots for Gmail, which ignores them.
  public static func key(_ email: String) -> String {
    var key: [UInt8] = []
    email.withUTF8Bytes { appendKey(of: $0, to: &key) }
    return String(decoding: key, as: UTF8.self)
  }

  /// Appends ``key(_:)`` of an address given as bytes ('@', '+' and '.' are ASCII, so they never
  /// split a character): the key is built for every address of every record.
  static func appendKey(of email: UnsafeBufferPointer<UInt8>, to key: inout [UInt8]) {
    guard let at = email.lastIndex(of: UInt8(ascii: "@")) else { return key.append(contentsOf: email) }
    var local = email[..<at]
    let domain = UnsafeBufferPointer(rebasing: email[(at + 1)...])
    if let plus = local.firstIndex(of: UInt8(ascii: "+")), plus != local.startIndex { local = local[..<plus] }
    let isGmail = domain.elementsEqual("gmail.com".utf8) || domain.elementsEqual("googlemail.com".utf8)
    key.reserveCapacity(key.count + email.count)
    if isGmail {
      for byte in local where byte != UInt8(ascii: ".") { key.append(byte) }
      key.append(contentsOf: "@gmail.com".utf8)
    } else {
      key.append(contentsOf: UnsafeBufferPointer(rebasing: local))
      key.append(UInt8(ascii: "@"))
      key.append(contentsOf: domain)
    }
  }
}
