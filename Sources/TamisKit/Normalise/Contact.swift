import Foundation

/// One value after normalisation, beside the original it came from.
///
/// `value` is what the referential shows ("" when the original could not be used);
/// `key` is what matching compares (accent-folded, abbreviations expanded, …).
public struct NormalisedValue: Hashable, Sendable, Codable {
  public var original: String
  public var value: String
  public var key: String
  /// A qualifier: the phone's type (`mobile`), `role` for a role address, `cedex`, …
  public var detail: String?
  /// The source column (key, path) the value came from.
  public var column: String

  public init(original: String, value: String, key: String, detail: String? = nil, column: String) {
    self.original = original
    self.value = value
    self.key = key
    self.detail = detail
    self.column = column
  }

  public var isUsable: Bool { !value.isEmpty }
}

/// A custom field's normalised value (declared in a mapping file with a type).
public struct CustomValue: Hashable, Sendable, Codable {
  public var field: Mapping.CustomField
  public var value: NormalisedValue
}

/// A source record after normalisation: canonical fields with originals, custom fields, extras
/// kept verbatim, and every issue found on the way.
///
/// The canonical values live as UTF-8 in one buffer per record, each value a set of ranges into
/// it: a million records are built, rendered and freed per run, and one buffer costs two
/// allocations where a string per part and an array per field cost dozens, and reference counts
/// on every copy. ``subscript(_:)`` gives a field's values as ``NormalisedValue``s.
public struct Contact: Hashable, Sendable {
  public var locator: Locator
  public var source: String
  public var custom: [CustomValue]
  public var extras: [SourceField]
  public var issues: [Issue]
  /// The bytes of every canonical value's parts.
  private var text = ByteText()
  /// The canonical values in field order, and in the order added within a field.
  private var slots: [Slot] = []

  /// A range of `text`; a count of -1 stands for no text at all (a value without detail).
  struct Span: Hashable, Sendable {
    var start: Int32
    var count: Int32
    static let none = Span(start: 0, count: -1)
  }

  struct Slot: Hashable, Sendable, FieldOrdered {
    var field: ContactField
    var original: Span
    var value: Span
    var key: Span
    var detail: Span
    var column: Span
  }

  public init(locator: Locator, source: String) {
    self.locator = locator
    self.source = source
    self.custom = []
    self.extras = []
    self.issues = []
  }

  /// Reserves room for about `values` values of `bytes` bytes of text in all.
  mutating func reserve(values: Int, bytes: Int) {
    slots.reserveCapacity(values)
    text.reserveCapacity(bytes)
  }

  /// A field's values, in the order they were added.
  public subscript(field: ContactField) -> [NormalisedValue] {
    withValues { values in values.indices.compactMap { values.field($0) == field ? values[$0].normalisedValue : nil } }
  }

  /// Adds a value after the field's others.
  public mutating func append(_ value: NormalisedValue, to field: ContactField) {
    let original = store(value.original), column = store(value.column)
    value.value.withUTF8Bytes { text in
      value.key.withUTF8Bytes { key in
        guard let detail = value.detail else {
          return append(field, original: original, value: text, key: key, detail: nil, column: column)
        }
        detail.withUTF8Bytes { append(field, original: original, value: text, key: key, detail: $0, column: column) }
      }
    }
  }

  /// Copies `string`'s bytes into the record's text.
  mutating func store(_ string: String) -> Span {
    string.withUTF8Bytes { store($0) }
  }

  /// Copies `bytes` into the record's text (inlined: called for nearly every part of every value).
  @inline(__always)
  mutating func store(_ bytes: UnsafeBufferPointer<UInt8>) -> Span {
    let start = Int32(text.count)
    text.append(contentsOf: bytes)
    return Span(start: start, count: Int32(bytes.count))
  }

  /// Adds a value whose original and column are already stored; its value and key share the
  /// bytes of the original (or the value) when they are the same.
  mutating func append(_ field: ContactField, original: Span, value: UnsafeBufferPointer<UInt8>, key: UnsafeBufferPointer<UInt8>,
                       detail: UnsafeBufferPointer<UInt8>?, column: Span) {
    let valueSpan = sameBytes(value, original) ? original : store(value)
    let keySpan = sameBytes(key, valueSpan) ? valueSpan : store(key)
    slots.appendInFieldOrder(Slot(field: field, original: original, value: valueSpan, key: keySpan,
                                  detail: detail.map { store($0) } ?? .none, column: column))
  }

