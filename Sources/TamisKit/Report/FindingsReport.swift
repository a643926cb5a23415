import Foundation

/// The formats a findings report prints in: readable text with a summary table, JSON for
/// machines, JUnit XML for CI dashboards, GitHub Actions annotations.
public enum ReportFormat: String, CaseIterable, Sendable {
  case text, json, junit, github
}

/// Renders a feed's ``FeedTally`` in each ``ReportFormat``.
public struct FindingsReport {
  public let tally: FeedTally
  public let rules: ValidationRules
  /// How many findings of each code the text and GitHub formats show.
  public var shownPerCode = 20

  public init(tally: FeedTally, rules: ValidationRules) {
    self.tally = tally
    self.rules = rules
  }

  public var passes: Bool { tally.passes(rules) }

  public func render(_ format: ReportFormat) -> String {
    switch format {
    case .text: text()
    case .json: json()
    case .junit: junit()
    case .github: github()
    }
  }

  private var sortedCodes: [String] {
    tally.issueCounts.keys.sorted { a, b in
      let sa = tally.severities[a] ?? .info, sb = tally.severities[b] ?? .info
      return sa != sb ? sa > sb : a < b
    }
  }

  /// The balance line every run prints: read = accepted + quarantined.
  public var balanceLine: String {
    "records: \(tally.read) read = \(tally.accepted) accepted + \(tally.quarantined) quarantined\(tally.balances ? "" : "  (DOES NOT BALANCE)")"
  }

  public func text() -> String {
    var lines: [String] = []
    let fileWidth = max(4, tally.files.map(\.profile.file.count).max() ?? 4)
    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
    func lpad(_ s: String, _ width: Int) -> String { s.count >= width ? s : String(repeating: " ", count: width - s.count) + s }
    lines.append(pad("FILE", fileWidth) + "  FORMAT  ENCODING      " + lpad("READ", 9) + lpad("ACCEPTED", 10) + lpad("QUARANTINED", 13))
    for file in tally.files {
      lines.append(pad(file.profile.file, fileWidth) + "  " + pad(file.profile.format.rawValue, 6) + "  " + pad(file.profile.encoding.rawValue, 12)
                   + lpad(String(file.read), 9) + lpad(String(file.accepted), 10) + lpad(String(file.quarantined), 13))
    }
    lines.append(pad("TOTAL", fileWidth) + "                        " + lpad(String(tally.read), 9) + lpad(String(tally.accepted), 10)
                 + lpad(String(tally.quarantined), 13))
    lines.append("")
    if !tally.issueCounts.isEmpty {
      let codeWidth = max(4, tally.issueCounts.keys.map(\.count).max() ?? 4)
      lines.append(pad("CODE", codeWidth) + "  SEVERITY  " + lpad("COUNT", 7) + "  MEANING")
      for code in sortedCodes {
        lines.append(pad(code, codeWidth) + "  " + pad(tally.severities[code]?.rawValue ?? "", 8) + "  "
                     + lpad(String(tally.issueCounts[code] ?? 0), 7) + "  " + (IssueCatalogue.codes[code]?.meaning ?? ""))
      }
      lines.append("")
    }
    for code in sortedCodes where (tally.severities[code] ?? .info) >= .warning {
      let examples = tally.examples[code] ?? []
      for issue in examples.prefix(shownPerCode) { lines.append(issue.description) }
      let more = (tally.issueCounts[code] ?? 0) - min(examples.count, shownPerCode)
      if more > 0 { lines.append("… and \(more) more \(code) (see --format json, or findings.jsonl from tamis normalize)") }
    }
    if tally.issueCounts.values.contains(where: { $0 > 0 }) && sortedCodes.contains(where: { (tally.severities[$0] ?? .info) >= .warning }) {
      lines.append("")
    }
    lines.append(balanceLine)
    lines.append(passes ? "feed: PASSED" : "feed: FAILED (findings at \(rules.failOn.rawValue) level; see above)")
    return lines.joined(separator: "\n") + "\n"
  }

  public func json() -> String {
    var json = JSONText()
    json.beginObject()
    json.bool("passed", passes)
    json.beginObject("records")
    json.number("read", tally.read)
    json.number("accepted", tally.accepted)
    json.number("quarantined", tally.quarantined)
    json.bool("balanced", tally.balances)
    json.endObject()
    json.beginArray("files")
    for file in tally.files {
      json.beginObject()
      json.string("file", file.profile.file)
      json.string("format", file.profile.format.rawValue)
      json.string("encoding", file.profile.encoding.rawValue)
      if let delimiter = file.profile.delimiter { json.string("delimiter", delimiter) }
      json.number("read", file.read)
      json.number("accepted", file.accepted)
      json.number("quarantined", file.quarantined)
      json.endObject()
    }
    json.endArray()
    json.beginObject("issues")
    for code in sortedCodes {
      json.beginObject(code)
      json.string("severity", tally.severities[code]?.rawValue ?? "info")
      json.number("count", tally.issueCounts[code] ?? 0)
      json.number("records", tally.recordsWithCode[code] ?? 0)
      json.endObject()
    }
    json.endObject()
    json.beginArray("findings")
    for code in sortedCodes {
      for issue in tally.examples[code] ?? [] { json.raw(nil, ContactExport.json(issue, recordId: nil)) }
    }
    json.endArray()
    json.endObject()
    return json.text + "\n"
  }

