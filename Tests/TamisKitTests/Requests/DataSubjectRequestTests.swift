import Testing
@testable import TamisKit

@Suite struct DataSubjectRequestTests {
  /// One month from receipt in calendar months: the same day, or the month's last day (RGPD art. 12(3)).
  @Test(arguments: [("2026-01-31", "2026-02-28"), ("2026-03-15", "2026-04-15"), ("2028-01-31", "2028-02-29"), ("2026-12-31", "2027-01-31"),
                    ("2026-08-30", "2026-09-30")])
  func oneMonthFromReceipt(received: String, due: String) {
    #expect(DataSubjectRequest(reference: "R", type: .access, received: CivilDate(iso: received)!).due == CivilDate(iso: due))
  }

  @Test func anExtensionIsTwoMoreMonthsOnceAndOnlyWhenToldWithinTheFirstMonth() {
    var request = DataSubjectRequest(reference: "R", type: .erasure, received: CivilDate(iso: "2026-01-31")!)
    #expect(request.canExtend(notifiedOn: CivilDate(iso: "2026-02-28")!))
    #expect(!request.canExtend(notifiedOn: CivilDate(iso: "2026-03-01")!), "past the first month")
    request.notified = CivilDate(iso: "2026-02-10")
    request.extensionReason = "complex"
    #expect(request.due == CivilDate(iso: "2026-04-30"))
    #expect(!request.canExtend(notifiedOn: CivilDate(iso: "2026-02-11")!), "once")
  }

  @Test func lateMeansOpenAndPastTheDeadline() {
    var request = DataSubjectRequest(reference: "R", type: .access, received: CivilDate(iso: "2026-10-15")!)
    #expect(!request.isLate(on: CivilDate(iso: "2026-11-15")!) && request.isLate(on: CivilDate(iso: "2026-11-16")!))
    request.status = .done
    #expect(!request.isLate(on: CivilDate(iso: "2026-12-16")!))
  }
}
