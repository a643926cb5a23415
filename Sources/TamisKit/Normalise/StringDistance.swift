/// Edit distances on characters, shared by normalisation (typo detection) and matching.
public enum StringDistance {
  /// Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent
  /// transpositions). Stops early and returns `limit + 1` once the distance must exceed `limit`.
  /// - Complexity: O(n·m) in the lengths.
  public static func damerauLevenshtein(_ a: String, _ b: String, limit: Int = .max) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    if abs(x.count - y.count) > limit { return limit + 1 }
    var previous2 = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      var rowMinimum = current[0]
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
          value = min(value, previous2[j - 2] + 1)
        }
        current[j] = value
        rowMinimum = min(rowMinimum, value)
      }
      if rowMinimum > limit { return limit + 1 }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[y.count]
  }

  /// Jaro-Winkler similarity in [0, 1], with the usual prefix scale 0.1 over at most 4 characters.
  /// - Complexity: O(n·m) in the worst case, near-linear for short names.
  public static func jaroWinkler(_ a: String, _ b: String) -> Double {
    a.withUTF8Bytes { x in b.withUTF8Bytes { y in jaroWinkler(x, y) } }
  }

  public static func jaroWinkler(_ x: [UInt8], _ y: [UInt8]) -> Double {
    x.withUnsafeBufferPointer { xs in y.withUnsafeBufferPointer { ys in jaroWinkler(xs, ys) } }
  }

  /// - Complexity: O(n·m) in the worst case; no allocation for names up to 64 bytes.
  public static func jaroWinkler(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Double {
    if x.isEmpty && y.isEmpty { return 1 }
    if x.isEmpty || y.isEmpty { return 0 }
    if x.elementsEqual(y) { return 1 }
    let window = max(0, max(x.count, y.count) / 2 - 1)
    // Bit sets for names up to 64 bytes; arrays beyond.
    guard x.count <= 64 && y.count <= 64 else { return jaroWinklerLong(Array(x), Array(y), window: window) }
    var xMatched: UInt64 = 0, yMatched: UInt64 = 0
    var matches = 0
    for i in 0..<x.count {
      let lo = max(0, i - window), hi = min(y.count - 1, i + window)
      if lo > hi { continue }
      for j in lo...hi where yMatched & (1 << UInt64(j)) == 0 && x[i] == y[j] {
        xMatched |= 1 << UInt64(i)
        yMatched |= 1 << UInt64(j)
        matches += 1
        break
      }
    }
    if matches == 0 { return 0 }
    var transpositions = 0
    var k = 0
    for i in 0..<x.count where xMatched & (1 << UInt64(i)) != 0 {
      while yMatched & (1 << UInt64(k)) == 0 { k += 1 }
      if x[i] != y[k] { transpositions += 1 }
      k += 1
    }
    return winkler(matches: matches, transpositions: transpositions, x, y)
  }

  /// Jaro from the matching characters and transpositions, then Winkler's prefix bonus.
  private static func winkler<C: RandomAccessCollection>(matches: Int, transpositions: Int, _ x: C, _ y: C) -> Double
  where C.Element == UInt8, C.Index == Int {
    let m = Double(matches)
    let jaro = (m / Double(x.count) + m / Double(y.count) + (m - Double(transpositions / 2)) / m) / 3
    var prefix = 0
    while prefix < min(4, x.count, y.count) && x[x.startIndex + prefix] == y[y.startIndex + prefix] { prefix += 1 }
    return jaro + Double(prefix) * 0.1 * (1 - jaro)
  }

  private static func jaroWinklerLong(_ x: [UInt8], _ y: [UInt8], window: Int) -> Double {
    var xMatched = [Bool](repeating: false, count: x.count)
    var yMatched = [Bool](repeating: false, count: y.count)
    var matches = 0
    for i in 0..<x.count {
      let lo = max(0, i - window), hi = min(y.count - 1, i + window)
      if lo > hi { continue }
      for j in lo...hi where !yMatched[j] && x[i] == y[j] {
        xMatched[i] = true
        yMatched[j] = true
        matches += 1
        break
      }
    }
    if matches == 0 { return 0 }
    var transpositions = 0
    var k = 0
    for i in 0..<x.count where xMatched[i] {
      while !yMatched[k] { k += 1 }
      if x[i] != y[k] { transpositions += 1 }
      k += 1
    }
    return winkler(matches: matches, transpositions: transpositions, x, y)
  }

  /// Whether two strings are exactly one slip apart — one character replaced, added or dropped,
  /// or two neighbours swapped — as `damerauLevenshtein(a, b, limit: 1) == 1` says, without
  /// allocating on ASCII (a run asks it of every distinct name in its records).
  public static func isOneSlipApart(_ a: String, _ b: String) -> Bool {
    let fast = a.utf8.withContiguousStorageIfAvailable { x -> Bool? in
      let answer = b.utf8.withContiguousStorageIfAvailable { y -> Bool? in
        guard x.allSatisfy({ $0 < 0x80 }), y.allSatisfy({ $0 < 0x80 }) else { return nil }
        return abs(x.count - y.count) <= 1 && isOneSlipApart(x, y)
      }
      return answer ?? nil
    }
    if let known = fast ?? nil { return known }
    return damerauLevenshtein(a, b, limit: 1) == 1
  }

  private static func isOneSlipApart(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
    let (short, long) = x.count <= y.count ? (x, y) : (y, x)
    var i = 0
    while i < short.count && short[i] == long[i] { i += 1 }
    func same(_ from: Int, _ to: Int) -> Bool { short[from...].elementsEqual(long[to...]) }
    if short.count < long.count { return same(i, i + 1) }
    if i == short.count { return false }
    if same(i + 1, i + 1) { return true }
    return i + 1 < short.count && short[i] == long[i + 1] && short[i + 1] == long[i] && same(i + 2, i + 2)
  }
}
