/// The UTF-8 bytes of a record's values, one after the other, with an append that costs a
/// capacity test and a copy: records are built a value at a time, millions per run, and an
/// array's generic append costs some hundred instructions a call.
///
/// A value type like an array: copies share their bytes until one of them appends.
struct ByteText: Hashable, @unchecked Sendable {
  /// Owns the bytes; never written once another copy holds it.
  private final class Storage: ManagedBuffer<Void, UInt8> {}

  private var storage: Storage?
  /// The bytes' address and room, kept beside their owner: reading them takes no reference count.
  private var base: UnsafeMutablePointer<UInt8>?
  private var capacity = 0
  private(set) var count = 0

  init() {}

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    append(contentsOf: bytes)
  }

  init(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { append(contentsOf: $0) }
  }

  var isEmpty: Bool { count == 0 }

  @inline(__always)
  mutating func append(contentsOf bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
    let end = count + bytes.count
    if end > capacity || !isKnownUniquelyReferenced(&storage) { grow(to: end) }
    base.map { ($0 + count).update(from: source, count: bytes.count) }
    count = end
  }

  mutating func append(_ byte: UInt8) {
    withUnsafePointer(to: byte) { append(contentsOf: UnsafeBufferPointer(start: $0, count: 1)) }
  }

  mutating func append(_ string: String) {
    string.withUTF8Bytes { append(contentsOf: $0) }
  }

  mutating func reserveCapacity(_ minimum: Int) {
    if minimum > capacity || !isKnownUniquelyReferenced(&storage) { grow(to: max(minimum, count)) }
  }

  mutating func removeAll(keepingCapacity keep: Bool = false) {
    if !keep || !isKnownUniquelyReferenced(&storage) { self = ByteText() }
    count = 0
  }

  /// Moves the bytes to storage of their own with room for `minimum` (and more, to grow by doubling).
  private mutating func grow(to minimum: Int) {
    let size = Swift.max(minimum, 2 * capacity, 16)
    let grown = unsafeDowncast(Storage.create(minimumCapacity: size) { _ in }, to: Storage.self)  // made by the subclass
    let address = grown.withUnsafeMutablePointerToElements { $0 }  // stays valid while `grown` lives, as `storage`
    if let base, count > 0 { address.update(from: base, count: count) }
    storage = grown
    base = address
    capacity = size
  }

  func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  var array: [UInt8] { withUnsafeBufferPointer { Array($0) } }

  static func == (a: ByteText, b: ByteText) -> Bool {
    a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.hasSameBytes(as: y) } }
  }

  func hash(into hasher: inout Hasher) {
    withUnsafeBufferPointer { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}
