import ArgumentParser
import TamisKit

/// Which person a command is about: exactly one of a golden record, a source record, an email or a phone.
struct PersonOptions: ParsableArguments {
  @Option(help: "The golden record id.")
  var golden: String?
  @Option(help: "An email the person's records hold.")
  var email: String?
  @Option(help: "A phone number the person's records hold.")
  var phone: String?
  @Option(help: "A source record, as source:record_id.")
  var record: String?

  func validate() throws {
    let given = [golden, email, phone, record].compactMap { $0 }.count
    if given != 1 { throw ValidationError("name the person with exactly one of --golden, --email, --phone or --record") }
  }

  var query: PersonQuery {
    if let golden { return .golden(golden) }
    if let email { return .email(email) }
    if let phone { return .phone(phone) }
    return .record(record ?? "")
  }
}

extension ContactChannel: ExpressibleByArgument {}
