import Foundation
import TamisKit

/// Writes synthetic records as each source system exports them: the CRM as `;`-separated
/// Windows-1252 CSV with French headers and day-first dates, the e-shop as nested JSON Lines,
/// the ERP as XML; plus `truth.csv` (source, record_id, person_id) for accuracy.
public enum SyntheticExport {
  public enum Format: String, CaseIterable, Sendable { case csv, jsonl, xml }

  static let crmHeader = "N° client;Civilité;Nom;Prénom;Adresse;CP;Ville;Tél. fixe;Tél. portable;Courriel;Date de naissance;Date création;Optin email"

  /// Writes `records` in one format to `url`.
  public static func write(_ records: [SyntheticRecord], format: Format, to url: URL) throws {
    guard FileManager.default.createFile(atPath: url.path, contents: nil),
          let handle = FileHandle(forWritingAtPath: url.path) else { throw CocoaError(.fileWriteUnknown) }
    defer { try? handle.close() }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    func emit(_ text: String) {
      if format == .csv {
        for scalar in text.unicodeScalars {
          if scalar.value < 0x80 { buffer.append(UInt8(scalar.value)) }
          else if let byte = String(scalar).data(using: .windowsCP1252)?.first { buffer.append(byte) }
          else { buffer.append(UInt8(ascii: "?")) }
        }
      } else {
        buffer.append(contentsOf: text.utf8)
      }
      if buffer.count >= 1 << 20 {
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
      }
    }
    switch format {
    case .csv:
      emit(crmHeader + "\r\n")
      for record in records { emit(csvLine(record) + "\r\n") }
    case .jsonl:
      for record in records { emit(jsonLine(record) + "\n") }
    case .xml:
      emit("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export system=\"ERP\">\n<contacts>\n")
      for record in records { emit(xmlElement(record)) }
      emit("</contacts>\n</export>\n")
    }
    handle.write(Data(buffer))
  }

  /// Writes the three sources (each record in its own system's format) and the truth file.
  public static func writeSources(_ population: SyntheticPopulation, to directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (source, format, name) in [("crm", Format.csv, "crm.csv"), ("eshop", .jsonl, "eshop.jsonl"), ("erp", .xml, "erp.xml")] {
      try write(population.records.filter { $0.source == source }, format: format, to: directory.appendingPathComponent(name))
    }
    var truth = "source,record_id,person_id\n"
    for record in population.records { truth += "\(record.source),\(record.recordId),\(record.personId)\n" }
    try truth.write(to: directory.appendingPathComponent("truth.csv"), atomically: true, encoding: .utf8)
  }

  static func phone(_ national: String?, style: Int) -> String {
    guard let national else { return "" }
    let digits = Array("0" + national)
    switch style % 4 {
    case 0: return stride(from: 0, to: 10, by: 2).map { String(digits[$0..<$0 + 2]) }.joined(separator: " ")
    case 1: return stride(from: 0, to: 10, by: 2).map { String(digits[$0..<$0 + 2]) }.joined(separator: ".")
    case 2: return "+33 " + String(national.prefix(1)) + " " + stride(from: 1, to: 9, by: 2).map { String(Array(national)[$0..<$0 + 2]) }.joined(separator: " ")
    default: return String(digits)
    }
  }

  static func csvCell(_ value: String) -> String {
    value.contains(";") || value.contains("\"") ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
  }

  static func frenchDate(_ date: CivilDate?) -> String {
    guard let date else { return "" }
    return String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
  }

  static func csvLine(_ r: SyntheticRecord) -> String {
    let style = r.recordId.utf8.reduce(0) { $0 &+ Int($1) } & 3
    return [r.recordId, r.civility ?? "", r.lastName ?? "", r.firstName ?? "", r.street ?? "", r.postalCode ?? "", r.city ?? "",
            phone(r.landline, style: style), phone(r.mobile, style: style + 1), r.email ?? "", frenchDate(r.birthDate),
            frenchDate(r.createdAt), r.optInEmail.map { $0 ? "oui" : "non" } ?? ""].map(csvCell).joined(separator: ";")
  }

  static func jsonLine(_ r: SyntheticRecord) -> String {
    var json = JSONText()
    json.beginObject()
    json.string("id", r.recordId)
    json.beginObject("name")
    if let first = r.firstName { json.string("first", first) }
    if let last = r.lastName { json.string("last", last) }
    json.endObject()
    if let email = r.email { json.string("email", email) }
    json.beginArray("phones")
    if let mobile = r.mobile { json.string(nil, "+33" + mobile) }
    if let landline = r.landline { json.string(nil, phone(landline, style: 0)) }
    json.endArray()
    json.beginObject("address")
    if let street = r.street { json.string("line1", street) }
    if let code = r.postalCode { json.string("zip", code) }
    if let city = r.city { json.string("city", city) }
    json.string("country", "FR")
    json.endObject()
    if let birth = r.birthDate { json.string("birthdate", birth.description) }
    json.string("created_at", r.createdAt.description + "T10:00:00Z")
    if let optIn = r.optInEmail {
      json.beginObject("consents")
      json.beginObject("email")
      json.bool("value", optIn)
      json.endObject()
      json.endObject()
    }
    json.endObject()
    return json.text
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "'", with: "&apos;")
  }

  static func xmlElement(_ r: SyntheticRecord) -> String {
    var xml = "<contact id=\"\(r.recordId)\" type=\"client\"><identite civilite=\"\(r.civility.map(escape) ?? "")\">"
    if let last = r.lastName { xml += "<nom>\(escape(last.uppercased()))</nom>" }
    if let first = r.firstName { xml += "<prenom>\(escape(first.uppercased()))</prenom>" }
    xml += "</identite>"
    if let birth = r.birthDate { xml += String(format: "<naissance>%04d%02d%02d</naissance>", birth.year, birth.month, birth.day) }
    xml += "<adresse>"
    if let street = r.street { xml += "<rue>\(escape(street.uppercased()))</rue>" }
    if let code = r.postalCode { xml += "<cp>\(code)</cp>" }
    if let city = r.city { xml += "<ville>\(escape(city.uppercased()))</ville>" }
    xml += "<pays>FR</pays></adresse><telephones>"
    if let mobile = r.mobile { xml += "<telephone type=\"mobile\">\(phone(mobile, style: 2))</telephone>" }
    if let landline = r.landline { xml += "<telephone type=\"fixe\">\(phone(landline, style: 1))</telephone>" }
    xml += "</telephones>"
    if let email = r.email { xml += "<email>\(escape(email))</email>" }
    xml += "<creation>\(r.createdAt)</creation></contact>\n"
    return xml
  }
}
