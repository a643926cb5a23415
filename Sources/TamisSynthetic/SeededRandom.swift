/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so that the
/// synthetic data (and every figure measured on it) is the same on every machine.
public struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  public mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

  public mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

  public mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

  /// An index drawn with a Zipf-like skew (rank r with weight 1/(r+1)^0.9): a few surnames
  /// (Martin, Bernard) are very common, most are rare, as in France.
  public mutating func skewed(_ count: Int, table: [Double]) -> Int {
    let u = Double.random(in: 0..<1, using: &self) * (table.last ?? 1)
    var lo = 0, hi = count - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if table[mid] < u { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  public static func cumulativeZipf(_ count: Int, exponent: Double = 0.9) -> [Double] {
    var total = 0.0
    return (0..<count).map { rank in
      total += 1 / pow(Double(rank + 1), exponent)
      return total
    }
  }
}

import Foundation
