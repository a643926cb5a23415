/// What normalising one source value gives: one or more values (a cell may hold several emails
/// or phones) and the issues found, without the record's locator.
struct Outcome {
  /// One value's parts, as ranges of ``text`` (a detail of start -1: none).
  struct Part {
    var valueStart: Int32, valueCount: Int32
    var keyStart: Int32, keyCount: Int32
    var detailStart: Int32, detailCount: Int32
  }

  struct Finding {
    var code: String
    var severity: Severity
    var message: String
  }

  /// The values' parts as UTF-8, one after the other: copied into a record without touching
  /// a string.
  private(set) var text = ByteText()
  private(set) var parts = FlatBuffer<Part>()
  private(set) var findings: [Finding] = []

  mutating func add(_ value: String, key: String? = nil, detail: String? = nil) {
    let value = store(value)
    let key = key.map { store($0) } ?? value
    let detail = detail.map { store($0) } ?? (-1, 0)
    parts.append(Part(valueStart: value.0, valueCount: value.1, keyStart: key.0, keyCount: key.1, detailStart: detail.0, detailCount: detail.1))
  }

  /// A value given as UTF-8; its key shares its bytes when they are the same.
  mutating func add(utf8 value: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>, detail: String? = nil) {
    let valueSpan = store(value)
    let keySpan = key.hasSameBytes(as: value) ? valueSpan : store(key)
    let detail = detail.map { store($0) } ?? (-1, 0)
    parts.append(Part(valueStart: valueSpan.0, valueCount: valueSpan.1, keyStart: keySpan.0, keyCount: keySpan.1,
                      detailStart: detail.0, detailCount: detail.1))
  }

  mutating func issue(_ code: String, _ severity: Severity, _ message: String) {
    findings.append(Finding(code: code, severity: severity, message: message))
  }

  private mutating func store(_ string: String) -> (Int32, Int32) {
    string.withUTF8Bytes { store($0) }
  }

  private mutating func store(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int32, Int32) {
    // One allocation for the usual outcome (a value, its key, a detail), not one per growth.
    if text.isEmpty { text.reserveCapacity(max(48, 3 * bytes.count)) }
    let start = Int32(text.count)
    text.append(contentsOf: bytes)
    return (start, Int32(bytes.count))
  }

  /// Forgets the values and findings, keeping the room they took.
  mutating func removeAll() {
    text.removeAll(keepingCapacity: true)
    parts.removeAll(keepingCapacity: true)
    findings.removeAll(keepingCapacity: true)
  }

  /// Mutating only so that it is called on the outcome where it lies, not on a copy.
  mutating func withView<Result>(_ body: (View) -> Result) -> Result {
    text.withUnsafeBufferPointer { text in
      parts.withUnsafeBufferPointer { View.lend(text: text, parts: $0, findings: findings, findings.indices, body) }
    }
  }

  /// An outcome read in place: pointers, so that lending it counts no references.
  struct View {
    let text: UnsafeBufferPointer<UInt8>
    let parts: UnsafeBufferPointer<Part>
    let findings: UnsafeBufferPointer<Finding>

    func bytes(_ start: Int32, _ count: Int32) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(start: text.baseAddress.map { $0 + Int(start) }, count: Int(count))
    }

    /// The first value, as text.
    var firstValue: String? {
      parts.first.map { String(decoding: bytes($0.valueStart, $0.valueCount), as: UTF8.self) }
    }

    /// Calls `body` with a view of `text`, `parts` and `findings[range]`. Findings are rare: their
    /// array is lent (and counted) only when the range holds some.
    static func lend<Result>(text: UnsafeBufferPointer<UInt8>, parts: UnsafeBufferPointer<Part>, findings: [Finding],
                             _ range: Range<Int>, _ body: (View) -> Result) -> Result {
      guard !range.isEmpty else { return body(View(text: text, parts: parts, findings: UnsafeBufferPointer(start: nil, count: 0))) }
      return findings.withUnsafeBufferPointer { body(View(text: text, parts: parts, findings: UnsafeBufferPointer(rebasing: $0[range]))) }
    }
  }
}

/// Outcomes of one field remembered by the bytes of the original they came from, kept flat
/// (one buffer of bytes, one list of parts, one of findings for all of them) and lent as views:
/// an outcome of three arrays of its own would have each counted twice per value lent, and
/// lending an array across a call counts it too, so bytes and parts are in flat buffers.
struct OutcomeMemo {
  private struct Start {
    var parts: Int32
    var findings: Int32
  }

  private var keys = ByteMemo<Int32>()
  private var text = ByteText()
  private var parts = FlatBuffer<Outcome.Part>()
  private var findings: [Outcome.Finding] = []
  /// Per outcome, where its parts and findings begin (they end where the next one's begin).
  private var starts = FlatBuffer<Start>()

  var count: Int { starts.count }

  /// The number of the outcome remembered for `key`, if any.
  func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int? {
    keys.find(key, hash: hash)
  }

  /// Remembers `outcome` for `key` (not yet known) and returns its number.
  /// `inout` only so that the outcome is read where it lies; it is not changed.
  mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, outcome: inout Outcome) -> Int {
    let number = keys.insert(key, hash: hash, value: Int32(starts.count))
    let offset = Int32(text.count)
    starts.append(Start(parts: Int32(parts.count), findings: Int32(findings.count)))
    outcome.text.withUnsafeBufferPointer { text.append(contentsOf: $0) }
    outcome.parts.withUnsafeBufferPointer {
      for var part in $0 {
        part.valueStart += offset
        part.keyStart += offset
        if part.detailStart >= 0 { part.detailStart += offset }
        parts.append(part)
      }
    }
    findings.append(contentsOf: outcome.findings)
    return number
  }

  /// Calls `body` with outcome `number` in place. Mutating only so that it is called on the memo
  /// where it lies: called on a value, the memo would be copied, a count per array, for each call.
  mutating func withView<Result>(_ number: Int, _ body: (Outcome.View) -> Result) -> Result {
    let first = starts[number]
    let next = number + 1 < starts.count ? starts[number + 1] : Start(parts: Int32(parts.count), findings: Int32(findings.count))
    return text.withUnsafeBufferPointer { text in
      parts.withUnsafeBufferPointer { parts in
        Outcome.View.lend(text: text, parts: UnsafeBufferPointer(rebasing: parts[Int(first.parts)..<Int(next.parts)]), findings: findings,
                          Int(first.findings)..<Int(next.findings), body)
      }
    }
  }

  mutating func removeAll() {
    keys.removeAll()
    text.removeAll(keepingCapacity: true)
    parts.removeAll(keepingCapacity: true)
    findings.removeAll(keepingCapacity: true)
    starts.removeAll(keepingCapacity: true)
  }
}
