/// Yes/no values as exports write them (oui/non, yes/no, 1/0, true/false, x, opt-in/opt-out; ja/nein, sí/no, sim/não).
public enum BooleanNormaliser {
  static let truthy: Set<String> = ["oui", "o", "yes", "y", "1", "true", "vrai", "v", "x", "ok", "opt in", "optin", "inscrit",
                                    "inscrite", "accepte", "acceptee", "abonne", "abonnee", "si", "ja", "on", "subscribed", "granted", "t",
                                    "sim", "wahr", "vero", "verdadero", "waar"]
  static let falsy: Set<String> = ["non", "n", "no", "0", "false", "faux", "f", "opt out", "optout", "desinscrit", "desinscrite",
                                   "refuse", "refusee", "desabonne", "desabonnee", "nein", "off", "unsubscribed", "denied", "revoked", "-",
                                   "nee", "nao", "falsch", "falso", "onwaar"]

  /// true, false, or nil when the text is neither.
  public static func normalise(_ raw: String) -> Bool? {
    let key = NameNormaliser.key(raw)
    if raw.trimmingCharacters(in: .whitespaces) == "-" { return false }
    if truthy.contains(key) { return true }
    if falsy.contains(key) { return false }
    return nil
  }
}
