/// Splits a full name when an export has no separate first and last names.
///
/// French exports often write the surname in capitals first ("DUPONT Jean") or with a comma
/// ("Dupont, Jean"); otherwise the first word is the first name and the rest the surname, so
/// that particles stay with it ("Jean de La Fontaine").
public enum FullNameSplitter {
  public struct Parts: Hashable, Sendable {
    public var civility: String?
    public var firstName: String?
    public var lastName: String?
  }

  public static func split(_ raw: String) -> Parts {
    var text = NameNormaliser.collapse(raw)
    var parts = Parts()
    // A leading civility: "M. Jean Dupont", "Mme DUPONT".
    if let (civility, rest) = CivilityNormaliser.leading(text, initials: true) {
      parts.civility = civility
      text = String(rest)
    }
    if let comma = text.firstIndex(of: ",") {
      parts.lastName = String(text[..<comma]).trimmingSeparators()
      let first = String(text[text.index(after: comma)...]).trimmingSeparators()
      parts.firstName = first.isEmpty ? nil : first
      return parts
    }
    let words = text.split(separator: " ").map(String.init)
    guard words.count > 1 else {
      parts.lastName = words.first
      return parts
    }
    let isCapitals = { (word: String) -> Bool in
      let letters = word.filter(\.isLetter)
      return letters.count >= 2 && letters.allSatisfy(\.isUppercase)
    }
    let capitals = words.map(isCapitals)
    // "DUPONT Jean" or "DE LA FONTAINE Jean": capitals first, then mixed case.
    if capitals.contains(false) && capitals.contains(true) {
      if capitals.first == true {
        let count = capitals.prefix(while: { $0 }).count
        parts.lastName = words[..<count].joined(separator: " ")
        parts.firstName = words[count...].joined(separator: " ")
        return parts
      }
      if capitals.last == true {  // "Jean DUPONT"
        let count = capitals.reversed().prefix(while: { $0 }).count
        parts.firstName = words[..<(words.count - count)].joined(separator: " ")
        parts.lastName = words[(words.count - count)...].joined(separator: " ")
        return parts
      }
    }
    parts.firstName = words[0]
    parts.lastName = words[1...].joined(separator: " ")
    return parts
  }
}
