import Foundation
import Testing
import GRDB
@testable import TamisKit

/// A store written by the previous release (`fixtures/stores/v1-referential.db`: three runs, a
/// merge accepted in review, a pair rejected, review pairs pending) is upgraded in place.
@Suite struct StoreUpgradeTests {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("fixtures/stores/v1-referential.db")

  func upgraded() throws -> (ReferentialStore, String) {
    let path = TestFiles.directory().appendingPathComponent("v1.db").path
    try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)
    return (try ReferentialStore(path: path), path)
  }

  @Test func nothingIsLostAndTheChainIsResealedAfterVerifying() throws {
    let (store, _) = try upgraded()
    #expect(try store.storedRecords().count == 29)
    #expect(Set(try store.decisions()) == [ReferentialStore.Decision(kind: "must_link", a: "crm:C0001", b: "eshop:WEB-1001"),
                                           ReferentialStore.Decision(kind: "cannot_link", a: "crm:C0005", b: "eshop:WEB-1010")])
    #expect(try store.reviewPairs(status: nil).count == 8)
    let verification = try AuditVerifier.verify(store)
    #expect(verification.failure == nil && verification.events == 63)
    let last = try #require(try store.auditEvents().last)
    #expect(last.kind == "store_upgraded" && last[id: "v1_head"]?.hasPrefix("62:") == true)
    // The identifying ids left the chain for subjects.
    #expect(try store.auditEvents().allSatisfy { $0[id: "record"] == nil && $0[id: "content_hmac"] == nil && $0[id: "record_a"] == nil })
    #expect(try store.auditSubjects()?.count == 31)
  }

  @Test func goldenRecordsGetTheirReferenceDates() throws {
    let (store, _) = try upgraded()
    let row = try store.queue.read { db in
      try Row.fetchOne(db, sql: "SELECT customerStatus, createdAt, lastContactAt, lastSeenAt FROM goldenRecord WHERE id = 'G00000001'")
    }
    #expect(row?[0] as String? == "customer")
    #expect(row?[1] as String? == "2019-01-02")
    #expect((row?[2] as String?).map { $0 >= "2024-01-01" } == true, "the latest contact of its members")
    #expect(row?[3] as String? != nil)
  }

  /// Model parameters and shared values hold keyed hashes, never a name, email or phone.
  @Test func modelParametersHoldNoPersonalValue() throws {
    let (store, _) = try upgraded()
    let parameters = try store.queue.read { db in try String.fetchAll(db, sql: "SELECT value FROM modelParameter") }.joined()
    for value in ["dupont", "jean", "@", "+33"] { #expect(!parameters.contains(value), "\(value) in the model") }
    let model = try #require(try store.model())
    let hasher = try store.hasher("model_hmac")
    #expect(model.termFrequencies["last_name"]?[hasher.hash("dupont")] != nil)
    #expect(model.revealing(["last_name": ["dupont"]], key: hasher.hash).termFrequencies["last_name"]?["dupont"] != nil)
    // The frequencies became counts per keyed hash, and read back as they were.
    var configuration = Configuration()
    configuration.readonly = true
    let before = try DatabaseQueue(path: Self.fixture.path, configuration: configuration).read { db in
      try JSONDecoder().decode(MatchModel.self, from: Data(try #require(try String.fetchOne(db, sql: "SELECT value FROM modelParameter WHERE name = 'model'")).utf8))
    }
    #expect(!before.termFrequencies.isEmpty && model.termFrequencies == before.pseudonymised(hasher.hash).termFrequencies)
    #expect(try store.queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM modelTerm WHERE count < 1") } == 0)
  }

  /// The upgrade indexes every stored record's emails and phones: a person is found by either.
  @Test func peopleAreFoundByEmailAndPhone() throws {
    let (store, _) = try upgraded()
    let records = try store.storedRecords()
    let k = try #require(records.matches.indices.first { !records.matches[$0].emails.isEmpty && !records.matches[$0].phones.isEmpty })
    #expect(try store.golden(of: .email(records.matches[k].emails[0])) <= records.goldenIds[k])
    #expect(try store.golden(of: .phone(records.matches[k].phones[0])) <= records.goldenIds[k])
  }

  /// Review pairs and decisions go with their source records: no orphan is left.
  @Test func pairsAndDecisionsCascadeWithTheirRecords() throws {
    let (store, _) = try upgraded()
    try store.queue.write { db in try db.execute(sql: "DELETE FROM sourceRecord WHERE source = 'eshop' AND recordId = 'WEB-1001'") }
    #expect(try store.decisions().count == 1)
    #expect(try store.reviewPairs(status: nil).allSatisfy { $0.a != "eshop:WEB-1001" && $0.b != "eshop:WEB-1001" })
    let orphans = try store.queue.read { db in
      try Int.fetchOne(db, sql: """
        SELECT (SELECT count(*) FROM reviewPair WHERE a NOT IN (SELECT id FROM sourceRecord) OR b NOT IN (SELECT id FROM sourceRecord))
             + (SELECT count(*) FROM decision WHERE a NOT IN (SELECT id FROM sourceRecord) OR b NOT IN (SELECT id FROM sourceRecord))
        """)
    }
    #expect(orphans == 0)
    #expect(try store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") } == 1)
  }

  @Test func aBrokenV1ChainIsNotResealed() throws {
    let path = TestFiles.directory().appendingPathComponent("broken.db").path
    try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)
    try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE auditEvent SET actor = 'mallory', line = replace(line, '\"actor\":\"dpo\"', '\"actor\":\"mallory\"') WHERE kind = 'review_decision'") }
    #expect(throws: AuditError.self) { try ReferentialStore(path: path) }
  }

  /// A reading command that opens an old store while a writer holds it does not upgrade it under
  /// the writer: it waits for the lock, and is refused, naming the writer, when the wait runs out;
  /// the store is untouched. Once the writer is gone, it upgrades.
  @Test func aReaderUpgradesAnOldStoreOnlyUnderTheLock() throws {
    let path = TestFiles.directory().appendingPathComponent("held.db").path
    try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      let writer = try StoreLock(store: path, holder: "run R000009 by steward")
      let refused = #expect(throws: StoreError.self) { try ReferentialStore(path: path, wait: 0.2) }
      #expect(refused?.message.contains("run R000009 by steward") == true, "\(String(describing: refused))")
      #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
      withExtendedLifetime(writer) {}
    }
    #expect(try ReferentialStore(path: path, wait: 0.2).auditHead().sequence > 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) != before)
  }
}