  private func sameBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ span: Span) -> Bool {
    guard bytes.count == Int(span.count) else { return false }
    return text.withUnsafeBufferPointer { bytes.hasSameBytes(as: UnsafeBufferPointer(rebasing: $0[Int(span.start)..<Int(span.start) + bytes.count])) }
  }

  /// The canonical values read in place, without building strings.
  struct Values {
    let text: UnsafeBufferPointer<UInt8>
    let slots: UnsafeBufferPointer<Slot>

    var count: Int { slots.count }
    var indices: Range<Int> { slots.indices }

    func field(_ index: Int) -> ContactField { slots[index].field }

    /// The value's bytes alone (a CSV cell), without making its other parts.
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8> { bytes(slots[index].value) }

    /// A span's bytes. Spans are made by `store` inside `text`: no bounds to check again, value after value.
    @inline(__always)
    private func bytes(_ span: Span) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(start: text.baseAddress.map { $0 + Int(span.start) }, count: Int(max(span.count, 0)))
    }

    @inline(__always)
    subscript(index: Int) -> ValueBytes {
      let slot = slots[index]
      return ValueBytes(original: bytes(slot.original), value: bytes(slot.value), key: bytes(slot.key),
                        detail: slot.detail.count < 0 ? nil : bytes(slot.detail), column: bytes(slot.column),
                        valueIsOriginal: slot.value == slot.original, keyIsValue: slot.key == slot.value)
    }
  }

  /// One value's parts as UTF-8, valid inside ``withValues(_:)`` only.
  struct ValueBytes {
    let original: UnsafeBufferPointer<UInt8>
    let value: UnsafeBufferPointer<UInt8>
    let key: UnsafeBufferPointer<UInt8>
    let detail: UnsafeBufferPointer<UInt8>?
    let column: UnsafeBufferPointer<UInt8>
    /// Whether value and original (key and value) are the same bytes, known without comparing.
    let valueIsOriginal: Bool
    let keyIsValue: Bool

    var isUsable: Bool { !value.isEmpty }

    /// Calls `body` with the parts of a value built outside a record (a custom field's).
    static func with<Result>(_ value: NormalisedValue, _ body: (ValueBytes) -> Result) -> Result {
      value.original.withUTF8Bytes { original in
        value.value.withUTF8Bytes { text in
          value.key.withUTF8Bytes { key in
            value.column.withUTF8Bytes { column in
              func make(_ detail: UnsafeBufferPointer<UInt8>?) -> Result {
                body(ValueBytes(original: original, value: text, key: key, detail: detail, column: column,
                                valueIsOriginal: false, keyIsValue: false))
              }
              guard let detail = value.detail else { return make(nil) }
              return detail.withUTF8Bytes { make($0) }
            }
          }
        }
      }
    }

    var normalisedValue: NormalisedValue {
      NormalisedValue(original: String(decoding: original, as: UTF8.self), value: String(decoding: value, as: UTF8.self),
                      key: String(decoding: key, as: UTF8.self), detail: detail.map { String(decoding: $0, as: UTF8.self) },
                      column: String(decoding: column, as: UTF8.self))
    }
  }

  func withValues<Result>(_ body: (Values) throws -> Result) rethrows -> Result {
    try text.withUnsafeBufferPointer { text in
      try slots.withUnsafeBufferPointer { slots in try body(Values(text: text, slots: slots)) }
    }
  }

  /// Whether the record has a value of `field`, usable or not.
  public func has(_ field: ContactField) -> Bool {
    slots.withUnsafeBufferPointer { slots in slots.contains { $0.field == field } }
  }

  /// Whether the record has a usable value of `field` (`phone`: in any phone column).
  public func hasUsable(_ field: ContactField) -> Bool {
    if field == .phone { return hasPhone }
    return slots.withUnsafeBufferPointer { slots in slots.contains { $0.field == field && $0.value.count > 0 } }
  }

  /// The first usable value of a field.
  public func first(_ field: ContactField) -> NormalisedValue? {
    withValues { values in
      values.indices.first { values.field($0) == field && values[$0].isUsable }.map { values[$0].normalisedValue }
    }
  }

  /// Every usable phone, whatever the column said (phone, mobile, landline).
  public var phones: [NormalisedValue] {
    (self[.mobile] + self[.phone] + self[.landline]).filter(\.isUsable)
  }

  /// Whether the record has a usable phone (without building the list).
  public var hasPhone: Bool {
    slots.withUnsafeBufferPointer { slots in
      slots.contains { ($0.field == .mobile || $0.field == .phone || $0.field == .landline) && $0.value.count > 0 }
    }
  }

  public var emails: [NormalisedValue] { self[.email].filter(\.isUsable) }

  /// Whether an issue is an error (the record is quarantined); reads severities in place.
  public var hasErrors: Bool {
    issues.withUnsafeBufferPointer { issues in issues.indices.contains { issues[$0].severity == .error } }
  }

  /// The source id, or `line:N` when the record has none (how reports name a record); the
  /// second and later records that begin on one line are `line:N#2`, `line:N#3` ….
  public var recordId: String {
    let id = withValues { values in
      values.indices.first { values.field($0) == .sourceId && values[$0].isUsable }.map { String(decoding: values[$0].value, as: UTF8.self) }
    }
    if let id { return id }
    let line = "line:\(locator.line ?? locator.record ?? 0)"
    return locator.rankOnLine.map { line + "#\($0)" } ?? line
  }
}
