import Foundation

/// `tamis consent status` as text or JSON: per purpose, the state and why, then the history.
public enum ConsentStatusText {
  /// Why a purpose has its state: the deciding event, or the absence of any.
  static func reason(_ state: ConsentState?) -> String {
    guard let state else { return "no consent event: the channel's rule applies (tamis contactable)" }
    let which = state.events > 1 ? "latest of \(state.events) events" : "only event"
    return "\(which), given \(state.deciding.givenAt)" + (state.hasConflict ? "; the events disagree (a refusal or withdrawal wins at equal time)" : "")
  }

  static func proof(_ event: ConsentEvent, rules: ConsentRules) -> String {
    var parts: [String] = []
    if let id = event.proof.noticeId {
      let notice = rules.notice(id: id, version: event.proof.noticeVersion)
      parts.append("notice \(id) v\(event.proof.noticeVersion ?? "?")" + (notice.map { " (sha256 \($0.sha256.prefix(16))…)" } ?? ""))
    } else {
      parts.append("no proof of wording")
    }
    if let method = event.proof.method { parts.append("method \(method)") }
    if let evidence = event.proof.evidence { parts.append("evidence \(evidence)") }
    return parts.joined(separator: ", ")
  }

  public static func text(_ consent: ConsentLedger.PersonConsent, rules: ConsentRules) -> String {
    var out = "golden record \(consent.golden)\n"
    for (purpose, state, history) in consent.purposes {
      out += "\n\(purpose): \(state?.decision.rawValue ?? "unknown") — \(reason(state))\n"
      for event in history {
        let origin = [event.channel.map { "channel \($0)" }, event.sourceSystem.map { "from \($0)" }, event.form.map { "form \($0)" },
                      event.campaign.map { "campaign \($0)" }].compactMap { $0 }.joined(separator: ", ")
        out += "  \(event.givenAt)  \(event.decision.rawValue)  basis \(event.legalBasis.rawValue)  by \(event.subject.kind)"
          + (origin.isEmpty ? "" : "  \(origin)") + "  \(proof(event, rules: rules))\n"
      }
    }
    return out
  }

  public static func json(_ consent: ConsentLedger.PersonConsent, rules: ConsentRules) -> String {
    var json = JSONText()
    json.beginObject()
    json.string("golden_id", consent.golden)
    json.beginArray("purposes")
    for (purpose, state, history) in consent.purposes {
      json.beginObject()
      json.string("purpose", purpose)
      json.string("state", state?.decision.rawValue ?? "unknown")
      json.string("reason", reason(state))
      json.beginArray("history")
      for event in history {
        json.beginObject()
        json.string("given_at", event.givenAt)
        json.string("decision", event.decision.rawValue)
        json.string("legal_basis", event.legalBasis.rawValue)
        json.string("subject_kind", event.subject.kind)
        for (key, value) in [("channel", event.channel), ("source_system", event.sourceSystem), ("form", event.form), ("campaign", event.campaign),
                             ("notice_id", event.proof.noticeId), ("notice_version", event.proof.noticeVersion),
                             ("notice_sha256", event.proof.noticeId.flatMap { rules.notice(id: $0, version: event.proof.noticeVersion)?.sha256 }),
                             ("method", event.proof.method), ("evidence", event.proof.evidence)] {
          if let value { json.string(key, value) }
        }
        json.bool("lacks_proof_of_wording", event.proof.lacksWording)
        json.endObject()
      }
      json.endArray()
      json.endObject()
    }
    json.endArray()
    json.endObject()
    return json.text + "\n"
  }
}
