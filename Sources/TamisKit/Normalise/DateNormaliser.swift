import Foundation

/// Dates as exports write them — ISO 8601, dd/MM/yyyy, dd-MM-yy, dd.MM.yyyy, yyyyMMdd, month
/// names in French or English, Excel serial numbers — to ISO 8601 (`yyyy-MM-dd`, with
/// `THH:mm:ss` and the zone when a time was given). Ambiguous forms follow the source's declared
/// order, day-first by default.
public enum DateNormaliser {
  public enum Verdict: Hashable, Sendable {
    case date(CivilDate, time: String?)
    /// It reads as a date that does not exist (31/02/2020, month 13).
    case impossible
    /// It does not read as a date at all.
    case unparsable
  }

  static let months: [String: Int] = {
    var table: [String: Int] = [:]
    let names: [[String]] = [
      ["janvier", "janv", "jan", "january"], ["fevrier", "fevr", "fev", "feb", "february"], ["mars", "mar", "march"],
      ["avril", "avr", "apr", "april"], ["mai", "may"], ["juin", "jun", "june"], ["juillet", "juil", "jul", "july"],
      ["aout", "aou", "aug", "august"], ["septembre", "sept", "sep", "september"], ["octobre", "oct", "october"],
      ["novembre", "nov", "november"], ["decembre", "dec", "december"],
    ]
    for (index, group) in names.enumerated() { for name in group { table[name] = index + 1 } }
    return table
  }()

  /// - Parameters:
  ///   - order: how to read `03/04/2025`.
  ///   - pivot: two-digit years up to it are 20yy, above it 19yy.
  ///   - allowsSerial: read a bare number of up to 5 digits as an Excel serial date.
  public static func parse(_ raw: String, order: DateOrder = .dayFirst, pivot: Int = 30, allowsSerial: Bool = true) -> Verdict {
    if let verdict = raw.withUTF8Bytes({ parseCommonShape($0, order: order) }) { return verdict }
    return parseAnyShape(raw, order: order, pivot: pivot, allowsSerial: allowsSerial)
  }

