import Foundation

/// Work split over every core in contiguous chunks whose results are concatenated in order, so
/// that the outcome does not depend on the number of cores.
public enum Parallel {
  public static func map<T>(_ count: Int, minimumChunk: Int = 1000, _ body: (Range<Int>) -> [T]) -> [T] {
    guard count > 0 else { return [] }
    let (workers, chunk) = split(count, minimumChunk: minimumChunk)
    var parts = [[T]](repeating: [], count: workers)
    parts.withUnsafeMutableBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let start = worker * chunk, end = min(count, start + chunk)
        guard start < end else { return }
        (base + worker).pointee = body(start..<end)
      }
    }
    return parts.count == 1 ? parts[0] : parts.flatMap { $0 }
  }

  /// Runs `body` on contiguous chunks of `0..<count`, one per core, for work that writes its
  /// results in place.
  public static func forEachChunk(_ count: Int, minimumChunk: Int = 1000, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let (workers, chunk) = split(count, minimumChunk: minimumChunk)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      let start = worker * chunk, end = min(count, start + chunk)
      if start < end { body(start..<end) }
    }
  }

  /// One chunk per core, but none smaller than `minimumChunk` (threads cost more than tiny work).
  private static func split(_ count: Int, minimumChunk: Int) -> (workers: Int, chunk: Int) {
    let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / minimumChunk))
    return (workers, (count + workers - 1) / workers)
  }
}

/// A value computed on another thread while the caller goes on; reading it waits for it.
final class Background<Value>: @unchecked Sendable {
  private let group = DispatchGroup()
  private var result: Value?

  init(_ work: @escaping @Sendable () -> Value) {
    DispatchQueue.global().async(group: group) { self.result = work() }
  }

  var value: Value? {
    group.wait()
    return result
  }
}
