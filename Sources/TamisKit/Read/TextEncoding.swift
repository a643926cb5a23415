/// The character encodings exports come in. French Excel writes Windows-1252; most systems
/// write UTF-8, sometimes with a byte-order mark; some Windows tools write UTF-16.
public enum TextEncoding: String, Hashable, Sendable, Codable, CaseIterable {
  case utf8 = "utf-8"
  case utf16LE = "utf-16le"
  case utf16BE = "utf-16be"
  case windows1252 = "windows-1252"

  /// Parses a name given with `--encoding` (`latin1`, `cp1252` and `iso-8859-1` read as
  /// Windows-1252, a superset for printable text).
  public init?(name: String) {
    switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
    case "utf-8", "utf8": self = .utf8
    case "utf-16le", "utf16le", "utf-16", "utf16": self = .utf16LE
    case "utf-16be", "utf16be": self = .utf16BE
    case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "iso8859-1", "ansi": self = .windows1252
    default: return nil
    }
  }
}

/// Guesses an encoding from the first bytes of a file: a byte-order mark wins; otherwise valid
/// UTF-8 is UTF-8 and anything else is Windows-1252 (the encoding of French Excel exports).
public enum EncodingSniffer {
  /// The encoding and the length of the byte-order mark to skip.
  public static func sniff(_ sample: [UInt8]) -> (TextEncoding, bomLength: Int) {
    if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
    if sample.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
    if sample.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
    // UTF-16 without a mark: every other byte zero in ASCII text.
    if sample.count >= 4 {
      let pairs = min(sample.count / 2, 256)
      var evenZero = 0, oddZero = 0
      for i in 0..<pairs {
        if sample[2 * i] == 0 { evenZero += 1 }
        if sample[2 * i + 1] == 0 { oddZero += 1 }
      }
      if oddZero * 10 >= pairs * 9 && evenZero == 0 { return (.utf16LE, 0) }
      if evenZero * 10 >= pairs * 9 && oddZero == 0 { return (.utf16BE, 0) }
    }
    // Valid multi-byte sequences beside a few bad bytes mean a UTF-8 file with errors (reported
    // where they are, the valid names kept intact); bad bytes alone, or with a rare pair that
    // happens to read as UTF-8 (one for twenty bad), mean a single-byte Windows export.
    var valid = 0, invalid = 0
    var i = 0
    let end = sample.count - 3  // a sequence cut by the sample's end is not judged
    while i < end {
      if sample[i] < 0x80 { i += 1; continue }
      if let bad = UTF8Validation.firstInvalidByte(sample[i..<min(sample.count, i + 4)]), bad == i {
        invalid += 1
        i += 1
      } else {
        valid += 1
        i += sample[i] >= 0xF0 ? 4 : sample[i] >= 0xE0 ? 3 : 2
      }
    }
    return invalid > 0 && valid * 20 < invalid ? (.windows1252, 0) : (.utf8, 0)
  }
}