  /// The shapes nearly every export uses — `dd/MM/yyyy` (or `-`, `.`; `MM/dd/yyyy` when the
  /// order says so), `yyyy-MM-dd` (or `/`, `.`) and `yyyy-MM-ddTHH:mm:ss` with or without `Z` —
  /// read from their bytes; nil for any other text. Gives what
  /// ``parseAnyShape(_:order:pivot:allowsSerial:)`` gives (a test checks).
  static func parseCommonShape(_ bytes: UnsafeBufferPointer<UInt8>, order: DateOrder) -> Verdict? {
    if bytes.count == 19 || (bytes.count == 20 && bytes[19] == UInt8(ascii: "Z")) {
      return parseTimestamp(bytes)
    }
    guard bytes.count == 10 else { return nil }
    func digits(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let digit = bytes[index] &- 0x30
        guard digit < 10 else { return nil }
        value = value * 10 + Int(digit)
      }
      return value
    }
    func isSeparator(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") }
    let y: Int, m: Int, d: Int
    if isSeparator(bytes[4]) && bytes[7] == bytes[4], let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10) {
      (y, m, d) = (year, month, day)
    } else if isSeparator(bytes[2]) && bytes[5] == bytes[2], let first = digits(0..<2), let second = digits(3..<5), let year = digits(6..<10) {
      // A four-digit last number is the year, whatever the declared order says.
      (y, m, d) = order == .monthFirst ? (year, first, second) : (year, second, first)
    } else {
      return nil
    }
    guard CivilDate.isValid(year: y, month: m, day: d) else { return .impossible }
    return .date(CivilDate(year: y, month: m, day: d), time: nil)
  }

  /// `yyyy-MM-ddTHH:mm:ss` and the same with `Z`, as ISO 8601 and JSON exports write them.
  private static func parseTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict? {
    guard bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
          case .date(let date, nil)? = parseCommonShape(UnsafeBufferPointer(rebasing: bytes[0..<10]), order: .yearFirst),
          bytes[4] == UInt8(ascii: "-") else { return nil }
    func twoDigits(at start: Int) -> Int? {
      let tens = bytes[start] &- 0x30, units = bytes[start + 1] &- 0x30
      return tens < 10 && units < 10 ? Int(tens) * 10 + Int(units) : nil
    }
    guard let hours = twoDigits(at: 11), let minutes = twoDigits(at: 14), let seconds = twoDigits(at: 17),
          hours <= 23, minutes <= 59, seconds <= 60 else { return nil }
    return .date(date, time: String(decoding: UnsafeBufferPointer(rebasing: bytes[11...]), as: UTF8.self))
  }

  /// Every shape ``parse(_:order:pivot:allowsSerial:)`` reads, through the general tokeniser.
  static func parseAnyShape(_ raw: String, order: DateOrder, pivot: Int, allowsSerial: Bool) -> Verdict {
    let text = raw.trimmingSeparators()
    guard !text.isEmpty else { return .unparsable }
    let bytes = Array(text.utf8)
    if bytes.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }) {
      return parseNumber(text, bytes: bytes, order: order, allowsSerial: allowsSerial, pivot: pivot)
    }
    // Split the date from a time: "2023-05-01T10:22:00Z", "01/05/2023 10:22".
    var datePart = Substring(text)
    var time: String?
    if let t = text.firstIndex(where: { $0 == "T" || $0 == " " }), text[t...].contains(":") {
      let candidate = text[text.index(after: t)...].trimmingCharacters(in: .whitespaces)
      if let parsedTime = parseTime(candidate) {
        time = parsedTime
        datePart = text[..<t]
      } else if text[t] == "T" {
        return .unparsable
      }
    }
    let tokens = tokenise(datePart)
    guard tokens.count == 3 else { return .unparsable }
    var numbers: [(value: Int, width: Int)] = []
    var month: Int?
    for token in tokens {
      if let value = Int(token) {
        numbers.append((value, token.count))
      } else if let named = months[TextFolding.key(token).replacingOccurrences(of: ".", with: "")] {
        guard month == nil else { return .unparsable }
        month = named
      } else {
        return .unparsable
      }
    }
    var y: Int, m: Int, d: Int
    if let month {
      guard numbers.count == 2 else { return .unparsable }
      m = month
      if numbers[0].width == 4 { (y, d) = (numbers[0].value, numbers[1].value) } else { (d, y) = (numbers[0].value, numbers[1].value) }
      if numbers[1].width <= 2 && numbers[0].width <= 2 { y = expand(numbers[1].value, pivot: pivot) } else if y < 100 { y = expand(y, pivot: pivot) }
    } else {
      guard numbers.count == 3 else { return .unparsable }
      if numbers[0].width == 4 {
        (y, m, d) = (numbers[0].value, numbers[1].value, numbers[2].value)
      } else {
        // A four-digit last number is the year, whatever the declared order says.
        let effective: DateOrder = order == .yearFirst && numbers[2].width == 4 ? .dayFirst : order
        switch effective {
        case .dayFirst: (d, m, y) = (numbers[0].value, numbers[1].value, numbers[2].value)
        case .monthFirst: (m, d, y) = (numbers[0].value, numbers[1].value, numbers[2].value)
        case .yearFirst: (y, m, d) = (numbers[0].value, numbers[1].value, numbers[2].value)
        }
        let yearWidth = effective == .yearFirst ? numbers[0].width : numbers[2].width
        if yearWidth <= 2 { y = expand(y, pivot: pivot) } else if yearWidth != 4 { return .unparsable }
      }
    }
    guard CivilDate.isValid(year: y, month: m, day: d) else { return .impossible }
    return .date(CivilDate(year: y, month: m, day: d), time: time)
  }

  private static func expand(_ twoDigits: Int, pivot: Int) -> Int {
    twoDigits <= pivot ? 2000 + twoDigits : 1900 + twoDigits
  }

  /// Splits on separators and at letter/digit boundaries; ordinal suffixes (1er, 3rd) are dropped.
  private static func tokenise(_ text: Substring) -> [String] {
    var tokens: [String] = []
    var current = ""
    func flush() {
      if !current.isEmpty && !["er", "st", "nd", "rd", "th"].contains(current.lowercased()) { tokens.append(current) }
      current = ""
    }
    for character in text {
      if character == "/" || character == "-" || character == "." || character == " " || character == "," {
        flush()
      } else {
        if let last = current.last, last.isLetter != character.isLetter { flush() }
        current.append(character)
      }
    }
    flush()
    return tokens
  }

  private static func parseNumber(_ text: String, bytes: [UInt8], order: DateOrder, allowsSerial: Bool, pivot: Int) -> Verdict {
    let digits = text.split(separator: ".", omittingEmptySubsequences: false)
    if digits.count == 3 {  // dd.MM.yyyy
      return parse(text.replacingOccurrences(of: ".", with: "/"), order: order, pivot: pivot, allowsSerial: false)
    }
    let whole = String(digits[0])
    if whole.count == 8, digits.count == 1, let value = Int(whole) {
      let y = value / 10000, m = value / 100 % 100, d = value % 100
      if y >= 1800 && y <= 2200 {
        return CivilDate.isValid(year: y, month: m, day: d) ? .date(CivilDate(year: y, month: m, day: d), time: nil) : .impossible
      }
      let (dd, mm, yyyy) = order == .monthFirst ? (value / 10000 % 100, value / 1000000, value % 10000) : (value / 1000000, value / 10000 % 100, value % 10000)
      return CivilDate.isValid(year: yyyy, month: mm, day: dd) ? .date(CivilDate(year: yyyy, month: mm, day: dd), time: nil) : .impossible
    }
    if allowsSerial, digits.count <= 2, whole.count <= 5, let serial = Int(whole), serial >= 1 {
      // Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was.
      let epoch = CivilDate(year: 1899, month: 12, day: 30).dayNumber
      return .date(CivilDate(dayNumber: epoch + serial + (serial < 61 ? 1 : 0)), time: nil)
    }
    return .unparsable
  }

  /// "10:22", "10:22:33", "10:22:33.5Z", "10:22:33+02:00" → "10:22:33", "10:22:33Z", "10:22:33+02:00".
  static func parseTime(_ text: String) -> String? {
    var rest = Substring(text)
    var zone = ""
    if rest.hasSuffix("Z") || rest.hasSuffix("z") { zone = "Z"; rest = rest.dropLast() }
    else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
      let offset = rest[rest.index(after: sign)...].replacingOccurrences(of: ":", with: "")
      guard offset.count == 4, let value = Int(offset) else { return nil }
      zone = String(format: "%@%02d:%02d", String(rest[sign]), value / 100, value % 100)
      rest = rest[..<sign]
    }
    let parts = rest.trimmingCharacters(in: .whitespaces).split(separator: ":")
    guard parts.count == 2 || parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else {
      return nil
    }
    var s = 0
    if parts.count == 3 {
      guard let seconds = Double(parts[2]), seconds >= 0, seconds < 61 else { return nil }
      s = Int(seconds)
    }
    return String(format: "%02d:%02d:%02d", h, m, s) + zone
  }

  /// The ISO 8601 text of a verdict's date.
  public static func format(_ date: CivilDate, time: String?) -> String {
    format(date.description, time: time)
  }

  /// `day` (yyyy-MM-dd) with the time of day when there is one.
  static func format(_ day: String, time: String?) -> String {
    guard let time else { return day }
    return day + "T" + time
  }
}
