import Foundation

/// A growable buffer of output bytes. Reports append millions of short strings; an array's
/// append re-checks uniqueness and capacity through generic code each time, this buffer cannot
/// be shared (it cannot be copied), so an append is a capacity test and a copy.
public struct OutputBytes: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  public private(set) var count = 0
  private var capacity: Int

  public init(capacity: Int = 256) {
    self.capacity = max(capacity, 16)
    base = .allocate(capacity: self.capacity)
  }

  /// A buffer on memory from `pool` when it has some, else new.
  public init(capacity: Int, reusing pool: ByteBlock.Pool?) {
    if let (memory, size) = pool?.take() {
      base = memory
      self.capacity = size
    } else {
      self.capacity = max(capacity, 16)
      base = .allocate(capacity: self.capacity)
    }
  }

  deinit { base.deallocate() }

  /// The bytes as a block that can cross threads, without copying them.
  public consuming func block() -> ByteBlock {
    let block = ByteBlock(base: base, count: count, capacity: capacity)
    discard self
    return block
  }

  @inline(__always)
  public mutating func append(_ byte: UInt8) {
    if count == capacity { grow(to: count + 1) }
    base[count] = byte
    count += 1
  }

  @inline(__always)
  public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress else { return }
    if count + bytes.count > capacity { grow(to: count + bytes.count) }
    (base + count).update(from: source, count: bytes.count)
    count += bytes.count
  }

  public mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append($0) }
  }

  /// Disfavoured so that a literal is appended as a `StaticString`, without a string's checks.
  @_disfavoredOverload
  public mutating func append(_ text: String) {
    text.withUTF8Bytes { append($0) }
  }

  public mutating func append(_ text: StaticString) {
    append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// `"key":` for a key known when compiling (ASCII, nothing to escape), with one check of the
  /// room left: written for every member of every line.
  mutating func appendQuotedKey(_ key: StaticString) {
    let length = key.utf8CodeUnitCount
    if count + length + 3 > capacity { grow(to: count + length + 3) }
    let start = base + count
    start[0] = UInt8(ascii: "\"")
    let source = key.utf8Start
    for index in 0..<length { start[1 + index] = source[index] }  // a few bytes: no call to memmove
    start[length + 1] = UInt8(ascii: "\"")
    start[length + 2] = UInt8(ascii: ":")
    count += length + 3
  }

  /// Drops the bytes past the first `count`.
  public mutating func truncate(to count: Int) {
    self.count = min(max(count, 0), self.count)
  }

  private mutating func grow(to minimum: Int) {
    let grown = max(capacity * 2, minimum)
    let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
    moved.update(from: base, count: count)
    base.deallocate()
    base = moved
    capacity = grown
  }

  /// The bytes written so far.
  public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  /// A copy of the bytes written so far, as an array.
  public var array: [UInt8] { withBytes { Array($0) } }
}

/// Rendered bytes handed from the worker that rendered them to the thread that writes them;
/// its memory then goes back to a ``Pool``: a batch's megabytes of fresh memory would otherwise
/// be faulted in and zeroed page by page, for every batch.
public final class ByteBlock: @unchecked Sendable {
  private var base: UnsafeMutablePointer<UInt8>?
  public let count: Int
  private let capacity: Int

  fileprivate init(base: UnsafeMutablePointer<UInt8>, count: Int, capacity: Int) {
    self.base = base
    self.count = count
    self.capacity = capacity
  }

  deinit { base?.deallocate() }

  /// The bytes (none once the block went back to its pool).
  public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    try body(UnsafeBufferPointer(start: base, count: base == nil ? 0 : count))
  }

  public var array: [UInt8] { withBytes { Array($0) } }

  /// Memory of written blocks, for the next ones; a few blocks at most are kept.
  public final class Pool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [(memory: UnsafeMutablePointer<UInt8>, capacity: Int)] = []
    private let limit: Int

    public init(limit: Int = 16) { self.limit = limit }

    deinit { for block in free { block.memory.deallocate() } }

    func take() -> (UnsafeMutablePointer<UInt8>, Int)? {
      lock.lock()
      defer { lock.unlock() }
      return free.popLast()
    }

    /// Takes the block's memory back; the block is empty from then on.
    public func recycle(_ block: ByteBlock) {
      guard let memory = block.base else { return }
      block.base = nil
      lock.lock()
      defer { lock.unlock() }
      if free.count < limit { free.append((memory, block.capacity)) } else { memory.deallocate() }
    }
  }
}
