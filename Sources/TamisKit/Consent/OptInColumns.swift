import Foundation

/// The opt-in columns of ordinary exports (`opt_in_email` … and their dates) as consent events:
/// the person is the source record, the date the opt-in's own (else the record's creation), and
/// the proof only "column X of file F" — flagged as lacking proof of wording.
public enum OptInColumns {
  static let channels: [(field: ContactField, date: ContactField, channel: ContactChannel)] = [
    (.optInEmail, .optInEmailDate, .email), (.optInSMS, .optInSMSDate, .sms), (.optInPhone, .optInPhoneDate, .phone),
    (.optInPost, .optInPostDate, .post),
  ]

  /// The events a contact's opt-in columns say, each with the column it was read from (its
  /// evidence is added with ``evidence(column:file:sha256:)`` once the file's hash is known). An
  /// opt-in with no date at all is not guessed: it gives no event.
  public static func events(of contact: Contact, rules: ConsentRules) -> [(event: ConsentEvent, column: String)] {
    var events: [(event: ConsentEvent, column: String)] = []
    for (field, dateField, channel) in channels {
      guard let value = contact.first(field), value.isUsable, let purpose = rules.defaultPurpose(for: channel),
            let day = (contact.first(dateField) ?? contact.first(.createdAt)).flatMap({ CivilDate(iso: $0.value) }) else { continue }
      events.append((ConsentEvent(subject: .record(contact.source + ":" + contact.recordId), purpose: purpose,
                                  decision: value.value == "true" ? .granted : .refused, givenAt: "\(day)T00:00:00Z",
                                  sourceSystem: contact.source, proof: ConsentProof(method: "opt_in_column")), value.column))
    }
    return events
  }

  /// `column 'Optin email' of clients_crm.csv (SHA-256 9f2c…)`.
  public static func evidence(column: String, file: String, sha256: String?) -> String {
    "column '\(column)' of \((file as NSString).lastPathComponent) (SHA-256 \(sha256 ?? "unreadable"))"
  }
}
