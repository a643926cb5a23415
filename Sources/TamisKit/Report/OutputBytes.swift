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

  deinit { base.deallocate() }

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

  public mutating func append(_ text: String) {
    text.withUTF8Bytes { append($0) }
  }

  public mutating func append(_ text: StaticString) {
    append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
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
