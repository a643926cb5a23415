import Foundation

/// Accent and case folding for matching keys: "Élodie" and "ELODIE" share the key "elodie".
///
/// Display values keep their accents; only keys are folded. The fast path handles ASCII and
/// Latin-1/Latin Extended-A letters by table; anything else goes through Foundation's folding.
public enum TextFolding {
  /// Lower-case, accents removed, ligatures expanded (œ → oe, ß → ss).
  public static func key(_ text: String) -> String {
    var out: [UInt8] = []
    guard fold(text, into: &out) else { return foldInFull(text) }
    return String(decoding: out, as: UTF8.self)
  }

  /// Appends the key of `text` to `out` when the table knows every character (false, with
  /// `out` partly written, when it does not: then ``key(_:)`` goes through Foundation).
  static func fold(_ text: String, into out: inout [UInt8]) -> Bool {
    out.reserveCapacity(out.count + text.utf8.count)
    let latin = latinRange
    for scalar in text.unicodeScalars {
      let v = scalar.value
      if v < 0x80 {
        out.append(UInt8(truncatingIfNeeded: v >= 0x41 && v <= 0x5A ? v + 32 : v))
      } else if v >= 0xA0 && v < 0x180, let folded = latin[Int(v - 0xA0)] {
        out.append(contentsOf: folded)
      } else if let folded = latinFold[v] {
        out.append(contentsOf: folded.utf8)
      } else if v >= 0x300 && v <= 0x36F {
        continue  // combining accent of a decomposed letter
      } else {
        return false
      }
    }
    return true
  }

  static func foldInFull(_ text: String) -> String {
    text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
  }

  /// Only letters and digits of the key, for comparing "Jean-Pierre" with "jean pierre".
  public static func compactKey(_ text: String) -> String {
    String(String.UnicodeScalarView(key(text).unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
  }

  /// `latinFold` for U+00A0–U+017F as an array (the letters of French and its neighbours),
  /// read on every key.
  private static let latinRange: [[UInt8]?] = (0xA0..<0x180).map { latinFold[UInt32($0)].map { Array($0.utf8) } }

  private static let latinFold: [UInt32: String] = {
    var table: [UInt32: String] = [:]
    let groups: [(String, String)] = [
      ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđ", "d"),
      ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"), ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"),
      ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"), ("ĹĺĻļĽľĿŀŁł", "l"),
      ("ÑñŃńŅņŇň", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
      ("ŚśŜŝŞşŠš", "s"), ("ŢţŤťŦŧ", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"), ("Ŵŵ", "w"),
      ("ÝýÿŶŷŸ", "y"), ("ŹźŻżŽž", "z"),
    ]
    for (letters, base) in groups {
      for scalar in letters.unicodeScalars { table[scalar.value] = base }
    }
    for (letter, folded) in [("Æ", "ae"), ("æ", "ae"), ("Œ", "oe"), ("œ", "oe"), ("ß", "ss"),
                             ("Þ", "th"), ("þ", "th"), ("Ð", "d"), ("ð", "d")] {
      table[letter.unicodeScalars.first!.value] = folded
    }
    // Typographic apostrophes and dashes fold to their ASCII forms.
    for scalar in "’‘ʼ`´".unicodeScalars { table[scalar.value] = "'" }
    for scalar in "‐‑‒–—".unicodeScalars { table[scalar.value] = "-" }
    table[0xA0] = " "
    return table
  }()
}
