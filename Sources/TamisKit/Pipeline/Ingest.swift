import Foundation

/// The first half of the pipeline over a feed: read → map → normalise → validate, streaming
/// batches of contacts to a sink in input order.
///
/// Normalisation runs on every core, a batch at a time; the order of records, and so every
/// output, is the same whatever the number of cores.
public final class Ingest {
  public struct Configuration: Sendable {
    public var inputs: [String]
    /// Mapping files to choose from by their `files:` globs (`rules/mappings/`).
    public var mappings: [Mapping] = []
    /// A mapping given with `--mapping`, used for every input.
    public var mapping: Mapping?
    /// Reading choices given on the command line; they win over the mapping's.
    public var read = ReadOptions()
    public var rules = ValidationRules()
    public var referenceDate = CivilDate.today()
    public var workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var batchSize = 4096
    public var maxExamplesPerCode = 1000

    public init(inputs: [String]) {
      self.inputs = inputs
    }
  }

  public let configuration: Configuration
  /// The columns each source's exports were read from, as fields, once ``run(progress:sink:)`` has run.
  public private(set) var sourceColumns = Set<SourceColumn>()

  public init(_ configuration: Configuration) {
    self.configuration = configuration
  }

  /// The mapping and reading options that apply to one input.
  public func plan(for path: String) -> (mapping: Mapping, read: ReadOptions) {
    let mapping = configuration.mapping ?? Mapping.select(for: path, among: configuration.mappings)
    var read = mapping.read
    let given = configuration.read
    if let format = given.format { read.format = format }
    if let encoding = given.encoding { read.encoding = encoding }
    if let delimiter = given.delimiter { read.delimiter = delimiter }
    if let path = given.recordPath { read.recordPath = path }
    read.columnNames = HeaderSynonyms.columnNameTest
    return (mapping, read)
  }

  /// What a file's first records say before the file is normalised: the order of their dates
  /// (when no mapping declares it) and the column holding their ids (when none is named); nil
  /// when the file cannot be opened again.
  func sample(_ input: String, options: ReadOptions, mapping: Mapping) -> (dates: DateOrderVote?, sourceId: String?)? {
    let dateRecords = mapping.dateOrder == nil ? DateOrderVote.sampleRecords : 0
    let idRecords = mapping.detectsOtherColumns ? SourceIdDetection.sampleRecords : 0
    guard dateRecords + idRecords > 0, let reader = try? Readers.open(input, options: options) else { return nil }
    let mapper = Mapper(mapping: mapping, file: input)
    var vote = DateOrderVote()
    var ids = SourceIdDetection()
    for index in 0..<max(dateRecords, idRecords) {
      guard let record = try? reader.next() else { break }
      if index < idRecords { ids.count(record, target: mapper.target(for:)) }
      if index < dateRecords { vote.count(mapper.map(record)) }
    }
    return (dateRecords > 0 ? vote : nil, ids.column)
  }

  /// Runs the feed; `sink` gets each batch of contacts, quarantined ones included (check
  /// `hasErrors`), in input order.
  /// - Throws: `ReadError.cannotOpen` (a missing input), or what `sink` throws.
  public func run(progress: Progress? = nil, sink: ([Contact]) throws -> Void) throws -> FeedTally {
    try run(progress: progress, prepare: { $0 }, sink: sink)
  }

  /// Runs the feed; `prepare` runs on the worker that normalised a batch (to render or key its
  /// contacts in parallel), and `sink` gets each batch with what was prepared, in input order.
  public func run<Prepared>(progress: Progress? = nil, prepare: @escaping ([Contact]) -> Prepared,
                            sink: ([Contact], Prepared) throws -> Void) throws -> FeedTally {
    try run(progress: progress, prepare: { contacts in (copy contacts, prepare(contacts)) }) { try sink($0.0, $0.1) }
  }

