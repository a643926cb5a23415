import Foundation
import Testing

/// The access export through the built `tamis`, its page opened in headless Chromium.
@Suite struct SubjectExportTests {
  /// Chromium from Debian (installed by `make test`), run headless on a file: the DOM it builds.
  func dom(of page: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
    process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.absoluteString]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test func everythingHeldAboutAPersonAsJSONMarkdownAndAPageThatRunsNothing() throws {
    let directory = Tamis.temporaryDirectory()
    let export = directory.appendingPathComponent("boutique.csv")
    try """
    N° client;Nom;Prénom;Courriel;Date de naissance;Optin email;Date optin email
    C1;<img src=x onerror=alert(1)>;Zoé;zoe@example.fr;01/02/1990;oui;03/04/2024
    C2;Martin;Paul;paul@example.fr;05/06/1970;non;
    """.write(to: export, atomically: true, encoding: .utf8)
    let store = directory.appendingPathComponent("tamis.db").path
    try Tamis.run(["run", export.path, "--store", store, "--out", directory.appendingPathComponent("out").path, "--quiet"])
    try Tamis.run(["requests", "add", "--type", "access", "--received", "2026-11-20", "--email", "zoe@example.fr", "--ref", "A1", "--store", store])
    let folder = directory.appendingPathComponent("zoe")
    let result = try Tamis.run(["subject", "export", "--email", "zoe@example.fr", "--request", "A1", "--out", folder.path, "--store", store])
    #expect(result.status == 0)

    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("subject.json"))) as? [String: Any]
    #expect((json?["source_records"] as? [[String: Any]])?.first?["record"] as? String == "boutique:C1")
    let consent = (json?["consent"] as? [String: Any])?["purposes"] as? [[String: Any]]
    #expect(consent?.first { $0["purpose"] as? String == "email_marketing" }?["state"] as? String == "granted")
    #expect((json?["requests"] as? [[String: Any]])?.first?["status"] as? String == "done", "this request, done by this export")
    #expect(json?["retention"] as? String == "rule 'prospects' (erase 3 years after the latest of last_contact, last_purchase, created, last_consent): "
      + "counted from last_consent 2024-04-03, acts on 2027-04-03", "her opt-in is her latest contact")
    #expect(Tamis.read(folder.appendingPathComponent("subject.md")).contains("| first_name | Zoé | boutique:C1 |"))

    let page = try dom(of: folder.appendingPathComponent("subject.html"))
    #expect(page.contains("<strong id=\"request\">A1</strong>") && page.contains("<td>Zoé</td>"))
    #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"), "the hostile name is shown as text")
    #expect(!page.contains("<img") && !page.contains("<script"), "nothing in the page runs or loads")
    #expect(!page.contains("Paul"), "only this person")
    #expect(try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("subject.html").path)[.posixPermissions] as? Int == 0o600)
  }
}
