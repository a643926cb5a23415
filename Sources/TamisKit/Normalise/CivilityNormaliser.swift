/// Civility to one spelling: M. / Mr / Monsieur → M; Mme / Madame / Mlle → Mme (since 2012 French
/// administrations no longer use "Mademoiselle"); Dr, Pr and Me kept as titles. German, Spanish, Italian,
/// Dutch and Portuguese forms (Herr, Sra., Sig.ra, Dhr., Mevr., Senhora) fold to the same.
public enum CivilityNormaliser {
  static let table: [String: String] = {
    var table: [String: String] = [:]
    for word in ["m", "mr", "mister", "monsieur", "mssr", "msieur", "sir", "homme", "h", "masculin", "male", "man", "mrs m", "herr", "herrn", "sr", "senor",
                 "don", "sig", "signor", "signore", "dhr", "de heer", "heer", "senhor"] {
      table[word] = "M"
    }
    for word in ["mme", "madame", "mlle", "mademoiselle", "melle", "mrs", "ms", "miss", "femme", "f", "feminin", "female", "woman",
                 "mde", "frau", "sra", "senora", "md",
                 "srta", "senorita", "dona", "sig ra", "sigra", "signora", "sig na", "signa", "signorina", "mevr", "mevrouw", "mw",
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
}
