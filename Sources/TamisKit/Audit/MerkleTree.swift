import Crypto

/// Merkle tree hashes as Certificate Transparency defines them (RFC 6962 §2.1, RFC 9162 §2.1):
/// a leaf hashes as SHA-256(0x00 ‖ data), a node as SHA-256(0x01 ‖ left ‖ right), and a tree of
/// n leaves splits at the largest power of two below n. A run's per-record audit entries are
/// committed under one root, so the chain holds one event a run and any entry stays provable.
public enum MerkleTree {
  public static func leafHash(_ data: [UInt8]) -> [UInt8] {
    var hasher = SHA256()
    hasher.update(data: [0])
    hasher.update(data: data)
    return Array(hasher.finalize())
  }

  public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
    var hasher = SHA256()
    hasher.update(data: [1])
    hasher.update(data: left)
    hasher.update(data: right)
    return Array(hasher.finalize())
  }

  /// The hash of an empty tree: SHA-256 of nothing.
  public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

  /// The root of `leafHashes`, by the RFC's recursive definition.
  public static func root(_ leafHashes: ArraySlice<[UInt8]>) -> [UInt8] {
    switch leafHashes.count {
    case 0: return emptyRoot
    case 1: return leafHashes[leafHashes.startIndex]
    default:
      let split = leafHashes.startIndex + largestPowerOfTwo(below: leafHashes.count)
      return nodeHash(root(leafHashes[..<split]), root(leafHashes[split...]))
    }
  }

  /// The audit path of leaf `index` (RFC 9162 §2.1.3.1): the sibling hashes from the leaf up.
  public static func inclusionProof(index: Int, _ leafHashes: ArraySlice<[UInt8]>) -> [[UInt8]] {
    guard leafHashes.count > 1 else { return [] }
    let split = largestPowerOfTwo(below: leafHashes.count)
    let start = leafHashes.startIndex
    if index < split {
      return inclusionProof(index: index, leafHashes[start..<(start + split)]) + [root(leafHashes[(start + split)...])]
    }
    return inclusionProof(index: index - split, leafHashes[(start + split)...]) + [root(leafHashes[start..<(start + split)])]
  }

  /// Whether `proof` shows that `leafHash` is leaf `index` of a tree of `size` leaves with this
  /// `root` (RFC 9162 §2.1.3.2).
  public static func verifyInclusion(index: Int, size: Int, leafHash: [UInt8], proof: [[UInt8]], root: [UInt8]) -> Bool {
    guard index < size else { return false }
    var fn = index, sn = size - 1
    var r = leafHash
    for p in proof {
      if sn == 0 { return false }
      if fn & 1 == 1 || fn == sn {
        r = nodeHash(p, r)
        if fn & 1 == 0 {
          while fn & 1 == 0 && fn != 0 {
            fn >>= 1
            sn >>= 1
          }
        }
      } else {
        r = nodeHash(r, p)
      }
      fn >>= 1
      sn >>= 1
    }
    return sn == 0 && r == root
  }

  static func largestPowerOfTwo(below n: Int) -> Int {
    var k = 1
    while k << 1 < n { k <<= 1 }
    return k
  }

  /// The root of leaves appended one at a time, in memory proportional to log n: the complete
  /// subtrees seen so far, largest first, folded right to left at the end (the same tree as the
  /// recursive definition, since its left parts are the largest complete subtrees).
  public struct Accumulator: Sendable {
    private var stack: [(size: Int, hash: [UInt8])] = []
    public private(set) var count = 0

    public init() {}

    public mutating func append(_ leafHash: [UInt8]) {
      var node = (size: 1, hash: leafHash)
      while let last = stack.last, last.size == node.size {
        stack.removeLast()
        node = (last.size * 2, MerkleTree.nodeHash(last.hash, node.hash))
      }
      stack.append(node)
      count += 1
    }

    public var root: [UInt8] {
      guard var result = stack.last?.hash else { return MerkleTree.emptyRoot }
      for node in stack.dropLast().reversed() { result = MerkleTree.nodeHash(node.hash, result) }
      return result
    }
  }
}
