import PropertyBased
import Testing
@testable import TamisKit

@Suite struct ByteTextTests {
  /// Appends, copies, reservations and clearings give the bytes an array would hold, and a copy
  /// never sees what is appended to another after it was made (copy on write).
  @Test func behavesLikeAnArrayOfBytes() async {
    let steps = Gen<Int>.int(in: 0...6).array(of: 1...40)
    let sizes = Gen<Int>.int(in: 0...40).array(of: 40...40)
    await propertyCheck(count: 300, input: steps, sizes) { steps, sizes in
      var text = ByteText(), model: [UInt8] = []
      var copies: [(ByteText, [UInt8])] = []
      for (step, size) in zip(steps, sizes) {
        switch step {
        case 0, 1:
          let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ model.count) }
          bytes.withUnsafeBufferPointer { text.append(contentsOf: $0) }
          model += bytes
        case 2: copies.append((text, model))
        case 3:
          text.reserveCapacity(size * 4)
        case 4:
          text.removeAll(keepingCapacity: size % 2 == 0)
          model.removeAll()
        case 5 where !copies.isEmpty:
          // The copy shares its bytes with the text: appending to it must not write over the text's.
          let bytes = (0..<size).map { UInt8(truncatingIfNeeded: 200 &+ $0) }
          bytes.withUnsafeBufferPointer { copies[copies.count - 1].0.append(contentsOf: $0) }
          copies[copies.count - 1].1 += bytes
        default:
          text.append(UInt8(size))
          model.append(UInt8(size))
        }
        #expect(text.array == model)
        #expect(text.count == model.count)
      }
      for (copy, expected) in copies { #expect(copy.array == expected) }
      #expect(ByteText(model) == text)
      #expect(ByteText(model).hashValue == text.hashValue)
    }
  }
}
