import Foundation

/// Works on a producer's batches on several threads, a whole batch per worker, and hands the
/// results back in file order: while the caller writes batch n, the workers are already on the
/// next ones. At most `workers + 1` results wait, which keeps memory flat in the file's size.
final class BatchWorkers<Output>: @unchecked Sendable {
  private let producer: BatchProducer
  private let room: DispatchSemaphore
  private let workerCount: Int
  private let group = DispatchGroup()
  /// Guards taking a batch and numbering it, so that numbers follow file order.
  private let takeLock = NSLock()
  private var taken = 0
  private var doneTaking = false
  /// Guards the results and the end.
  private let condition = NSCondition()
  private var results: [Int: Output] = [:]
  private var delivered = 0
  private var end: Int?
  private var cancelled = false

  /// Starts `workers` threads; `work` gets the worker's number (for per-worker state) and a batch.
  init(workers: Int, producer: BatchProducer, work: @escaping (Int, BatchProducer.Batch) -> Output) {
    self.producer = producer
    workerCount = max(1, workers)
    room = DispatchSemaphore(value: workerCount + 1)
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

  private func work(as worker: Int, _ body: (Int, BatchProducer.Batch) -> Output) {
    while true {
      room.wait()
      takeLock.lock()
      guard !doneTaking, let batch = producer.next() else {
        if !doneTaking {
          doneTaking = true
          condition.lock()
          end = taken
          condition.broadcast()
          condition.unlock()
        }
        takeLock.unlock()
        room.signal()  // lets the next waiting worker see the end too
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
    condition.unlock()
    room.signal()
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
    for _ in 0..<workerCount { room.signal() }
    group.wait()
  }
}
