import Foundation

/// Accent and case folding for matching keys: "Élodie" and "ELODIE" share the key "elodie".
///
/// Display values keep their accents; only keys are folded. The fast path handles ASCII and
/// Latin-1/Latin Extended-A letters by table; anything else goes through Foundation's folding.
public enum TextFolding {
  /// Lower-case, accents removed, ligatures expanded (œ → oe, ß → ss).
  public static func key(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var needsFoundation = false
    for scalar in text.unicodeScalars {
      let v = scalar.value
      if v < 0x80 {
        out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 32)! : scalar)
      } else if let folded = latinFold[v] {
        out.append(contentsOf: folded.unicodeScalars)
      } else if v >= 0x300 && v <= 0x36F {
        continue  // combining accent of a decomposed letter
      } else {
        needsFoundation = true
        break
      }
    }
    if needsFoundation {
      return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        .lowercased()
    }
    return String(out)
  }

  /// Only letters and digits of the key, for comparing "Jean-Pierre" with "jean pierre".
  public static func compactKey(_ text: String) -> String {
    String(String.UnicodeScalarView(key(text).unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }))
  }

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
