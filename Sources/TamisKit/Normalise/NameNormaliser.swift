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
    String(decoding: keyBytes(text), as: UTF8.self)
  }

  /// ``key(_:)`` as UTF-8 (always ASCII: lower-case letters and digits, single spaces).
  static func keyBytes(_ text: String) -> [UInt8] {
    var folded: [UInt8] = []
    if !TextFolding.fold(text, into: &folded) { folded = Array(TextFolding.foldInFull(text).utf8) }
    // In place, on the folded bytes: every byte of a non-ASCII character is ≥ 0x80 and so a
    // separator, as the character is; the key is never longer than the folded text.
    var count = 0
    var pendingSpace = false
    folded.withUnsafeMutableBufferPointer { bytes in
      for index in bytes.indices {
        let byte = bytes[index]
        if (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
          if pendingSpace && count > 0 {
            bytes[count] = 0x20
            count += 1
          }
          pendingSpace = false
          bytes[count] = byte
          count += 1
        } else if byte != UInt8(ascii: "'") {
          pendingSpace = true
        }
      }
    }
    folded.removeSubrange(count...)
    return folded
  }

  static func needsRecasing(_ text: String) -> Bool {
    if let answer = text.withUTF8Bytes({ needsRecasingLatin($0) }) { return answer }
    return needsRecasingInFull(text)
  }

  /// ``needsRecasingInFull(_:)`` on bytes, for text of ASCII and Latin-1 letters (the names of
  /// French and its neighbours, precomposed); nil for any other text. A test checks they agree.
  static func needsRecasingLatin(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    // Each character as (is a letter, is upper-case, is lower-case), or nil outside the range.
    func kind(at index: Int) -> (letter: Bool, upper: Bool, lower: Bool, width: Int)? {
      let byte = bytes[index]
      if byte < 0x80 {
        let upper = byte >= 0x41 && byte <= 0x5A, lower = byte >= 0x61 && byte <= 0x7A
        return (upper || lower, upper, lower, 1)
      }
      guard byte == 0xC3, index + 1 < bytes.count else { return nil }
      let next = bytes[index + 1]
      guard next >= 0x80 && next <= 0xBF else { return nil }
      if next == 0x97 || next == 0xB7 { return (false, false, false, 2) }  // × ÷
      let upper = next <= 0x9E
      return (true, upper, !upper, 2)
    }
    // The bytes in `range` lower-cased, or nil when they are not all ASCII.
    func lowerASCII(_ range: Range<Int>) -> String? {
      var lower = ""
      for index in range {
        let byte = bytes[index]
        guard byte < 0x80 else { return nil }
        lower.append(Character(UnicodeScalar(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)))
      }
      return lower
    }
    // A combining mark would join the character before it: such text takes the full path.
    var hasUpper = false, hasLower = false
    var index = 0
    while index < bytes.count {
      guard let k = kind(at: index) else { return nil }
      if k.upper { hasUpper = true } else if k.lower { hasLower = true }
      index += k.width
    }
    if !(hasUpper && hasLower) { return true }
    // Words split on spaces, hyphens and apostrophes ("d'ARTAGNAN" has a word in capitals).
    var start = 0
    while start <= bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != 0x20 && bytes[end] != 0x2D && bytes[end] != 0x27 { end += 1 }
      if end > start {
        var letters = 0, allUpper = true
        var position = start
        while position < end {
          guard let k = kind(at: position) else { return nil }
          if k.letter {
            letters += 1
            if !k.upper { allUpper = false }
          }
          position += k.width
        }
        let isMcName = end - start >= 2 && bytes[start] == UInt8(ascii: "M") && bytes[start + 1] == UInt8(ascii: "c")
        if letters >= 2 && allUpper && !isMcName { return true }
        if let first = kind(at: start), first.lower {
          // Particles are ASCII: a word with other letters is none.
          let isParticle = lowerASCII(start..<end).map { particles.contains($0) || articles.contains($0) } ?? false
          if !isParticle { return true }
        }
      }
      start = end + 1
    }
    return false
  }

  static func needsRecasingInFull(_ text: String) -> Bool {
    var hasUpper = false, hasLower = false
    for character in text where character.isLetter {
      if character.isUppercase { hasUpper = true } else if character.isLowercase { hasLower = true }
    }
    if !(hasUpper && hasLower) { return true }
    // A word in capitals ("Jean DUPONT", "d'ARTAGNAN") or a word that starts lower-case and is no particle.
    for word in text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "'" || $0 == "\u{2019}" }) {
      let letters = word.filter(\.isLetter)
      if letters.count >= 2 && letters.allSatisfy(\.isUppercase) && !isMcName(word) { return true }
      if let first = word.first, first.isLowercase {
        let lower = word.lowercased()
        if !particles.contains(lower) && !articles.contains(lower) { return true }
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
      } else if wordIndex > 0 && (lower.hasPrefix("d'") || lower.hasPrefix("d\u{2019}")) && lower.count > 2 {
        result += String(lower.prefix(2)) + capitalisePart(String(lower.dropFirst(2)))
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
