import Foundation

/// Works on a producer's batches on several threads, a whole batch per worker, and hands the
/// results back in file order: while the caller writes batch n, the workers are already on the
/// next ones. At most `workers + 1` results wait, which keeps memory flat in the file's size.
final class BatchWorkers<Output>: @unchecked Sendable {
  private let producer: BatchProducer
  private let workerCount: Int
  private let group = DispatchGroup()
  /// Guards taking a batch and numbering it, so that numbers follow file order.
  private let takeLock = NSLock()
  private var taken = 0
  private var doneTaking = false
  /// Guards the results, the end and the room left. (Not a semaphore: libdispatch kills the
  /// process when one is freed below its starting count, as after a caller stopped early.)
  private let condition = NSCondition()
  /// Batches taken and not yet handed back: at most `workerCount + 1`.
  private var inFlight = 0
  private var results: [Int: Output] = [:]
  private var delivered = 0
  private var end: Int?
  private var cancelled = false

  /// Starts `workers` threads; `work` gets the worker's number (for per-worker state) and a batch.
  init(workers: Int, producer: BatchProducer, work: @escaping (Int, consuming BatchProducer.Batch) -> Output) {
    self.producer = producer
    workerCount = max(1, workers)
    for worker in 0..<workerCount {
      group.enter()
      let thread = Thread { [self] in
        defer { group.leave() }
        self.work(as: worker, work)
      }
      thread.stackSize = 4 << 20
      thread.start()
    }
  }

  private func work(as worker: Int, _ body: (Int, consuming BatchProducer.Batch) -> Output) {
    while true {
      condition.lock()
      while inFlight > workerCount && !cancelled { condition.wait() }
      guard !cancelled else {
        condition.unlock()
        return
      }
      inFlight += 1
      condition.unlock()
      takeLock.lock()
      guard !doneTaking, let batch = producer.next() else {
        doneTaking = true
        let count = taken
        takeLock.unlock()
        condition.lock()
        if end == nil { end = count }
        inFlight -= 1  // lets the next waiting worker see the end too
        condition.broadcast()
        condition.unlock()
        return
      }
      let number = taken
      taken += 1
      takeLock.unlock()
      let output = body(worker, batch)
      condition.lock()
      results[number] = output
      condition.broadcast()
      condition.unlock()
    }
  }

  /// The next result in file order, or nil once every batch was delivered (or on cancel).
  func next() -> Output? {
    condition.lock()
    while results[delivered] == nil && end != delivered && !cancelled { condition.wait() }
    guard !cancelled, let output = results.removeValue(forKey: delivered) else {
      condition.unlock()
      return nil
    }
    delivered += 1
    inFlight -= 1
    condition.broadcast()
    condition.unlock()
    return output
  }

  /// Stops the workers (the caller failed or finished) and waits for them: afterwards no worker
  /// touches the state `work` uses.
  func finish() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
    producer.cancel()
    takeLock.lock()
    doneTaking = true
    takeLock.unlock()
    group.wait()
  }
}
