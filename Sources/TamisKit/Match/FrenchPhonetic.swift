/// A phonetic key for French surnames, so that blocking puts "Lefèvre", "Lefebvre" and
/// "Lefeuvre" together. A simplification of the French Soundex/Phonex family: folded letters,
/// common spellings of one sound merged, silent endings dropped, doubled letters collapsed,
/// vowels after the first letter dropped.
public enum FrenchPhonetic {
  /// - Complexity: O(n) in the name's length.
  public static func key(_ text: String) -> String {
    var letters: [UInt8] = []
    letters.reserveCapacity(text.utf8.count)
    for b in TextFolding.key(text).utf8 where b >= 0x61 && b <= 0x7A { letters.append(b) }
    guard !letters.isEmpty else { return "" }
    // A final x is silent in French (Rousseaux, Desmarais-Giroux).
    while letters.count > 2, letters.last == 0x78 { letters.removeLast() }
    var sounds: [UInt8] = []
    sounds.reserveCapacity(letters.count)
    var i = 0
    func at(_ k: Int) -> UInt8 { k < letters.count ? letters[k] : 0 }
    while i < letters.count {
      let c = letters[i], n = at(i + 1), nn = at(i + 2)
      switch c {
      case 0x65 where n == 0x61 && nn == 0x75: sounds.append(0x6F); i += 3; continue   // eau → o
      case 0x61 where n == 0x75: sounds.append(0x6F); i += 2; continue                 // au → o
      case 0x70 where n == 0x68: sounds.append(0x66); i += 2; continue                 // ph → f
      case 0x71 where n == 0x75: sounds.append(0x6B); i += 2; continue                 // qu → k
      case 0x63 where n == 0x6B: sounds.append(0x6B); i += 2; continue                 // ck → k
      case 0x67 where n == 0x75: sounds.append(0x67); i += 2; continue                 // gu → g
      case 0x74 where n == 0x68: sounds.append(0x74); i += 2; continue                 // th → t
      case 0x63: sounds.append(n == 0x65 || n == 0x69 || n == 0x79 ? 0x73 : 0x6B)      // ce ci cy → s, c → k
      case 0x67: sounds.append(n == 0x65 || n == 0x69 || n == 0x79 ? 0x6A : 0x67)      // ge gi gy → j
      case 0x71: sounds.append(0x6B)
      case 0x77: sounds.append(0x76)                                                  // w → v
      case 0x7A: sounds.append(0x73)                                                  // z → s
      case 0x78: sounds.append(0x6B); sounds.append(0x73)                             // x → ks
      case 0x79: sounds.append(0x69)                                                  // y → i
      case 0x68: break                                                                // h is silent
      case 0x62 where n == 0x76, 0x66 where n == 0x76: break                          // bv, fv → v
      default: sounds.append(c)
      }
      i += 1
    }
    // Silent endings: s, t, x, d, z, p, e.
    while sounds.count > 2, let last = sounds.last, [0x73, 0x74, 0x78, 0x64, 0x7A, 0x70, 0x65].contains(last) { sounds.removeLast() }
    var out: [UInt8] = []
    for (index, c) in sounds.enumerated() {
      if out.last == c { continue }
      let isVowel = c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75
      if index > 0 && isVowel { continue }
      out.append(c)
    }
    return String(decoding: out, as: UTF8.self)
  }
}
