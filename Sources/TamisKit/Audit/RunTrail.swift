/// A run's trail in the audit log, built in the order it is written: opening events (run
/// started, rules changed, model trained, golden records merged away), then one entry per record
/// written and golden record created — leaves of one Merkle tree, sealed a block at a time on
/// every core — then the `entries_committed` event holding their root, then `run_ended`.
public struct RunTrail {
  public let runId: String
  public let actor: String
  /// One time for every event of the run, taken as its store transaction begins.
  public let time: String
  private var chain: AuditChain
  private var sequence: Int
  private var tree = MerkleTree.Accumulator()

  /// Starts after the store's last event.
  public init(runId: String, actor: String, time: String, after head: AuditHead) {
    self.runId = runId
    self.actor = actor
    self.time = time
    chain = AuditChain(after: head.hash)
    sequence = head.sequence
  }

  /// The chain's head once what was sealed so far is written.
  public var head: AuditHead { AuditHead(sequence: sequence, hash: chain.lastHash) }

  /// Seals chain events of this run, in order.
  public mutating func seal(_ events: [(kind: String, ids: [(String, String)])]) -> [SealedEvent] {
    let drafts = events.map { event -> AuditEvent.Draft in
      sequence += 1
      return AuditEvent.Draft(sequence: sequence, time: time, actor: actor, runId: runId, kind: event.kind, payload: event.ids)
    }
    return chain.seal(drafts)
  }

  /// Seals a block of entries at the next positions under the coming `entries_committed` event.
  public mutating func seal(entries: [AuditEntry]) -> [SealedEntry] {
    let first = tree.count, committing = sequence + 1
    let sealed = Parallel.map(entries.count, minimumChunk: 4096) { range in
      range.map { SealedEntry(entries[$0], position: first + $0, event: committing) }
    }
    for entry in sealed { tree.append(entry.leafHash) }
    return sealed
  }

  /// The event committing every entry sealed so far (none: an empty tree, still committed).
  public mutating func commitEntries() -> SealedEvent {
    seal([("entries_committed", [("entries", String(tree.count)), ("root", FileDigest.hex(tree.root))])])[0]
  }
}
