import Foundation

/// A calendar date without a time zone: what birth dates and retention reference dates are.
public struct CivilDate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `yyyy-MM-dd` (and ignores what follows, such as a time).
  public init?(iso text: String) {
    let parts = text.prefix(10).split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
          CivilDate.isValid(year: y, month: m, day: d) else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Today in UTC, unless `TAMIS_AS_OF` (yyyy-MM-dd) fixes it for reproducible runs.
  public static func today(environment: [String: String] = ProcessInfo.processInfo.environment) -> CivilDate {
    if let fixed = environment["TAMIS_AS_OF"], let date = CivilDate(iso: fixed) { return date }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day], from: Date())
    return CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
  }

  public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  public static func isValid(year: Int, month: Int, day: Int) -> Bool {
    (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year) && (1...9999).contains(year)
  }

  /// Days since 1970-01-01 (proleptic Gregorian), for arithmetic.
  public var dayNumber: Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let monthIndex = (month + 9) % 12
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
  }

  public init(dayNumber: Int) {
    let z = dayNumber + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let dayOfEra = z - era * 146097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
  }

  /// The same day `years` later (29 February becomes 28 February when needed).
  public func adding(years: Int = 0, months: Int = 0, days: Int = 0) -> CivilDate {
    let totalMonths = (year + years) * 12 + (month - 1) + months
    let y = totalMonths / 12, m = totalMonths % 12 + 1
    let shifted = CivilDate(year: y, month: m, day: min(day, CivilDate.daysIn(month: m, year: y)))
    return days == 0 ? shifted : CivilDate(dayNumber: shifted.dayNumber + days)
  }

  public static func < (a: CivilDate, b: CivilDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  public var description: String {
    if (0...9999).contains(year) && (0...99).contains(month) && (0...99).contains(day) {
      // Ten ASCII bytes: a small string, made without the padding's intermediate strings.
      return String(unsafeUninitializedCapacity: 10) { bytes in
        func digits(_ value: Int, _ width: Int, at start: Int) {
          var rest = value
          for index in stride(from: start + width - 1, through: start, by: -1) {
            bytes[index] = 0x30 + UInt8(rest % 10)
            rest /= 10
          }
        }
        digits(year, 4, at: 0)
        bytes[4] = UInt8(ascii: "-")
        digits(month, 2, at: 5)
        bytes[7] = UInt8(ascii: "-")
        digits(day, 2, at: 8)
        return 10
      }
    }
    func pad(_ value: Int, _ width: Int) -> String {
      let text = String(value)
      return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
    return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
  }
}
