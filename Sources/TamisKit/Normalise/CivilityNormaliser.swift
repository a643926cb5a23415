/// Civility to one spelling: M. / Mr / Monsieur → M; Mme / Madame / Mlle → Mme (since 2012 French
/// administrations no longer use "Mademoiselle"); Dr, Pr and Me kept as titles. German, Spanish, Italian,
/// Dutch and Portuguese forms (Herr, Sra., Sig.ra, Dhr., Mevr., Senhora) fold to the same.
public enum CivilityNormaliser {
  static let table: [String: String] = {
    var table: [String: String] = [:]
    for word in ["m", "mr", "mister", "monsieur", "mssr", "msieur", "sir", "homme", "h", "masculin", "male", "man", "mrs m", "herr", "herrn", "sr", "senor",
                 "sig", "signor", "signore", "dhr", "de heer", "senhor"] {
      table[word] = "M"
    }
    for word in ["mme", "madame", "mlle", "mademoiselle", "melle", "mrs", "ms", "miss", "femme", "f", "feminin", "female", "woman",
                 "mde", "frau", "sra", "senora", "md",
                 "srta", "senorita", "sig ra", "sigra", "signora", "sig na", "signorina", "mevr", "mevrouw", "mw",
                 "senhora"] {
      table[word] = "Mme"
    }
    for word in ["dr", "docteur", "doctor", "dott", "dottore", "dott ssa", "dottssa", "dottoressa"] { table[word] = "Dr" }
    for word in ["pr", "professeur", "prof", "professor"] { table[word] = "Pr" }
    for word in ["me", "maitre"] { table[word] = "Me" }
    return table
  }()

  /// The canonical civility, or nil when the text is not one.
  public static func normalise(_ raw: String) -> String? {
    table[NameNormaliser.key(raw)]
  }

  /// A civility typed before a name ("M. Jean", "Mme DUPONT", "Dr Jean-Pierre") and the name after
  /// it; nil when the first word is none, or is the whole text. A bare letter ("M Jean", "H")
  /// counts only when `initials` allows it: in a first-name field it is more likely an initial.
  public static func leading(_ text: String, initials: Bool) -> (civility: String, rest: Substring)? {
    guard let space = text.utf8.firstIndex(of: 0x20) else { return nil }
    let word = text[..<space], rest = text[text.index(after: space)...].drop(while: { $0 == " " })
    guard !rest.isEmpty, word.count <= 12, initials || word.count > 1,
          let civility = normalise(String(word)) else { return nil }
    return (civility, rest)
  }
}
