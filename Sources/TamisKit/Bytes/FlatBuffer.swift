/// Plain values (bytes, ranges) one after the other, with an append that costs a capacity test
/// and a copy, and a read that counts no reference: records are built a value at a time and read
/// in place, millions of times per run, where an array's generic append costs some hundred
/// instructions and lending its storage across a call retains and releases it.
///
/// A value type like an array: copies share their elements until one of them changes.
struct FlatBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
  /// Owns the elements; never written once another copy holds it.
  private final class Storage: ManagedBuffer<Void, Element> {}

  private var storage: Storage?
  /// The elements' address and room, kept beside their owner: reading them takes no reference count.
  private var base: UnsafeMutablePointer<Element>?
  private var capacity = 0
  private(set) var count = 0

  init() {}

  init(_ elements: UnsafeBufferPointer<Element>) {
    append(contentsOf: elements)
  }

  init(_ elements: [Element]) {
    elements.withUnsafeBufferPointer { append(contentsOf: $0) }
  }

  var isEmpty: Bool { count == 0 }

  @inline(__always)
  mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
    guard let source = elements.baseAddress, !elements.isEmpty else { return }
    let end = count + elements.count
    if end > capacity || !isKnownUniquelyReferenced(&storage) { grow(to: end) }
    base.map { ($0 + count).initialize(from: source, count: elements.count) }
    count = end
  }

  @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity || !isKnownUniquelyReferenced(&storage) { grow(to: count + 1) }
    base.map { ($0 + count).initialize(to: element) }
    count += 1
  }

  mutating func reserveCapacity(_ minimum: Int) {
    if minimum > capacity || !isKnownUniquelyReferenced(&storage) { grow(to: max(minimum, count)) }
  }

  mutating func removeAll(keepingCapacity keep: Bool = false) {
    if !keep || !isKnownUniquelyReferenced(&storage) { self = FlatBuffer() }
    count = 0
  }

  /// Moves the elements to storage of their own with room for `minimum` (and more, to grow by doubling).
  private mutating func grow(to minimum: Int) {
    let size = Swift.max(minimum, 2 * capacity, 16)
    let grown = unsafeDowncast(Storage.create(minimumCapacity: size) { _ in }, to: Storage.self)  // made by the subclass
    // The elements live inside the object, which never moves: their address holds while `storage` does.
    let address = grown.withUnsafeMutablePointerToElements { $0 }
    if let base, count > 0 { address.initialize(from: base, count: count) }
    storage = grown
    base = address
    capacity = size
  }

  subscript(index: Int) -> Element {
    precondition(index >= 0 && index < count, "index out of range")
    return base.unsafelyUnwrapped[index]
  }

  func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  var array: [Element] { withUnsafeBufferPointer { Array($0) } }
}

extension FlatBuffer: Equatable where Element: Equatable {
  static func == (a: FlatBuffer, b: FlatBuffer) -> Bool {
    a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.elementsEqual(y) } }
  }
}

extension FlatBuffer: Hashable where Element: Hashable {
  func hash(into hasher: inout Hasher) {
    hasher.combine(count)
    withUnsafeBufferPointer { for element in $0 { hasher.combine(element) } }
  }
}

/// The UTF-8 bytes of a record's values, one after the other.
typealias ByteText = FlatBuffer<UInt8>

extension FlatBuffer where Element == UInt8 {
  mutating func append(_ string: String) {
    string.withUTF8Bytes { append(contentsOf: $0) }
  }
}

/// Strings kept as UTF-8 one after the other and numbered in the order added, lent as bytes
/// without counting a reference: names read for every value of every record (column names,
/// field keys).
struct FlatStrings {
  private var bytes = ByteText()
  /// Where each string begins, and where the last one ends.
  private var starts = FlatBuffer<Int>([0])

  var count: Int { starts.count - 1 }

  mutating func append(utf8: UnsafeBufferPointer<UInt8>) {
    bytes.append(contentsOf: utf8)
    starts.append(bytes.count)
  }

  mutating func append(_ string: String) {
    string.withUTF8Bytes { append(utf8: $0) }
  }

  /// Calls `body` with the bytes of string `index`.
  func withUTF8<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    let start = starts[index], end = starts[index + 1]
    return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
  }

  /// The length in bytes of string `index`.
  func utf8Count(_ index: Int) -> Int { starts[index + 1] - starts[index] }
}
