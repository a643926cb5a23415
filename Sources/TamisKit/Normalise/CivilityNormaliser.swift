/// Civility to one spelling: M. / Mr / Monsieur → M; Mme / Madame / Mlle → Mme (since 2012 French
/// administrations no longer use "Mademoiselle"); Dr, Pr and Me kept as titles.
public enum CivilityNormaliser {
  static let table: [String: String] = {
    var table: [String: String] = [:]
    for word in ["m", "mr", "mister", "monsieur", "mssr", "msieur", "sir", "homme", "h", "masculin", "male", "man", "mrs m", "herr", "sr", "senor"] {
      table[word] = "M"
    }
    for word in ["mme", "madame", "mlle", "mademoiselle", "melle", "mrs", "ms", "miss", "femme", "f", "feminin", "female", "woman",
                 "mde", "frau", "sra", "senora", "md"] {
      table[word] = "Mme"
    }
    for word in ["dr", "docteur", "doctor"] { table[word] = "Dr" }
    for word in ["pr", "professeur", "prof", "professor"] { table[word] = "Pr" }
    for word in ["me", "maitre"] { table[word] = "Me" }
    return table
  }()

  /// The canonical civility, or nil when the text is not one.
  public static func normalise(_ raw: String) -> String? {
    table[NameNormaliser.key(raw)]
  }
}
