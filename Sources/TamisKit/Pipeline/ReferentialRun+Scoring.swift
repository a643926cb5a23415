import Foundation

extension ReferentialRun {
  /// Runs `body` over `count` items split in one chunk per core, keeping results in order.
  static func parallel<T>(_ count: Int, minimumChunk: Int = 1000, _ body: (Range<Int>) -> [T]) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / minimumChunk))
    let chunk = (count + workers - 1) / workers
    var parts = [[T]](repeating: [], count: workers)
    parts.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let start = worker * chunk, end = min(count, start + chunk)
        guard start < end else { return }
        (base + worker).pointee = body(start..<end)
      }
    }
    return parts.flatMap { $0 }
  }

  /// The comparison levels of every pair, flat (pair k's levels at k·c ..< (k+1)·c), and whether
  /// each pair's names matched in swapped order.
  static func levels(_ pairs: [(a: Int, b: Int, rule: Int)], records: [MatchRecord], scorer: Scorer) -> ([UInt8], [Bool]) {
    let results: [([UInt8], Bool)] = parallel(pairs.count) { range in
      range.map { k in
        let (levels, swapped) = scorer.levels(records[pairs[k].a], records[pairs[k].b])
        return (levels.map { UInt8($0) }, swapped)
      }
    }
    var flat: [UInt8] = []
    flat.reserveCapacity(pairs.count * scorer.model.comparisons.count)
    for result in results { flat.append(contentsOf: result.0) }
    return (flat, results.map(\.1))
  }

  static func score(_ pairs: [(a: Int, b: Int, rule: Int)], levels: [UInt8], swapped: [Bool], comparisons: Int,
                    records: [MatchRecord], scorer: Scorer) -> [ScoredPair] {
    parallel(pairs.count) { range in
      range.map { k in
        let pair = pairs[k]
        let pattern = (0..<comparisons).map { Int(levels[k * comparisons + $0]) }
        return scorer.score(pair.a, pair.b, levels: pattern, swapped: swapped[k], records: records, rule: pair.rule)
      }
    }
  }
}
