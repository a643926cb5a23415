import Foundation

/// Reads and maps one input on its own thread, a batch ahead of normalisation, so that parsing
/// the file and normalising the previous batch overlap. At most `depth` batches wait, which
/// keeps memory flat in the file's size.
final class BatchProducer: @unchecked Sendable {
  struct Batch {
    var records: [MappedRecord]
    /// Bytes of the file read so far, for the progress line.
    var bytesRead: Int
  }

  private let condition = NSCondition()
  private var ready: [Batch] = []
  private var finished = false
  private var cancelled = false
  private let depth: Int
  /// The error that stopped reading early, if any (the records before it were delivered).
  private(set) var stopped: Error?

  init(reader: RecordReader, mapper: Mapper, batchSize: Int, depth: Int = 2) {
    self.depth = depth
    let thread = Thread { [self] in self.produce(reader: reader, mapper: mapper, batchSize: batchSize) }
    thread.stackSize = 4 << 20
    thread.start()
  }

  private func produce(reader: RecordReader, mapper: Mapper, batchSize: Int) {
    var batch: [MappedRecord] = []
    batch.reserveCapacity(batchSize)
    var error: Error?
    while true {
      var more = false
      do {
        more = try mapper.map(ifAny: reader.next(), into: &batch)
      } catch let failure {
        error = failure
      }
      if batch.count >= batchSize || (!more && !batch.isEmpty) {
        guard deliver(Batch(records: batch, bytesRead: reader.bytesRead)) else { break }
        batch = []
        batch.reserveCapacity(batchSize)
        mapper.beginBatch()
      }
      if !more { break }
    }
    condition.lock()
    stopped = error
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  /// False when the consumer has gone: reading stops.
  private func deliver(_ batch: Batch) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while ready.count >= depth && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    ready.append(batch)
    condition.broadcast()
    return true
  }

  /// Stops reading (the consumer failed); batches not taken are dropped.
  func cancel() {
    condition.lock()
    cancelled = true
    ready.removeAll()
    condition.broadcast()
    condition.unlock()
  }

  /// The next batch in file order, or nil once the file is read (then `stopped` is final) or
  /// reading was cancelled.
  func next() -> Batch? {
    condition.lock()
    defer { condition.unlock() }
    while ready.isEmpty && !finished && !cancelled { condition.wait() }
    guard !ready.isEmpty else { return nil }
    let batch = ready.removeFirst()
    condition.broadcast()
    return batch
  }
}
