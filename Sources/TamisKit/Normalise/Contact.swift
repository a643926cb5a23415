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
public struct Contact: Hashable, Sendable {
  public var locator: Locator
  public var source: String
  /// Values per canonical field, indexed by ``ContactField/index``.
  public var values: [[NormalisedValue]]
  public var custom: [CustomValue]
  public var extras: [SourceField]
  public var issues: [Issue]

  public init(locator: Locator, source: String) {
    self.locator = locator
    self.source = source
    self.values = Array(repeating: [], count: ContactField.count)
    self.custom = []
    self.extras = []
    self.issues = []
  }

  public subscript(field: ContactField) -> [NormalisedValue] {
    get { values[field.index] }
    // In place: appending to a field must not copy its array.
    _modify { yield &values[field.index] }
  }

  /// The first usable value of a field.
  public func first(_ field: ContactField) -> NormalisedValue? {
    values[field.index].first { $0.isUsable }
  }

  /// Every usable phone, whatever the column said (phone, mobile, landline).
  public var phones: [NormalisedValue] {
    (self[.mobile] + self[.phone] + self[.landline]).filter(\.isUsable)
  }

  /// Whether the record has a usable phone (without building the list).
  public var hasPhone: Bool {
    [ContactField.mobile, .phone, .landline].contains { field in values[field.index].contains(where: \.isUsable) }
  }

  public var emails: [NormalisedValue] { self[.email].filter(\.isUsable) }

  /// Whether an issue is an error (the record is quarantined); reads severities in place.
  public var hasErrors: Bool {
    issues.withUnsafeBufferPointer { issues in issues.indices.contains { issues[$0].severity == .error } }
  }

  /// The source id, or `line:N` when the record has none (how reports name a record).
  public var recordId: String {
    let id = values[ContactField.sourceId.index].withUnsafeBufferPointer { ids in
      ids.indices.first { ids[$0].isUsable }.map { ids[$0].value }
    }
    return id ?? "line:\(locator.line ?? locator.record ?? 0)"
  }
}