@Suite struct StoreLockTests {
  @Test func aSecondWriterIsToldWhoHoldsTheStore() throws {
    let path = TestFiles.directory().appendingPathComponent("t.db").path
    let first = try StoreLock(store: path, holder: "run R000007, started 2026-11-23T04:00:00.000Z by steward")
    #expect(first != nil)
    let error = #expect(throws: StoreError.self) { try StoreLock(store: path, holder: "second") }
    #expect(error?.message.contains("run R000007, started 2026-11-23T04:00:00.000Z by steward") == true, "\(String(describing: error))")
    #expect(throws: StoreError.self) { try StoreLock(store: path, holder: "third", wait: 0.2) }
    let attributes = try FileManager.default.attributesOfItem(atPath: path + ".lock")
    #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    withExtendedLifetime(first) {}
  }

  /// A writer refused the lock closes its descriptor once. Closed twice, the second close takes
  /// whatever file another thread opened under that number in between (a store SQLite had just
  /// opened: "disk I/O error"). Another thread keeps opening and reading a file meanwhile.
  @Test func aRefusedWriterClosesItsDescriptorOnce() throws {
    let path = TestFiles.directory().appendingPathComponent("t.db").path
    let held = try StoreLock(store: path, holder: "first")
    let probe = TestFiles.write("probe", name: "probe.txt")
    let stop = Atomic(false), failures = Atomic(0)
    let reader = Thread {
      var byte: UInt8 = 0
      while !stop.value {
        let descriptor = open(probe, O_RDONLY)
        for _ in 0..<20 where pread(descriptor, &byte, 1, 0) != 1 { failures.update { $0 += 1 } }
        close(descriptor)
      }
    }
    reader.start()
    for _ in 0..<20_000 { _ = try? StoreLock(store: path, holder: "second") }
    stop.value = true
    while !reader.isFinished { usleep(1_000) }
    #expect(failures.value == 0, "reads that lost their descriptor")
    withExtendedLifetime(held) {}
  }

  @Test func theLockIsFreeOnceItsHolderIsGone() throws {
    let path = TestFiles.directory().appendingPathComponent("t.db").path
    var first = try StoreLock(store: path, holder: "first")
    #expect(first != nil)
    first = nil
    #expect(try StoreLock(store: path, holder: "second") != nil)
  }
}

@Suite struct LastSeenTests {
  /// A golden record rebuilt without a member in this run's exports keeps its last sighting.
  @Test func aGoldenRecordKeepsItsLastSightingUnlessSeenAgain() throws {
    let store = try ReferentialStore(path: ":memory:")
    try store.write { writer in
      try writer.upsertGolden(StoreTests.golden("G00000001"), runId: "R1", seenAt: "2026-01-05T00:00:00.000Z")
      try writer.upsertGolden(StoreTests.golden("G00000001"), runId: "R2")
    }
    func seen() throws -> String? { try store.queue.read { db in try String.fetchOne(db, sql: "SELECT lastSeenAt FROM goldenRecord") } }
    #expect(try seen() == "2026-01-05T00:00:00.000Z")
    try store.write { writer in try writer.markGoldenSeen(["G00000001"], at: "2026-03-01T00:00:00.000Z") }
    #expect(try seen() == "2026-03-01T00:00:00.000Z")
  }
}

/// A value shared between a test and the thread it starts.
final class Atomic<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: Value
  init(_ value: Value) { stored = value }
  var value: Value {
    get { lock.withLock { stored } }
    set { lock.withLock { stored = newValue } }
  }
  func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}