  private func fails(_ severity: Severity) -> Bool {
    switch rules.failOn {
    case .never: false
    case .error, .feed: severity == .error
    case .warning: severity >= .warning
    }
  }

  public func junit() -> String {
    func escape(_ s: String) -> String {
      var out = ""
      for scalar in s.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default:
          if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" { out += " " } else { out.unicodeScalars.append(scalar) }
        }
      }
      return out
    }
    var suites: [String] = []
    var totalTests = 0, totalFailures = 0
    for file in tally.files {
      var cases: [String] = []
      var failures = 0
      cases.append("    <testcase classname=\"\(escape(file.profile.file))\" name=\"records balance (\(file.read) read = \(file.accepted) accepted + \(file.quarantined) quarantined)\"/>")
      for code in file.issueCounts.keys.sorted() {
        let count = file.issueCounts[code] ?? 0
        let severity = tally.severities[code] ?? .info
        let examples = (tally.examples[code] ?? []).filter { $0.locator.file == file.profile.file }.prefix(50)
        if fails(severity) {
          failures += 1
          cases.append("    <testcase classname=\"\(escape(file.profile.file))\" name=\"\(code)\">\n      <failure message=\"\(count) × \(escape(IssueCatalogue.codes[code]?.meaning ?? code))\" type=\"\(severity.rawValue)\">"
                       + escape(examples.map(\.description).joined(separator: "\n")) + "</failure>\n    </testcase>")
        } else {
          cases.append("    <testcase classname=\"\(escape(file.profile.file))\" name=\"\(code)\">\n      <system-out>\(count) × \(escape(IssueCatalogue.codes[code]?.meaning ?? code)) (\(severity.rawValue))</system-out>\n    </testcase>")
        }
      }
      totalTests += cases.count
      totalFailures += failures
      suites.append("  <testsuite name=\"\(escape(file.profile.file))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\">\n" + cases.joined(separator: "\n") + "\n  </testsuite>")
    }
    var feedCases: [String] = []
    for threshold in rules.thresholds {
      let exceeded = tally.feedIssues.first { $0.locator == threshold.locator }
      if let exceeded, fails(exceeded.severity) {
        feedCases.append("    <testcase classname=\"feed\" name=\"threshold \(threshold.code)\">\n      <failure message=\"\(escape(exceeded.message))\" type=\"error\"/>\n    </testcase>")
        totalFailures += 1
      } else {
        feedCases.append("    <testcase classname=\"feed\" name=\"threshold \(threshold.code)\"/>")
      }
    }
    if !feedCases.isEmpty {
      totalTests += feedCases.count
      suites.append("  <testsuite name=\"feed thresholds\" tests=\"\(feedCases.count)\" failures=\"\(feedCases.filter { $0.contains("<failure") }.count)\" errors=\"0\">\n" + feedCases.joined(separator: "\n") + "\n  </testsuite>")
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tamis validate\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\">\n"
      + suites.joined(separator: "\n") + "\n</testsuites>\n"
  }

  public func github() -> String {
    func escapeData(_ s: String) -> String {
      s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
    func escapeProperty(_ s: String) -> String {
      escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
    var lines: [String] = []
    for code in sortedCodes {
      let severity = tally.severities[code] ?? .info
      guard severity >= .warning else { continue }
      let command = fails(severity) ? "error" : "warning"
      for issue in (tally.examples[code] ?? []).prefix(shownPerCode) {
        var properties = ["file=\(escapeProperty(issue.locator.file))"]
        if let line = issue.locator.line { properties.append("line=\(line)") }
        if let column = issue.locator.column { properties.append("col=\(column)") }
        properties.append("title=\(escapeProperty(code))")
        let field = issue.locator.field.map { " (field '\($0)')" } ?? ""
        lines.append("::\(command) \(properties.joined(separator: ","))::\(escapeData(issue.message + field))")
      }
    }
    lines.append("::notice title=tamis::\(escapeData(balanceLine + (passes ? " — feed passed" : " — feed failed")))")
    return lines.joined(separator: "\n") + "\n"
  }
}
