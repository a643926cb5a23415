/// Tells a file's date convention from its values when no mapping declares one: `12/31/1975` can
/// only be month-first, `31/12/1975` only day-first; `05/06/1975` says nothing.
///
/// Month-first wins only by a clear majority (four deciding values in five), so that a few typos
/// in a French file do not turn every ambiguous date around.
public struct DateOrderVote: Sendable {
  /// How many records of a file `tamis normalize` and `tamis run` look at before reading it.
  public static let sampleRecords = 2_000

  public private(set) var dayFirst = 0
  public private(set) var monthFirst = 0

  public init() {}

  /// Counts the date fields of one mapped record.
  public mutating func count(_ record: MappedRecord) {
    for field in ContactField.allCases where field.isDate {
      for value in record[field] { count(value.text) }
    }
  }

  /// Counts one date as written (`dd/MM/yyyy`, `MM-dd-yy`, …); others are ignored.
  public mutating func count(_ text: String) {
    var parts: [Int] = []
    for part in text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }) {
      guard parts.count < 3, part.count <= 4, let number = Int(part) else { return }
      parts.append(number)
    }
    guard parts.count == 3, parts[0] >= 1, parts[0] <= 31, parts[1] >= 1, parts[1] <= 31 else { return }
    if parts[0] > 12 && parts[1] <= 12 { dayFirst += 1 }
    if parts[1] > 12 && parts[0] <= 12 { monthFirst += 1 }
  }

  /// Month-first when the values clearly say so, else day-first (the French convention) when any
  /// value decides, nil when none does.
  public var verdict: DateOrder? {
    if monthFirst > 0 && monthFirst >= 4 * dayFirst { return .monthFirst }
    return dayFirst > 0 ? .dayFirst : nil
  }
}
