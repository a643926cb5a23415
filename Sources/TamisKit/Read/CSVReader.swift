import Foundation

/// Reads delimited text: RFC 4180 plus what real exports do (sniffed delimiter and encoding,
/// quoted fields with delimiters, quotes and newlines, CRLF, ragged rows, odd headers).
///
/// A broken quote is reported at the line and column where it opened; the reader then goes on
/// from the next line, so one bad row does not swallow the rest of the file.
public final class CSVReader: RecordReader {
  public private(set) var profile: FileProfile
  public private(set) var fileIssues: [Issue] = []
  public var bytesRead: Int { stream.bytesRead }
  /// Column names as read, made unique (`Email`, `Email#2`) and never empty (`column_3`).
  public private(set) var header: [String] = []
  /// The header's names by position, then `column_N` for cells past its end.
  private var columns = ColumnNames()

  private let stream: ByteStream
  private let path: String
  private let delimiter: UInt8
  private var buffer: [UInt8] = []
  private var pos = 0
  private var line = 1
  /// The last row's size: room to reserve for the next one's bytes.
  private var rowBytesHint = 256
  private var recordNumber = 0
  /// Rows whose every field is empty, and the line of the first.
  private var emptyRows = (count: 0, first: 0)
  /// A quoted field longer than this is taken for a broken quote.
  private let maxRecordBytes = 64 << 20

  /// - Throws: `ReadError.cannotOpen`.
  public init(path: String, options: ReadOptions = ReadOptions()) throws {
    self.path = path
    stream = try ByteStream(path: path, encoding: options.encoding)
    while buffer.count < 1 << 16, stream.read(into: &buffer) > 0 {}
    // Excel's `sep=;` first line names the delimiter; the header follows it.
    let hinted = CSVReader.separatorHint(buffer)
    if let hinted {
      pos = hinted.end
      line = 2
    }
    let given = options.delimiter ?? hinted?.delimiter
    var preamble: (end: Int, lines: Int, delimiter: UInt8)?
    if let names = options.columnNames { preamble = CSVReader.preamble(buffer, from: pos, given: given, isKnownColumn: names.test) }
    delimiter = given ?? preamble?.delimiter ?? CSVDelimiterSniffer.sniff(buffer)
    profile = FileProfile(file: path, format: .csv, encoding: stream.encoding,
                          delimiter: String(UnicodeScalar(delimiter)), sizeInBytes: stream.sizeInBytes)
    if let preamble {
      let lines = preamble.lines == 1 ? "line \(line) comes" : "lines \(line)–\(line + preamble.lines - 1) come"
      fileIssues.append(Issue("CSV_PREAMBLE", .info, at: Locator(file: path, line: line),
                              "\(lines) before the header (line \(line + preamble.lines)) and hold no delimiter (\(profile.delimiterName ?? "")): read as a title, not as the header or records"))
      pos = preamble.end
      line += preamble.lines
    }
    guard let first = readRow() else {
      fileIssues.append(Issue("FILE_EMPTY", .error, at: Locator(file: path), "the file is empty: no header and no records"))
      return
    }
    header = CSVReader.uniqueNames(first.values)
    columns = ColumnNames(header)
    fileIssues.append(contentsOf: first.issues)
  }

  /// The delimiter an Excel `sep=X` first line names, and where the line ends.
  static func separatorHint(_ bytes: [UInt8]) -> (delimiter: UInt8, end: Int)? {
    guard bytes.count >= 5, bytes[0] | 0x20 == UInt8(ascii: "s"), bytes[1] | 0x20 == UInt8(ascii: "e"),
          bytes[2] | 0x20 == UInt8(ascii: "p"), bytes[3] == UInt8(ascii: "="), bytes[4] != 0x0A, bytes[4] != 0x0D else { return nil }
    var end = 5
    if end < bytes.count, bytes[end] == 0x0D { end += 1 }
    guard end == bytes.count || bytes[end] == 0x0A else { return nil }
    return (bytes[4], min(end + 1, bytes.count))
  }

