import Foundation
import PropertyBased
import Testing
@testable import TamisKit

@Suite struct MerkleTreeTests {
  /// Certificate Transparency's test leaves and the roots of their first n (RFC 6962 trees).
  static let leaves: [[UInt8]] = [[], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
                                  Array(0x50...0x57), Array(0x60...0x6F)]
  static let roots = ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"]

  @Test func rootsAreCertificateTransparencys() {
    let hashes = Self.leaves.map(MerkleTree.leafHash)
    for n in 1...8 {
      #expect(FileDigest.hex(MerkleTree.root(hashes.prefix(n))) == Self.roots[n - 1], "\(n) leaves")
      var accumulator = MerkleTree.Accumulator()
      for hash in hashes.prefix(n) { accumulator.append(hash) }
      #expect(FileDigest.hex(accumulator.root) == Self.roots[n - 1], "streamed, \(n) leaves")
    }
    #expect(FileDigest.hex(MerkleTree.Accumulator().root) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  /// Any leaf of any tree is proved by its audit path, and only at its own index.
  @Test func everyLeafHasAnInclusionProof() async {
    await propertyCheck(input: Gen.int(in: 1...70)) { size in
      let hashes = (0..<size).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), 1]) }
      var accumulator = MerkleTree.Accumulator()
      for hash in hashes { accumulator.append(hash) }
      let root = MerkleTree.root(hashes[...])
      #expect(accumulator.root == root)
      for index in 0..<size {
        let proof = MerkleTree.inclusionProof(index: index, hashes[...])
        #expect(MerkleTree.verifyInclusion(index: index, size: size, leafHash: hashes[index], proof: proof, root: root))
        if size > 1 {
          #expect(!MerkleTree.verifyInclusion(index: (index + 1) % size, size: size, leafHash: hashes[index], proof: proof, root: root))
        }
      }
    }
  }
}
