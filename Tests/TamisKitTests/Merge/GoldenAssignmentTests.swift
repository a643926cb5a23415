import Foundation
import Testing
@testable import TamisKit

@Suite struct GoldenAssignmentTests {
  /// Records 0–2 were stored in G1, G1, G2; records 3 and 4 are new.
  let goldenOf = ["G00000001", "G00000001", "G00000002", "", ""]

  @Test func aClusterKeepsItsSmallestIdAndRetiresTheOthers() {
    // 0, 1, 2 and 3 now form one cluster (3 bridges G1 and G2); 4 is alone.
    let assignment = GoldenIdAssignment(clusters: [0: [0, 1, 2, 3], 4: [4]], goldenOf: goldenOf, changed: [], lastNumber: 2)
    #expect(assignment.idOf == [0: "G00000001", 4: "G00000003"])
    #expect(assignment.retired.map { [$0.old, $0.survivor] } == [["G00000002", "G00000001"]])
    #expect(assignment.created == ["G00000003"])
    #expect(assignment.lastNumber == 3)
  }

  /// A changed record that left its golden record does not take that id with it.
  @Test func aChangedRecordThatLeftDoesNotTakeItsId() {
    let assignment = GoldenIdAssignment(clusters: [1: [1]], goldenOf: goldenOf, changed: [1], lastNumber: 2)
    #expect(assignment.idOf == [1: "G00000003"])
    let left = GoldenIdAssignment.leftBehind(changed: [1], goldenBefore: goldenOf) { $0 == 1 ? "G00000003" : goldenOf[$0] }
    #expect(left.rebuilt.map(\.id) == ["G00000001"])
    #expect(left.rebuilt.first?.members == [0])
    #expect(left.emptied.isEmpty)
    // The last holder leaving: the golden record is retired into where it went.
    let alone = GoldenIdAssignment.leftBehind(changed: [2], goldenBefore: goldenOf) { $0 == 2 ? "G00000001" : goldenOf[$0] }
    #expect(alone.emptied.map { [$0.old, $0.survivor] } == [["G00000002", "G00000001"]])
  }

  @Test func idsAreAGAndEightDigits() {
    #expect(GoldenIdAssignment.id(1) == "G00000001")
    #expect(GoldenIdAssignment.id(123_456_789) == "G123456789")
  }

  /// Fresh views win over stored ones for the same record; stored views of other golden records'
  /// members are left out; the reference dates come from all members.
  @Test func theBuilderTakesFreshViewsFirstAndDatesFromAllMembers() throws {
    func view(_ id: String, _ name: String, contact: String, status: String) -> SurvivorView {
      var values = [[String]](repeating: [], count: ContactField.count)
      values[ContactField.firstName.index] = [name]
      values[ContactField.lastContactAt.index] = [contact]
      values[ContactField.createdAt.index] = [contact]
      values[ContactField.customerStatus.index] = [status]
      return SurvivorView(source: "crm", recordId: id, recency: contact, values: values)
    }
    let builder = GoldenBuilder(rules: SurvivorshipRules())
    let golden = try builder.build(id: "G00000001", members: ["crm:A", "crm:B"],
                                   fresh: [view("A", "Jean", contact: "2024-05-01", status: "customer")],
                                   stored: [view("A", "Old", contact: "2019-01-01", status: "prospect"),
                                            view("B", "Jean", contact: "2021-02-02", status: "prospect"),
                                            view("C", "Other", contact: "2025-01-01", status: "prospect")])
    #expect(golden.json.contains(#""members":["crm:A","crm:B"]"#))
    #expect(!golden.json.contains("Old") && !golden.json.contains("Other"))
    #expect(golden.dates == ReferenceDates(customerStatus: "customer", createdAt: "2021-02-02", lastContactAt: "2024-05-01"))
    #expect(throws: MergeError.self) { try builder.build(id: "G9", members: [], fresh: [], stored: []) }
  }
}