  /// Title lines above the header, as report-style exports write them ("Export clients du
  /// 12/03/2024", a blank line, then the header): up to ten lines with no delimiter and no quote,
  /// then a line that reads as a header — several distinct names, one at least that Tamis
  /// recognises — with as many fields as the line after it. Nil when the file starts with its
  /// header (a first line Tamis recognises, as in a one-column file) or when in doubt.
  /// - Returns: where the header starts, how many lines come before it, and the delimiter
  ///   (`given`, else sniffed from the header on).
  static func preamble(_ bytes: [UInt8], from start: Int, given: UInt8?,
                       isKnownColumn: (String) -> Bool) -> (end: Int, lines: Int, delimiter: UInt8)? {
    let candidates = given.map { [$0] } ?? CSVDelimiterSniffer.candidates
    var end = start, skipped = 0
    while true {
      guard skipped <= 10, let newline = bytes[end...].firstIndex(of: 0x0A) else { return nil }
      var line = bytes[end..<newline]
      if line.last == 0x0D { line = line.dropLast() }
      if line.contains(where: { candidates.contains($0) }) { break }
      if line.contains(UInt8(ascii: "\"")) { return nil }
      if skipped == 0 && (line.isEmpty || isKnownColumn(String(decoding: line, as: UTF8.self))) { return nil }
      skipped += 1
      end = newline + 1
    }
    guard skipped > 0 else { return nil }
    let delimiter = given ?? CSVDelimiterSniffer.sniff(Array(bytes[end...]))
    let rest = bytes[end...].split(separator: 0x0A, maxSplits: 8, omittingEmptySubsequences: true)
      .map { $0.last == 0x0D ? $0.dropLast() : $0 }.filter { !$0.isEmpty }
    guard rest.count >= 2 else { return nil }
    let names = rest[0].split(separator: delimiter, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    guard names.count >= 2, Set(names).count == names.count, names.allSatisfy({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
          names.contains(where: isKnownColumn),
          rest[1].split(separator: delimiter, omittingEmptySubsequences: false).count == names.count else { return nil }
    return (end, skipped, delimiter)
  }

  static func uniqueNames(_ names: [String]) -> [String] {
    var seen: [String: Int] = [:]
    return names.enumerated().map { index, raw in
      var name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if name.isEmpty { name = "column_\(index + 1)" }
      let count = (seen[name] ?? 0) + 1
      seen[name] = count
      return count == 1 ? name : "\(name)#\(count)"
    }
  }

  public func next() throws -> SourceRecord? {
    while let row = readRow() {
      if row.isBlankLine { continue }
      // `;;;;`, as spreadsheets write the empty rows of their used range: nothing to read, but counted.
      if row.holdsOnlyDelimiters {
        if emptyRows.count == 0 { emptyRows.first = row.line }
        emptyRows.count += 1
        continue
      }
      recordNumber += 1
      let locator = Locator(file: path, line: row.line, record: recordNumber)
      let count = row.cells.count
      var record = SourceRecord(locator: locator, columns: columns, text: row.text, cells: count)
      record.issues = row.issues
      for (index, cell) in row.cells.enumerated() where !cell.isEmpty {
        let column = index < header.count ? Int32(index) : columns.number(for: "column_\(index + 1)")
        record.appendCell(column: column, range: cell)
      }
      if count < header.count && !header.isEmpty {
        record.issues.append(Issue("CSV_RAGGED_ROW", .warning, at: locator,
                                   "the row has \(count) fields where the header has \(header.count); the missing ones read as empty"))
      } else if count > header.count && row.cells[header.count...].contains(where: { !$0.isEmpty }) {
        record.issues.append(Issue("CSV_RAGGED_ROW", .warning, at: locator,
                                   "the row has \(count) fields where the header has \(header.count); the extra ones are kept as column_N"))
      }
      return record
    }
    if emptyRows.count > 0 {
      fileIssues.append(Issue("CSV_EMPTY_ROWS", .info, at: Locator(file: path, line: emptyRows.first),
                              emptyRows.count == 1 ? "the row at line \(emptyRows.first) has every field empty: it holds nothing and is not a record"
                                : "\(emptyRows.count) rows have every field empty (the first at line \(emptyRows.first)): they hold nothing and are not records"))
      emptyRows.count = 0  // report once
    }
    if recordNumber == 0 && !header.isEmpty && !fileIssues.contains(where: { $0.code == "FILE_EMPTY" }) {
      fileIssues.append(Issue("FILE_NO_RECORDS", .warning, at: Locator(file: path, line: 1), "the file has a header and no records"))
      recordNumber = -1  // report once
    }
    return nil
  }

  // MARK: - Rows

  private struct Row {
    /// Bytes holding the cells (quotes undone, bad bytes replaced by U+FFFD): one after the
    /// other, or for a plain row the row as read, delimiters and all.
    var text: ByteText
    var cells: [Range<Int>]
    var line: Int
    var issues: [Issue]
    /// An empty line: not a record (a quoted empty field `""` is one).
    var isBlankLine = false
    /// Delimiters and nothing else (`;;;`): no record either (`"";""` is one, as Tamis writes it).
    var holdsOnlyDelimiters = false

    var values: [String] {
      text.withUnsafeBufferPointer { text in cells.map { String(decoding: UnsafeBufferPointer(rebasing: text[$0]), as: UTF8.self) } }
    }
  }

  private enum Scan {
    case row(Row, end: Int, lines: Int)
    case needMore
    case unterminatedQuote(line: Int, column: Int)
  }

  private func readRow() -> Row? {
    while true {
      if pos >= buffer.count && !refill() { return nil }
      switch scan(atEnd: stream.isAtEnd) {
      case .row(let row, let end, let lines):
        pos = end
        rowBytesHint = row.text.count + 64
        line += lines
        return row
      case .needMore:
        if buffer.count - pos > maxRecordBytes {
          return resync(quoteLine: line, column: 1)
        }
        if !refill() { continue }  // at the end now: scan again knowing it
      case .unterminatedQuote(let quoteLine, let column):
        return resync(quoteLine: quoteLine, column: column)
      }
    }
  }

  /// Reads more bytes, dropping those already consumed; false at the end of the file.
  private func refill() -> Bool {
    if stream.isAtEnd { return false }
    if pos > 0 {
      buffer.removeSubrange(0..<pos)
      pos = 0
    }
    return stream.read(into: &buffer, maximum: max(1 << 20, buffer.count)) > 0 || !stream.isAtEnd
  }

  /// A quote opened and never closed: report it, keep the row's first physical line as a
  /// record (quotes read literally), and go on from the next line.
  private func resync(quoteLine: Int, column: Int) -> Row {
    var end = pos
    while end < buffer.count && buffer[end] != 0x0A { end += 1 }
    let text = String(decoding: buffer[pos..<end], as: UTF8.self)
    var values = text.split(separator: Character(UnicodeScalar(delimiter)), omittingEmptySubsequences: false).map(String.init)
    if let last = values.last, last.hasSuffix("\r") { values[values.count - 1] = String(last.dropLast()) }
    var bytes = ByteText(), cells: [Range<Int>] = []
    for value in values {
      let start = bytes.count
      bytes.append(value)
      cells.append(start..<bytes.count)
    }
    let issue = Issue("CSV_UNBALANCED_QUOTE", .error,
                      at: Locator(file: path, line: quoteLine, column: column, record: recordNumber + 1),
                      "a quote opens here and never closes; the row was read up to the end of its line with quotes kept as text. Double every quote inside a quoted field (\"\") or close the field")
    let row = Row(text: bytes, cells: cells, line: line, issues: [issue])
    pos = min(end + 1, buffer.count)
    line += 1
    return row
  }

  private func scan(atEnd: Bool) -> Scan {
    buffer.withUnsafeBufferPointer { bytes -> Scan in
      if let row = plainRow(bytes, atEnd: atEnd) { return row }
      let n = bytes.count
      let quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, delim = delimiter
      var i = pos
      var lines = 0
      var lineStart = pos
      var text = ByteText()
      text.reserveCapacity(rowBytesHint)
      var cells: [Range<Int>] = []
      cells.reserveCapacity(max(header.count, 1))
      var issues: [Issue] = []
      let rowLine = line
      while true {
        let fieldLine = rowLine + lines
        let fieldColumn = i - lineStart + 1
        if i < n && bytes[i] == quote {
          let openLine = fieldLine, openColumn = fieldColumn
          i += 1
          var segmentStart = i
          var unescaped: [UInt8]? = nil
          while true {
            while i < n && bytes[i] != quote {
              if bytes[i] == lf { lines += 1; lineStart = i + 1 }
              i += 1
            }
            if i >= n { return atEnd ? .unterminatedQuote(line: openLine, column: openColumn) : .needMore }
            if i + 1 < n && bytes[i + 1] == quote {
              if unescaped == nil { unescaped = [] }
              unescaped!.append(contentsOf: bytes[segmentStart...i])
              i += 2
              segmentStart = i
              continue
            }
            if i + 1 >= n && !atEnd { return .needMore }
            break
          }
          let cellStart = text.count
          if var collected = unescaped {
            collected.append(contentsOf: bytes[segmentStart..<i])
            collected.withUnsafeBufferPointer { appendChecked($0, to: &text, line: openLine, column: openColumn, issues: &issues) }
          } else {
            appendChecked(UnsafeBufferPointer(rebasing: bytes[segmentStart..<i]), to: &text, line: openLine, column: openColumn, issues: &issues)
          }
          i += 1  // the closing quote
          if i < n && bytes[i] != delim && bytes[i] != cr && bytes[i] != lf {
            let strayStart = i
            while i < n && bytes[i] != delim && bytes[i] != cr && bytes[i] != lf { i += 1 }
            if i >= n && !atEnd { return .needMore }
            issues.append(Issue("CSV_STRAY_QUOTE", .warning, at: Locator(file: path, line: rowLine + lines, column: strayStart - lineStart + 1, record: recordNumber + 1),
                                "text follows the closing quote of a field; it was kept after the quoted text. Quote the whole field and double the quotes inside it"))
            text.append(UInt8(ascii: "\""))
            appendChecked(UnsafeBufferPointer(rebasing: bytes[strayStart..<i]), to: &text, line: rowLine + lines, column: strayStart - lineStart + 1, issues: &issues)
          }
          cells.append(cellStart..<text.count)
        } else {
          let start = i
          while i < n && bytes[i] != delim && bytes[i] != lf && bytes[i] != cr { i += 1 }
          if i >= n && !atEnd { return .needMore }
          if cells.isEmpty && i == start && (i >= n || bytes[i] != delim) {
            let row = Row(text: ByteText(), cells: [0..<0], line: rowLine, issues: issues, isBlankLine: true)
            if i < n { i += (bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf) ? 2 : 1 }
            return .row(row, end: i, lines: lines + 1)
          }
          let cellStart = text.count
          appendChecked(UnsafeBufferPointer(rebasing: bytes[start..<i]), to: &text, line: fieldLine, column: fieldColumn, issues: &issues)
          cells.append(cellStart..<text.count)
        }
        // After a field: a delimiter, a line end, or the end of the file.
        if i >= n {
          return .row(Row(text: text, cells: cells, line: rowLine, issues: issues), end: i, lines: lines + 1)
        }
        let b = bytes[i]
        if b == delim { i += 1; continue }
        if b == cr {
          if i + 1 >= n && !atEnd { return .needMore }
          i += (i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
        } else {
          i += 1
        }
        return .row(Row(text: text, cells: cells, line: rowLine, issues: issues), end: i, lines: lines + 1)
      }
    }
  }

  /// The usual row, on one line, valid UTF-8, with no quote inside a field: its bytes are
  /// copied in one go, each cell a range of them. Nil for anything else (a doubled or stray
  /// quote, a quoted line break, a bad byte, a blank line, a row cut by the buffer's end),
  /// which ``scan(atEnd:)`` reads field by field.
  private func plainRow(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> Scan? {
    let n = bytes.count, quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A, delim = delimiter
    var cells: [Range<Int>] = []
    cells.reserveCapacity(max(header.count, 1))
    var i = pos
    while true {
      if i < n && bytes[i] == quote {
        let start = i + 1
        i = start
        while i < n && bytes[i] != quote && bytes[i] != lf { i += 1 }
        guard i < n, bytes[i] == quote, i + 1 < n || atEnd else { return nil }
        cells.append(start..<i)
        i += 1
        guard i >= n || bytes[i] == delim || bytes[i] == cr || bytes[i] == lf else { return nil }
      } else {
        let start = i
        while i < n && bytes[i] != delim && bytes[i] != lf && bytes[i] != cr { i += 1 }
        guard i < n || atEnd else { return nil }
        if cells.isEmpty && i == start && (i >= n || bytes[i] != delim) { return nil }  // a blank line
        cells.append(start..<i)
      }
      if i < n && bytes[i] == delim { i += 1; continue }
      break
    }
    let rowEnd = i
    if i < n {
      if bytes[i] == cr {
        guard i + 1 < n || atEnd else { return nil }
        i += (i + 1 < n && bytes[i + 1] == lf) ? 2 : 1
      } else {
        i += 1
      }
    }
    let row = UnsafeBufferPointer(rebasing: bytes[pos..<rowEnd])
    guard UTF8Validation.isValid(row) else { return nil }
    let base = pos
    for k in cells.indices { cells[k] = cells[k].lowerBound - base..<cells[k].upperBound - base }
    return .row(Row(text: ByteText(row), cells: cells, line: line, issues: [], holdsOnlyDelimiters: row.count == cells.count - 1),
                end: i, lines: 1)
  }

  /// Appends the field's bytes to the row's; a byte that is not UTF-8 is reported at its line
  /// and column and shown as U+FFFD, never silently dropped.
  private func appendChecked(_ bytes: UnsafeBufferPointer<UInt8>, to text: inout ByteText, line: Int, column: Int, issues: inout [Issue]) {
    if ByteWords.hasNonASCII(bytes), UTF8Validation.firstInvalidByte(bytes) != nil {
      var badLine = line, badColumn = column, k = 0
      for bad in UTF8Validation.invalidBytes(bytes) {
        while k < bad {
          if bytes[k] == 0x0A { badLine += 1; badColumn = 0 }
          badColumn += 1
          k += 1
        }
        issues.append(Issue("ENCODING_INVALID_BYTE", .error,
                            at: Locator(file: path, line: badLine, column: badColumn, record: recordNumber + 1),
                            String(format: "byte 0x%02X is not UTF-8; the file mixes encodings. Re-save it as UTF-8, or pass --encoding windows-1252 if it is a Windows export", bytes[bad])))
      }
      text.append(String(decoding: bytes, as: UTF8.self))
      return
    }
    text.append(contentsOf: bytes)
  }
}

/// Picks the delimiter of a CSV sample: the candidate (`,` `;` tab `|`) found the same
/// non-zero number of times, outside quotes, on the most of the first lines.
public enum CSVDelimiterSniffer {
  public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]

  public static func sniff(_ sample: [UInt8]) -> UInt8 {
    var counts: [[Int]] = Array(repeating: [], count: candidates.count)
    var current = [Int](repeating: 0, count: candidates.count)
    var inQuotes = false
    var lines = 0
    for b in sample {
      if b == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
      if inQuotes { continue }
      if b == 0x0A {
        for k in candidates.indices { counts[k].append(current[k]) }
        current = [Int](repeating: 0, count: candidates.count)
        lines += 1
        if lines >= 50 { break }
        continue
      }
      if let k = candidates.firstIndex(of: b) { current[k] += 1 }
    }
    if lines < 50 { for k in candidates.indices where current[k] > 0 || counts[k].isEmpty { counts[k].append(current[k]) } }
    var best = candidates[0]
    var bestScore = 0
    for (k, perLine) in counts.enumerated() {
      guard let headerCount = perLine.first, headerCount > 0 else { continue }
      let consistent = perLine.filter { $0 == headerCount }.count
      let score = consistent * 1000 + min(headerCount, 999)
      if score > bestScore { bestScore = score; best = candidates[k] }
    }
    return best
  }
}
