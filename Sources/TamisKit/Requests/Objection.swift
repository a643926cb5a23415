import GRDB

extension RequestsRegister {
  /// What an objection did.
  public struct ObjectionOutcome: Sendable {
    public var golden: String
    public var purposes: [String]
    public var consentEvents: Int
    public var suppressionEntries: Int
  }

  /// Honours an objection to direct marketing on one channel (RGPD art. 21, at any time and
  /// without reason): a withdrawal of every purpose of the channel for each of the person's
  /// records, and their emails or numbers on a suppression list for that channel only, in one
  /// transaction that also marks the request done. - Throws: `StoreError`, `RequestsError`.
  public func object(_ person: PersonQuery, channel: ContactChannel, request reference: String, rules: ConsentRules,
                     on day: CivilDate) throws -> ObjectionOutcome {
    let golden = try store.golden(of: person)
    _ = try check(reference, type: .objection, golden: golden)
    let plan = try planErasure(of: .golden(golden))
    let purposes = rules.purposes.filter { $0.channel == channel }.map(\.name)
    let consentHasher = try store.hasher("consent_hmac"), suppressionHasher = try store.hasher("suppression_hmac")
    var events: [(event: ConsentEvent, subjectHash: String, digest: String)] = []
    for member in plan.members {
      for purpose in purposes {
        let event = ConsentEvent(subject: .record(member.reference), purpose: purpose, decision: .withdrawn, givenAt: "\(day)T00:00:00Z",
                                 channel: channel.rawValue, proof: ConsentProof(method: "objection_request", evidence: "request \(reference)"))
        let hash = consentHasher.hash(event.subject.key)
        events.append((event, hash, event.digest(subjectHash: hash)))
      }
    }
    let values: [String] = switch channel {
    case .email: plan.members.flatMap(\.match.emails).map { "email:" + $0 }
    case .sms, .phone: plan.members.flatMap(\.match.phones).map { "phone:" + $0 }
    case .post: []
    }
    let hashes = Array(Set(values.map(suppressionHasher.hash))).sorted()
    var added = 0
    try store.appendingAudit(actor: actor, kind: "objected", payload: [("request", reference), ("channel", channel.rawValue),
                                                                       ("purposes", purposes.joined(separator: " "))]) { writer, sequence in
      try writer.appendConsentEvents(events, at: AuditLog.now(), auditSequence: sequence)
      added = try writer.addSuppressions(hashes, channel: channel == .email ? "email" : "phone", list: "objection:" + reference, at: day.description)
      try writer.completeRequest(reference, on: day)
    }
    return ObjectionOutcome(golden: golden, purposes: purposes, consentEvents: events.count, suppressionEntries: added)
  }
}