  /// Runs the feed; `prepare` turns each batch of contacts into what `sink` needs, on the worker
  /// that normalised it, and `sink` gets what was prepared in input order. The contacts
  /// themselves stay on their worker and are freed there unless `prepare` hands them on:
  /// freeing a million records on another core costs more than rendering them.
  public func run<Prepared>(progress: Progress? = nil, prepare: @escaping (consuming [Contact]) -> Prepared,
                            sink: (Prepared) throws -> Void) throws -> FeedTally {
    var tally = FeedTally(maxExamplesPerCode: configuration.maxExamplesPerCode)
    let workers = configuration.workers
    for input in configuration.inputs {
      let (mapping, readOptions) = plan(for: input)
      let reader: RecordReader
      do {
        reader = try Readers.open(input, options: readOptions)
      } catch let error as ReadError {
        if case .cannotOpen = error { throw error }
        tally.begin(FileProfile(file: input, format: readOptions.format ?? .xml, encoding: readOptions.encoding ?? .utf8))
        tally.fileIssue(Issue(error.code, .error, at: error.locator, error.message))
        continue
      }
      tally.begin(reader.profile)
      let sample = sample(input, options: readOptions, mapping: mapping)
      let mapper = Mapper(mapping: mapping, file: input)
      if let column = sample?.sourceId {
        mapper.detectedSourceId = column
        tally.fileIssue(Issue("SOURCE_ID_DETECTED", configuration.rules.severity(of: "SOURCE_ID_DETECTED", default: .info),
                              at: Locator(file: input, field: column),
                              "the column '\(column)' is read as the records' ids: named like an id, its values in the first \(SourceIdDetection.sampleRecords) records are all present and different; declare it (or another) as source_id in a mapping to be sure"))
      }
      if let csv = reader as? CSVReader {
        for issue in mapper.check(header: csv.header, file: input) {
          tally.fileIssue(Issue(issue.code, configuration.rules.severity(of: issue.code, default: issue.severity), at: issue.locator, issue.message))
        }
      }
      var dateOrder = mapping.dateOrder ?? .dayFirst
      if let vote = sample?.dates, vote.verdict == .monthFirst {
        dateOrder = .monthFirst
        tally.fileIssue(Issue("DATE_ORDER_DETECTED", configuration.rules.severity(of: "DATE_ORDER_DETECTED", default: .info),
                              at: Locator(file: input),
                              "dates read month-first: of the dates in the first \(DateOrderVote.sampleRecords) records, \(vote.monthFirst) can only be month-first and \(vote.dayFirst) only day-first; declare date_order in a mapping file to read them otherwise"))
      }
      let options = NormaliseOptions(defaultRegion: mapping.defaultRegion, dateOrder: dateOrder,
                                     referenceDate: configuration.referenceDate)
      let normalisers = (0..<workers).map { _ in Normaliser(options: options) }
      progress?.begin(file: input, size: reader.profile.sizeInBytes)
      let producer = BatchProducer(reader: reader, mapper: mapper, batchSize: configuration.batchSize)
      let validators = (0..<workers).map { _ in Validator(rules: configuration.rules) }
      let profile = reader.profile, maxExamples = configuration.maxExamplesPerCode
      let pool = BatchWorkers(workers: workers, producer: producer) { worker, batch -> (Prepared, FeedTally, Int) in
        let normaliser = normalisers[worker], validator = validators[worker]
        var counts = FeedTally(maxExamplesPerCode: maxExamples)
        counts.begin(profile)
        // Records are lent in place and contacts made, validated and counted where they lie in the
        // batch handed on: a value copied out of an array, or into one, costs a count per array
        // and string it holds.
        let bytesRead = batch.bytesRead
        var records = (consume batch).records
        var contacts: [Contact] = []
        contacts.reserveCapacity(records.count)
        for index in records.indices {
          normaliser.normalise(lending: &records[index], into: &contacts)
          validator.validate(&contacts[index])
          counts.count(lending: &contacts[index])
        }
        return (prepare(consume contacts), counts, bytesRead)
      }
      defer { pool.finish() }
      while let (prepared, counts, bytesRead) = pool.next() {
        tally.add(counts)
        try sink(prepared)
        progress?.update(records: tally.read, bytes: bytesRead)
      }
      sourceColumns.formUnion(mapper.sourceColumns)
      var stopped: ReadError?
      if let error = producer.stopped {
        guard let readError = error as? ReadError else { throw error }
        stopped = readError
      }
      for issue in reader.fileIssues {
        tally.fileIssue(Issue(issue.code, configuration.rules.severity(of: issue.code, default: issue.severity),
                              at: issue.locator, issue.message))
      }
      if let stopped {
        tally.fileIssue(Issue(stopped.code, configuration.rules.severity(of: stopped.code, default: .error),
                              at: stopped.locator, stopped.message))
      }
      progress?.end()
    }
    tally.applyThresholds(configuration.rules)
    return tally
  }
}
