/// Street lines, postal codes and cities: display values trimmed and collapsed; matching keys
/// folded with street-type abbreviations expanded (bd → boulevard, av → avenue, r. → rue …).
public enum AddressNormaliser {
  static let streetTypes: [String: String] = [
    "bd": "boulevard", "bld": "boulevard", "blvd": "boulevard", "boul": "boulevard", "av": "avenue", "ave": "avenue",
    "avn": "avenue", "r": "rue", "ch": "chemin", "chem": "chemin", "che": "chemin", "pl": "place", "imp": "impasse",
    "rte": "route", "rt": "route", "all": "allee", "sq": "square", "crs": "cours", "fbg": "faubourg", "fg": "faubourg",
    "qu": "quai", "qai": "quai", "res": "residence", "resid": "residence", "lot": "lotissement", "lotiss": "lotissement",
    "pass": "passage", "pas": "passage", "prom": "promenade", "ham": "hameau", "carr": "carrefour", "car": "carrefour",
    "rpt": "rond point", "st": "saint", "ste": "sainte", "mte": "montee", "sen": "sentier",
    "vla": "villa", "cite": "cite", "zi": "zone industrielle", "za": "zone artisanale", "zac": "zone d amenagement concerte",
    "bat": "batiment", "bt": "batiment", "esc": "escalier", "apt": "appartement", "appt": "appartement", "etg": "etage",
    "dr": "docteur", "gal": "general", "gen": "general", "mal": "marechal", "pdt": "president", "prof": "professeur",
    "str": "strasse", "rd": "road",
  ]
  /// The abbreviations by their bytes packed in an integer (none is longer than 8 bytes), with
  /// their expansions' bytes: looked up for every word of every street line.
  static let packedStreetTypes: [UInt64: [UInt8]] = Dictionary(uniqueKeysWithValues: streetTypes.map { abbreviation, expansion in
    (Array(abbreviation.utf8).withUnsafeBufferPointer(pack), Array(expansion.utf8))
  })

  /// Up to 8 bytes as one integer, 0 for more (no abbreviation is empty).
  static func pack(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard word.count <= 8 else { return 0 }
    var packed: UInt64 = 0
    for byte in word { packed = packed << 8 | UInt64(byte) }
    return packed
  }

  /// Display form of a street line: spaces collapsed, nothing else changed.
  public static func streetDisplay(_ raw: String) -> String {
    NameNormaliser.collapse(raw).trimmingSeparators()
  }

  /// Matching key of a street line: folded, punctuation removed, abbreviations expanded,
  /// "bis"/"ter" kept with their number.
  public static func streetKey(_ text: String) -> String {
    // The key is ASCII letters and digits separated by single spaces.
    let key = NameNormaliser.keyBytes(text)
    var out: [UInt8] = []
    out.reserveCapacity(key.count + 16)
    key.withUnsafeBufferPointer { key in
      var start = 0
      while start < key.count {
        var end = start
        while end < key.count && key[end] != 0x20 { end += 1 }
        let word = UnsafeBufferPointer(rebasing: key[start..<end])
        if !out.isEmpty { out.append(0x20) }
        if word[0] >= UInt8(ascii: "a"), let expanded = packedStreetTypes[pack(word)] {
          out.append(contentsOf: expanded)
        } else {
          out.append(contentsOf: word)
        }
        start = end + 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// A postal code and whether it was a CEDEX one; nil when it is not a valid French code
  /// (for France) — other countries' codes are upper-cased and kept.
  public static func postalCode(_ raw: String, country: String?) -> (value: String, isCedex: Bool)? {
    var text = TextFolding.key(raw)
    var isCedex = false
    if let range = text.range(of: "cedex") {
      isCedex = true
      text = String(text[..<range.lowerBound])
    }
    let isFrench = country == nil || country == "FR" || ["MC", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"].contains(country ?? "")
    guard isFrench else {
      let kept = NameNormaliser.collapse(raw).uppercased()
      return kept.isEmpty ? nil : (kept, false)
    }
    var digits = text.filter { !$0.isWhitespace }
    if digits.hasPrefix("f-") || digits.hasPrefix("fr-") { digits = String(digits.drop(while: { $0 != "-" }).dropFirst()) }
    guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    if digits.count == 4 { digits = "0" + digits }  // a spreadsheet dropped the leading zero (01000 → 1000)
    guard digits.count == 5 else { return nil }
    let department = Int(digits.prefix(2)) ?? 0
    guard (1...95).contains(department) || department == 97 || department == 98 || digits.hasPrefix("20") else { return nil }
    return (digits, isCedex)
  }

  /// City for display: "SAINT-ETIENNE CEDEX 2" → "Saint-Etienne"; particles stay lower-case.
  public static func cityDisplay(_ raw: String) -> String {
    var text = NameNormaliser.collapse(raw).trimmingSeparators()
    if let range = text.range(of: " cedex", options: [.caseInsensitive]) { text = String(text[..<range.lowerBound]) }
    guard NameNormaliser.needsRecasing(text) else { return text }
    return text.lowercased().split(separator: " ").enumerated().map { index, word in
      word.split(separator: "-", omittingEmptySubsequences: false).enumerated().map { part, piece in
        let lower = String(piece)
        if (index > 0 || part > 0) && cityParticles.contains(lower) { return lower }
        return NameNormaliser.capitalisePart(lower)
      }.joined(separator: "-")
    }.joined(separator: " ")
  }

  static let cityParticles: Set<String> = ["en", "sur", "sous", "les", "lès", "lez", "de", "du", "des", "la", "le", "aux", "au", "et", "d", "l"]

  /// City key: folded, saint/sainte spelt out, CEDEX and arrondissement numbers dropped.
  public static func cityKey(_ text: String) -> String {
    var words = NameNormaliser.key(text).split(separator: " ").map(String.init)
    if let cedex = words.firstIndex(of: "cedex") { words.removeSubrange(cedex...) }
    return words.map { $0 == "st" ? "saint" : ($0 == "ste" ? "sainte" : $0) }.joined(separator: " ")
  }
}
