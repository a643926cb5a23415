/// The dates and status retention counts from, over all of a golden record's source records:
/// the earliest creation, the latest contact and purchase (CNIL: prospects are kept 3 years from
/// their last contact, customers 3 years from the end of the relationship), so that a stale
/// duplicate neither keeps a person alive forever nor erases a live customer.
public struct ReferenceDates: Hashable, Sendable {
  /// The golden record's own customer status (chosen by survivorship).
  public var customerStatus: String?
  public var createdAt: String?
  /// The last contact that came from the person (a reply, a click, a request).
  public var lastContactAt: String?
  public var lastPurchaseAt: String?
  /// The latest contract end among its members (a renewal moves it).
  public var contractEndAt: String?

  public init(customerStatus: String? = nil, createdAt: String? = nil, lastContactAt: String? = nil, lastPurchaseAt: String? = nil,
              contractEndAt: String? = nil) {
    self.customerStatus = customerStatus
    self.createdAt = createdAt
    self.lastContactAt = lastContactAt
    self.lastPurchaseAt = lastPurchaseAt
    self.contractEndAt = contractEndAt
  }

  /// Dates are ISO 8601 once normalised, so they compare as text.
  public init(_ views: [SurvivorView], customerStatus: String?) {
    func values(_ field: ContactField) -> [String] { views.flatMap { $0.values[field.index] } }
    self.init(customerStatus: customerStatus, createdAt: values(.createdAt).min(), lastContactAt: values(.lastContactAt).max(),
              lastPurchaseAt: values(.lastPurchaseAt).max(), contractEndAt: values(.contractEndAt).max())
  }
}

/// A golden record as the store keeps it: its `referential.json` and `referential.csv` lines
/// and its reference dates.
public struct StoredGolden: Hashable, Sendable {
  public var id: String
  public var json: String
  public var csv: String
  public var dates: ReferenceDates

  public init(_ record: GoldenRecord, dates: ReferenceDates) {
    id = record.id
    json = record.json
    csv = record.csvLine
    self.dates = dates
  }
}
