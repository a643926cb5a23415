import Foundation

/// Country names and codes, in French or English (or as German, Spanish, Italian, Dutch and Portuguese
/// exports write them: "Deutschland", "España"), to ISO 3166-1 alpha-2.
///
/// Names come from the platform's locale data (ICU) for those languages, plus alpha-3 codes
/// and everyday forms ("Angleterre", "USA") that locale data does not list.
public enum CountryNormaliser {
  static let table: [String: String] = {
    var table: [String: String] = [:]
    let codes = Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) }
    // French and English last, so that their names win where another language's name collides.
    let locales = ["pt_PT", "nl_NL", "it_IT", "es_ES", "de_DE", "en_US", "fr_FR"].map(Locale.init(identifier:))
    for code in codes {
      table[code.lowercased()] = code
      for locale in locales {
        if let name = locale.localizedString(forRegionCode: code) { table[NameNormaliser.key(name)] = code }
      }
    }
    let extra: [String: String] = [
      "fra": "FR", "france metropolitaine": "FR", "metropole": "FR", "republique francaise": "FR", "fr fr": "FR",
      "bel": "BE", "che": "CH", "deu": "DE", "esp": "ES", "ita": "IT", "gbr": "GB", "usa": "US", "can": "CA", "lux": "LU",
      "prt": "PT", "nld": "NL", "mar": "MA", "dza": "DZ", "tun": "TN", "mco": "MC", "aut": "AT", "irl": "IE", "pol": "PL",
      "angleterre": "GB", "england": "GB", "ecosse": "GB", "scotland": "GB", "pays de galles": "GB", "wales": "GB",
      "grande bretagne": "GB", "great britain": "GB", "uk": "GB", "u k": "GB", "royaume uni": "GB", "united kingdom": "GB",
      "us": "US", "u s a": "US", "etats unis": "US", "etats unis d amerique": "US", "united states": "US",
      "united states of america": "US", "america": "US", "amerique": "US", "hollande": "NL", "holland": "NL",
      "pays bas": "NL", "the netherlands": "NL", "suisse": "CH", "switzerland": "CH", "allemagne": "DE", "germany": "DE",
      "belgique": "BE", "belgium": "BE", "espagne": "ES", "spain": "ES", "italie": "IT", "italy": "IT",
      "la reunion": "RE", "reunion": "RE", "ile de la reunion": "RE", "guyane francaise": "GF", "guyane": "GF",
      "cote d ivoire": "CI", "ivory coast": "CI", "coree du sud": "KR", "south korea": "KR", "russie": "RU", "russia": "RU",
    ]
    for (name, code) in extra { table[name] = code }
    return table
  }()

  /// The alpha-2 code, or nil when the text names no country Tamis knows.
  public static func normalise(_ raw: String) -> String? {
    let key = NameNormaliser.key(raw)
    if key.isEmpty { return nil }
    return table[key]
  }
}
