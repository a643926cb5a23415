/// Names for display and for matching: spaces collapsed, proper case that respects French
/// particles (de, du, des, d'), hyphenated and compound names, McX and O'X.
///
/// A name already in mixed case is trusted (DeVito stays DeVito); a name in one case, or with
/// a word in capitals, is re-cased. The result is a fixed point: normalising it again changes nothing.
public enum NameNormaliser {
  static let particles: Set<String> = ["de", "du", "des", "d", "van", "von", "der", "den", "di", "da", "del", "dos", "das", "y", "e"]
  /// Particles that stay lower-case only after another particle ("de la Tour", but "La Rochelle").
  static let articles: Set<String> = ["la", "le", "les"]

  /// Spaces trimmed and runs of white space collapsed to one space.
  public static func collapse(_ text: String) -> String {
    // Fast path: text with single inner spaces needs nothing. Unicode's other white space
    // (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F, U+3000) starts with
    // byte C2, E1, E2 or E3: such text takes the slow path; other letters (é is C3 A9) do not.
    var clean = true
    var previousSpace = true
    for b in text.utf8 {
      if b >= 0x80 {
        if b == 0xC2 || (b >= 0xE1 && b <= 0xE3) { clean = false; break }
        previousSpace = false
        continue
      }
      let space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
      if space && (previousSpace || b != 0x20) { clean = false; break }
      previousSpace = space
    }
    if clean && (!previousSpace || text.isEmpty) { return text }
    return collapseInFull(text)
  }

  /// What ``collapse(_:)`` does to text its fast path does not take, scalar by scalar.
  static func collapseInFull(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      if scalar.properties.isWhitespace {
        pendingSpace = !out.isEmpty
      } else {
        if pendingSpace { out.append(" ") }
        pendingSpace = false
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// The display form of a first or last name.
  public static func display(_ raw: String) -> String {
    let text = collapse(raw).trimmingSeparators()
    guard needsRecasing(text) else { return text }
    return recase(text)
  }

  /// The matching key: folded, punctuation to spaces, apostrophes removed.
  public static func key(_ text: String) -> String {
    // On the folded key's bytes: every byte of a non-ASCII character is ≥ 0x80 and so a
    // separator, as the character is.
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var pendingSpace = false
    for byte in TextFolding.key(text).utf8 {
      if (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
        if pendingSpace && !out.isEmpty { out.append(0x20) }
        pendingSpace = false
        out.append(byte)
      } else if byte != UInt8(ascii: "'") {
        pendingSpace = true
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func needsRecasing(_ text: String) -> Bool {
    var hasUpper = false, hasLower = false
    for character in text where character.isLetter {
      if character.isUppercase { hasUpper = true } else if character.isLowercase { hasLower = true }
    }
    if !(hasUpper && hasLower) { return true }
    // A word in capitals ("Jean DUPONT") or a word that starts lower-case and is no particle.
    for word in text.split(whereSeparator: { $0 == " " || $0 == "-" }) {
      let letters = word.filter(\.isLetter)
      if letters.count >= 2 && letters.allSatisfy(\.isUppercase) && !isMcName(word) { return true }
      if let first = word.first, first.isLowercase {
        let lower = word.lowercased()
        let head = lower.split(separator: "'").first.map(String.init) ?? lower
        if !particles.contains(lower) && !articles.contains(lower) && !particles.contains(head) { return true }
      }
    }
    return false
  }

  private static func isMcName(_ word: Substring) -> Bool { word.hasPrefix("Mc") }

  static func recase(_ text: String) -> String {
    var result = ""
    var previousWasParticle = false
    var wordIndex = 0
    // Words split on spaces; hyphenated parts each take a capital.
    for (index, word) in text.lowercased().split(separator: " ").enumerated() {
      if index > 0 { result.append(" ") }
      let lower = String(word)
      if wordIndex > 0 && particles.contains(lower) {
        result += lower
        previousWasParticle = true
      } else if wordIndex > 0 && previousWasParticle && articles.contains(lower) {
        result += lower
      } else if wordIndex > 0 && lower.hasPrefix("d'") && lower.count > 2 {
        result += "d'" + capitalisePart(String(lower.dropFirst(2)))
        previousWasParticle = false
      } else {
        result += lower.split(separator: "-", omittingEmptySubsequences: false).map { capitalisePart(String($0)) }.joined(separator: "-")
        previousWasParticle = false
      }
      wordIndex += 1
    }
    return result
  }

  /// "o'brien" → "O'Brien", "mcdonald" → "McDonald", "élodie" → "Élodie".
  static func capitalisePart(_ part: String) -> String {
    guard let first = part.first else { return part }
    if part.contains("'") {
      return part.split(separator: "'", omittingEmptySubsequences: false).map { capitalisePart(String($0)) }.joined(separator: "'")
    }
    if part.hasPrefix("mc") && part.count > 3 {
      return "Mc" + capitalisePart(String(part.dropFirst(2)))
    }
    return first.uppercased() + part.dropFirst()
  }
}

extension String {
  /// Without leading or trailing spaces, commas and semicolons.
  func trimmingSeparators() -> String {
    // One test for bytes and characters: a separator followed by a combining mark is one
    // character with no ASCII value, and stays.
    let isSeparator = { (byte: UInt8?) in byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: " ") }
    guard isSeparator(utf8.first) || isSeparator(utf8.last) else { return self }
    var text = Substring(self)
    while isSeparator(text.last?.asciiValue) { text = text.dropLast() }
    while isSeparator(text.first?.asciiValue) { text = text.dropFirst() }
    return String(text)
  }
}
