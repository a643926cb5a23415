import Foundation
import Testing
@testable import TamisKit

/// The register follows a person through merges: a request outlives the golden id it was filed under.
@Suite struct RequestsRegisterTests {
  static let people: [(id: String, dates: ReferenceDates)] = [
    ("G1", ReferenceDates(customerStatus: "prospect", createdAt: "2024-01-01")),
    ("G2", ReferenceDates(customerStatus: "customer", createdAt: "2024-02-01")),
    ("G3", ReferenceDates(customerStatus: "customer", createdAt: "2024-03-01")),
  ]

  @Test func aRequestFiledBeforeAMergeIsHonouredAfterIt() throws {
    let register = try RequestsRegister(storePath: try RetentionApplyTests.store(Self.people), actor: "t", writing: true)
    let day = CivilDate(iso: "2026-12-01")!
    _ = try register.add(type: .erasure, received: day, person: .golden("G1"), reference: "R-1")
    _ = try register.add(type: .access, received: day, person: .golden("G3"), reference: "R-3")
    try register.store.write { writer in
      try writer.moveRecords(from: "G1", to: "G2")
      try writer.markMerged("G1", into: "G2", runId: "R000001")
    }
    #expect(try register.add(type: .erasure, received: day, person: .email("p0@example.fr"), reference: "R-1").reference == "R-1",
            "the same request, whoever it is filed under now")
    #expect(throws: RequestsError.self) { try register.check("R-3", type: .access, golden: "G2") }
    let plan = try register.planErasure(of: .golden("G1"))
    #expect(plan.golden == "G2" && plan.retiredGoldens == ["G1"])
    let report = try register.erase(plan, request: "R-1", on: day)
    #expect(report.goldenRecords == 2 && report.sourceRecords == 2)
    #expect(try register.list().first { $0.reference == "R-1" }?.status == .done)
  }
}
