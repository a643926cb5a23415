import Foundation

/// A table from UTF-8 strings to what normalising them gave, keyed by their bytes.
///
/// Faster than a `[String: Value]` (no Unicode normalisation to hash or compare accented
/// text) and stricter: "é" and "e" + U+0301 are different originals and keep their own
/// outcomes, whichever a worker happened to see first.
struct ByteMemo<Value> {
  private struct Entry {
    var start: Int32
    var count: Int32
  }

  private var bytes: [UInt8] = []
  private var entries: [Entry] = []
  private var values: [Value] = []
  /// Per slot, the high half of the key's hash (which also chose its first slot) and its entry's
  /// index + 1 in the low half (0: an empty slot): a probe compares hashes without touching the
  /// entries. A power of two long, at most half full.
  private var slots: [UInt64] = Array(repeating: 0, count: 256)

  var count: Int { entries.count }

  /// Eight bytes at a time (keys are hashed once per value read: a byte loop cost ~5
  /// instructions a byte), each word multiplied in, then mixed so that every bit counts.
  static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    let count = key.count
    var hash: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(truncatingIfNeeded: count)
    @inline(__always) func add(_ word: UInt64) {
      hash = (hash ^ word) &* 0xff51_afd7_ed55_8ccd
      hash ^= hash >> 32
    }
    if let base = UnsafeRawPointer(key.baseAddress) {
      if count >= 8 {
        var offset = 0
        while offset + 8 <= count {
          add(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
          offset += 8
        }
        // The last bytes as the word that ends the key (overlapping the one before).
        if offset < count { add(base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) }
      } else {
        var word: UInt64 = 0
        for index in 0..<count { word |= UInt64(key[index]) << (8 * UInt64(index)) }
        add(word)
      }
    }
    hash = (hash ^ (hash >> 29)) &* 0xbf58_476d_1ce4_e5b9
    return hash ^ (hash >> 32)
  }

  /// The index of `key`'s value, if known.
  func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
    slots.withUnsafeBufferPointer { slots in
      let mask = slots.count - 1
      let tag = hash >> 32
      var slot = Int(truncatingIfNeeded: tag) & mask
      while slots[slot] != 0 {
        if slots[slot] >> 32 == tag {
          let index = Int(slots[slot] & 0xFFFF_FFFF) - 1
          let entry = entries[index]
          if Int(entry.count) == key.count && bytes.withUnsafeBufferPointer({ bytes in
            key.isEmpty || memcmp(bytes.baseAddress! + Int(entry.start), key.baseAddress!, key.count) == 0
          }) {
            return index
          }
        }
        slot = (slot + 1) & mask
      }
      return nil
    }
  }

  /// Adds `key` (not yet known) and returns its value's index.
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, value: Value) -> Int {
    if (entries.count + 1) * 2 > slots.count { grow() }
    let start = Int32(bytes.count)
    bytes.append(contentsOf: key)
    entries.append(Entry(start: start, count: Int32(key.count)))
    values.append(value)
    place(entries.count - 1, hash: hash)
    return entries.count - 1
  }

  /// Calls `body` with the value at `index`, borrowed (a copy would count references).
  func withValue<Result>(at index: Int, _ body: (borrowing Value) -> Result) -> Result {
    values.withUnsafeBufferPointer { body($0[index]) }
  }

  mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
    entries.removeAll(keepingCapacity: true)
    values.removeAll(keepingCapacity: true)
    for index in slots.indices { slots[index] = 0 }
  }

  private mutating func place(_ index: Int, hash: UInt64) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash >> 32) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = (hash >> 32) << 32 | UInt64(index + 1)
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: 0, count: slots.count * 2)
    let mask = slots.count - 1
    for tagged in old where tagged != 0 {
      // A key's first slot comes from the high half of its hash, which the slot keeps.
      var slot = Int(truncatingIfNeeded: tagged >> 32) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = tagged
    }
  }
}
