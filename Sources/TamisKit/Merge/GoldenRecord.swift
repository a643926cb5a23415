/// What survivorship needs of a source record: its usable display values per field and how
/// recent it is. Small enough to keep for a million records, and stored beside each record.
public struct SurvivorView: Hashable, Sendable {
  public var source: String
  public var recordId: String
  /// updated_at, else created_at, else last_contact_at (ISO 8601, comparable as text); "" when unknown.
  public var recency: String
  /// Usable values per field, indexed by ``ContactField/index``.
  public var values: [[String]]

  public init(source: String, recordId: String, recency: String, values: [[String]]) {
    self.source = source
    self.recordId = recordId
    self.recency = recency
    self.values = values
  }

  public init(_ contact: Contact) {
    let recency = contact.first(.updatedAt)?.value ?? contact.first(.createdAt)?.value ?? contact.first(.lastContactAt)?.value ?? ""
    self.init(source: contact.source, recordId: contact.recordId, recency: recency,
              values: ContactField.allCases.map { field in contact[field].filter(\.isUsable).map(\.value) })
  }

  public var reference: String { source + ":" + recordId }

  /// The fields every stored view has. Fields added since (`contract_end_at`) are written only
  /// up to the last one that holds a value: a record without them is encoded as before, so its
  /// fingerprint, and a store's unchanged records, stay the same.
  static let baseFields = 29

  /// A compact text form for the store: fields separated by U+001E, values by U+001F.
  public var encoded: String {
    var count = values.count
    while count > SurvivorView.baseFields, values[count - 1].isEmpty { count -= 1 }
    return ([source, recordId, recency] + values.prefix(count).map { $0.joined(separator: "\u{1F}") }).joined(separator: "\u{1E}")
  }

  public init?(encoded: String) {
    let parts = encoded.splitBytes(0x1E)
    guard (3 + SurvivorView.baseFields...3 + ContactField.count).contains(parts.count) else { return nil }
    var values = parts[3...].map { $0.isEmpty ? [] : $0.splitBytes(0x1F) }
    values += Array(repeating: [], count: ContactField.count - values.count)
    self.init(source: parts[0], recordId: parts[1], recency: parts[2], values: values)
  }
}

/// One value of a golden record with its lineage: the source record it came from.
public struct GoldenValue: Hashable, Sendable, Codable {
  public var value: String
  public var source: String
  public var recordId: String
}

/// The merged view of one person, built from source records by survivorship rules, each field
/// with its lineage. Its id is stable across runs.
public struct GoldenRecord: Hashable, Sendable {
  public var id: String
  /// Chosen values per field (several for `union` fields), indexed by ``ContactField/index``.
  public var fields: [[GoldenValue]]
  /// The member source records, as `source:record_id`, sorted.
  public var members: [String]

  public subscript(field: ContactField) -> [GoldenValue] { fields[field.index] }

  /// The columns of `referential.csv`.
  public static let csvHeader = ["golden_id"] + ContactField.goldenFields.map(\.rawValue) + ["members"]

  /// One line of `referential.csv`: several values of a field joined by " | ".
  public var csvLine: String {
    let row = [id] + ContactField.goldenFields.map { self[$0].map(\.value).joined(separator: " | ") } + [String(members.count)]
    return String(decoding: CSVText.line(row), as: UTF8.self)
  }

  /// One line of `referential.json`: fields with lineage, then members.
  public var json: String {
    var json = JSONText()
    json.beginObject()
    json.string("golden_id", id)
    json.beginObject("fields")
    for field in ContactField.allCases where !self[field].isEmpty {
      let values = self[field]
      if field.isMultiValued {
        json.beginArray(field.rawValue)
        for value in values { GoldenRecord.write(value, key: nil, into: &json) }
        json.endArray()
      } else if let value = values.first {
        GoldenRecord.write(value, key: field.rawValue, into: &json)
      }
    }
    json.endObject()
    json.beginArray("members")
    for member in members { json.string(nil, member) }
    json.endArray()
    json.endObject()
    return json.text
  }

  private static func write(_ value: GoldenValue, key: String?, into json: inout JSONText) {
    json.beginObject(key)
    json.string("value", value.value)
    json.string("source", value.source)
    json.string("record_id", value.recordId)
    json.endObject()
  }
}

/// Builds golden records from clusters of source records.
public struct Survivorship: Sendable {
  public let rules: SurvivorshipRules

  public init(rules: SurvivorshipRules) { self.rules = rules }

  private func trust(_ source: String) -> Int {
    rules.sourcePriority.firstIndex(of: source) ?? rules.sourcePriority.count
  }

  /// The golden record of `views` (any order: the result does not depend on it).
  public func merge(id: String, _ views: [SurvivorView]) -> GoldenRecord {
    // A fixed order first: most trusted, then most recent, then by reference.
    let ordered = views.sorted { x, y in
      (trust(x.source), y.recency, x.reference) < (trust(y.source), x.recency, y.reference)
    }
    var fields = [[GoldenValue]](repeating: [], count: ContactField.count)
    let addressSource = choose(.street, ordered)?.view
    // Members carry the source ids; opt-ins go to the consent ledger.
    for field in ContactField.goldenFields where field != .sourceId {
      if SurvivorshipRules.addressFields.contains(field), let view = addressSource {
        fields[field.index] = view.values[field.index].prefix(field == .street ? 3 : 1).map {
          GoldenValue(value: $0, source: view.source, recordId: view.recordId)
        }
        continue
      }
      if rules.rule(for: field) == .union {
        var seen = Set<String>()
        for view in ordered {
          for value in view.values[field.index] where seen.insert(value).inserted {
            fields[field.index].append(GoldenValue(value: value, source: view.source, recordId: view.recordId))
          }
        }
        continue
      }
      if let chosen = choose(field, ordered) {
        fields[field.index] = [GoldenValue(value: chosen.value, source: chosen.view.source, recordId: chosen.view.recordId)]
      }
    }
    return GoldenRecord(id: id, fields: fields, members: views.map(\.reference).sorted())
  }

  private func choose(_ field: ContactField, _ ordered: [SurvivorView]) -> (value: String, view: SurvivorView)? {
    let candidates = ordered.compactMap { view in view.values[field.index].first.map { ($0, view) } }
    guard !candidates.isEmpty else { return nil }
    switch rules.rule(for: field) {
    case .mostTrusted, .union:
      return candidates.min { trust($0.1.source) < trust($1.1.source) }
    case .mostRecent:
      // `ordered` puts trust first; recency wins here, trust breaks ties.
      return candidates.enumerated().min { x, y in
        (y.element.1.recency, x.offset) < (x.element.1.recency, y.offset)
      }?.element
    case .mostFrequent:
      var counts: [String: Int] = [:]
      for (value, _) in candidates { counts[value, default: 0] += 1 }
      let best = counts.values.max() ?? 0
      return candidates.first { counts[$0.0] == best }
    case .longest:
      return candidates.enumerated().min { x, y in (-x.element.0.count, x.offset) < (-y.element.0.count, y.offset) }?.element
    }
  }
}
