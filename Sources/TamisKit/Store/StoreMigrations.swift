import Foundation
import GRDB

/// The store's schema, grown by named migrations that are never edited once released.
enum StoreMigrations {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-referential") { db in
      try db.execute(sql: """
        CREATE TABLE run (
          id TEXT PRIMARY KEY, startedAt TEXT NOT NULL, endedAt TEXT NOT NULL, actor TEXT NOT NULL,
          inputs TEXT NOT NULL, summary TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('completed', 'no_op')));
        CREATE TABLE goldenRecord (
          id TEXT PRIMARY KEY, data TEXT NOT NULL, csv TEXT NOT NULL,
          createdRun TEXT NOT NULL, updatedRun TEXT NOT NULL,
          mergedInto TEXT REFERENCES goldenRecord(id));
        CREATE TABLE sourceRecord (
          id INTEGER PRIMARY KEY, source TEXT NOT NULL, recordId TEXT NOT NULL, fingerprint TEXT NOT NULL,
          goldenId TEXT NOT NULL REFERENCES goldenRecord(id), match TEXT NOT NULL, survivor TEXT NOT NULL,
          original TEXT NOT NULL, runId TEXT NOT NULL REFERENCES run(id),
          UNIQUE (source, recordId));
        CREATE INDEX sourceRecordByGolden ON sourceRecord(goldenId);
        CREATE TABLE reviewPair (
          id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL, probability REAL NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')), runId TEXT NOT NULL,
          UNIQUE (a, b), CHECK (a < b));
        CREATE TABLE decision (
          id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('must_link', 'cannot_link')),
          a TEXT NOT NULL, b TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, CHECK (a < b));
        CREATE TABLE modelParameter (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE storeSecret (name TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE TABLE auditEvent (
          seq INTEGER PRIMARY KEY, time TEXT NOT NULL, actor TEXT NOT NULL, runId TEXT, kind TEXT NOT NULL,
          line TEXT NOT NULL, hash TEXT NOT NULL);
        """)
      try db.execute(sql: "INSERT INTO storeSecret (name, value) VALUES ('audit_hmac', ?)", arguments: [Data(KeyedHasher.newSecret())])
    }
    // A store that can forget a person: review pairs and decisions point at source records by
    // key and go with them; audit subjects and per-run entries apart from the chain; golden
    // records' reference dates typed for retention; model parameters keyed by HMAC.
    migrator.registerMigration("v2-erasable") { db in
      try db.execute(sql: """
        CREATE TABLE reviewPairV2 (
          id INTEGER PRIMARY KEY,
          a INTEGER NOT NULL REFERENCES sourceRecord(id) ON DELETE CASCADE,
          b INTEGER NOT NULL REFERENCES sourceRecord(id) ON DELETE CASCADE,
          probability REAL NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')), runId TEXT NOT NULL,
          UNIQUE (a, b), CHECK (a < b));
        INSERT INTO reviewPairV2 (id, a, b, probability, status, runId)
          SELECT r.id, min(x.id, y.id), max(x.id, y.id), r.probability, r.status, r.runId
          FROM reviewPair r
          JOIN sourceRecord x ON x.source = substr(r.a, 1, instr(r.a, ':') - 1) AND x.recordId = substr(r.a, instr(r.a, ':') + 1)
          JOIN sourceRecord y ON y.source = substr(r.b, 1, instr(r.b, ':') - 1) AND y.recordId = substr(r.b, instr(r.b, ':') + 1)
          WHERE x.id <> y.id;
        DROP TABLE reviewPair;
        ALTER TABLE reviewPairV2 RENAME TO reviewPair;
        CREATE INDEX reviewPairByB ON reviewPair(b);
        CREATE TABLE decisionV2 (
          id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('must_link', 'cannot_link')),
          a INTEGER NOT NULL REFERENCES sourceRecord(id) ON DELETE CASCADE,
          b INTEGER NOT NULL REFERENCES sourceRecord(id) ON DELETE CASCADE,
          actor TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (a, b), CHECK (a < b));
        INSERT OR REPLACE INTO decisionV2 (id, kind, a, b, actor, at)
          SELECT d.id, d.kind, min(x.id, y.id), max(x.id, y.id), d.actor, d.at
          FROM decision d
          JOIN sourceRecord x ON x.source = substr(d.a, 1, instr(d.a, ':') - 1) AND x.recordId = substr(d.a, instr(d.a, ':') + 1)
          JOIN sourceRecord y ON y.source = substr(d.b, 1, instr(d.b, ':') - 1) AND y.recordId = substr(d.b, instr(d.b, ':') + 1)
          WHERE x.id <> y.id ORDER BY d.id;
        DROP TABLE decision;
        ALTER TABLE decisionV2 RENAME TO decision;
        CREATE INDEX decisionByB ON decision(b);
        ALTER TABLE sourceRecord ADD COLUMN lastSeenAt TEXT;
        UPDATE sourceRecord SET lastSeenAt = (SELECT startedAt FROM run WHERE run.id = sourceRecord.runId);
        ALTER TABLE goldenRecord ADD COLUMN customerStatus TEXT;
        ALTER TABLE goldenRecord ADD COLUMN createdAt TEXT;
        ALTER TABLE goldenRecord ADD COLUMN lastContactAt TEXT;
        ALTER TABLE goldenRecord ADD COLUMN lastPurchaseAt TEXT;
        ALTER TABLE goldenRecord ADD COLUMN lastSeenAt TEXT;
        CREATE TABLE auditSubject (
          seq INTEGER PRIMARY KEY REFERENCES auditEvent(seq), salt BLOB, payload TEXT, redactedBy INTEGER,
          CHECK ((salt IS NULL) = (payload IS NULL)), CHECK (payload IS NOT NULL OR redactedBy IS NOT NULL));
        CREATE TABLE auditEntry (
          event INTEGER NOT NULL REFERENCES auditEvent(seq) DEFERRABLE INITIALLY DEFERRED, position INTEGER NOT NULL, kind TEXT NOT NULL,
          ids TEXT NOT NULL, digest TEXT, salt BLOB, payload TEXT, sourceKey INTEGER, redactedBy INTEGER,
          PRIMARY KEY (event, position),
          CHECK ((salt IS NULL) = (payload IS NULL)), CHECK (digest IS NULL OR payload IS NOT NULL OR redactedBy IS NOT NULL))
          WITHOUT ROWID;
        CREATE INDEX auditEntryBySource ON auditEntry(sourceKey) WHERE sourceKey IS NOT NULL;
        """)
      try db.execute(sql: "INSERT INTO storeSecret (name, value) VALUES ('model_hmac', ?)", arguments: [Data(KeyedHasher.newSecret())])
      try StoreUpgrade.toErasable(db)
      // Past the upgrade's one rewrite, the chain is append-only in the schema too.
      try db.execute(sql: """
        CREATE TRIGGER auditEventIsAppendOnly BEFORE UPDATE ON auditEvent
          BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
        CREATE TRIGGER auditEventIsNeverDeleted BEFORE DELETE ON auditEvent
          BEGIN SELECT RAISE(ABORT, 'audit events are never deleted'); END;
        """)
    }
    // The consent ledger: events append-only (a change of mind is a new event), each person by a
    // keyed hash of a record reference, an email or a phone; notices kept once per version with
    // their SHA-256; suppression lists as keyed hashes.
    migrator.registerMigration("v3-consent") { db in
      try db.execute(sql: """
        CREATE TABLE consentNotice (
          id TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (id, version));
        CREATE TABLE consentEvent (
          id INTEGER PRIMARY KEY, digest TEXT NOT NULL UNIQUE,
          subjectKind TEXT NOT NULL CHECK (subjectKind IN ('record', 'email', 'phone')), subjectHash TEXT NOT NULL,
          purpose TEXT NOT NULL, decision TEXT NOT NULL CHECK (decision IN ('granted', 'refused', 'withdrawn')),
          givenAt TEXT NOT NULL, legalBasis TEXT NOT NULL
            CHECK (legalBasis IN ('consent', 'legitimate_interest', 'contract', 'legal_obligation')),
          channel TEXT, sourceSystem TEXT, form TEXT, campaign TEXT,
          noticeId TEXT, noticeVersion TEXT, method TEXT, evidence TEXT,
          importedAt TEXT NOT NULL, importedBy INTEGER NOT NULL REFERENCES auditEvent(seq));
        CREATE INDEX consentEventBySubject ON consentEvent(subjectHash);
        CREATE TRIGGER consentEventIsAppendOnly BEFORE UPDATE ON consentEvent
          BEGIN SELECT RAISE(ABORT, 'consent events are append-only: record a new event'); END;
        CREATE TABLE suppression (
          channel TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'identity')), list TEXT NOT NULL, hash TEXT NOT NULL,
          addedAt TEXT NOT NULL, PRIMARY KEY (channel, hash, list)) WITHOUT ROWID;
        """)
      for name in ["consent_hmac", "suppression_hmac"] {
        try db.execute(sql: "INSERT INTO storeSecret (name, value) VALUES (?, ?)", arguments: [name, Data(KeyedHasher.newSecret())])
      }
    }
    // The register of data-subject requests: what the law requires to keep once a request is
    // honoured (the request and its dates), the person only as a keyed hash.
    migrator.registerMigration("v4-requests") { db in
      try db.execute(sql: """
        CREATE TABLE dataSubjectRequest (
          reference TEXT PRIMARY KEY,
          type TEXT NOT NULL CHECK (type IN ('access', 'erasure', 'objection', 'rectification')),
          receivedAt TEXT NOT NULL, notifiedAt TEXT, extensionReason TEXT, subjectHash TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'done', 'closed')), completedAt TEXT,
          CHECK ((notifiedAt IS NULL) = (extensionReason IS NULL)));
        """)
      try db.execute(sql: "INSERT INTO storeSecret (name, value) VALUES ('request_hmac', ?)", arguments: [Data(KeyedHasher.newSecret())])
    }
    // Retention erases people by the thousand: each erasure follows the golden records merged into
    // the person's, which without an index is a scan of every golden record.
    migrator.registerMigration("v5-retention") { db in
      try db.execute(sql: "CREATE INDEX goldenRecordByMergedInto ON goldenRecord(mergedInto) WHERE mergedInto IS NOT NULL")
    }
    // Retention's other actions: a person archived (kept apart, out of exports and contactable
    // lists, until a day, then erased), and the statistics rows anonymisation leaves, which name
    // no one: no id, name, contact or exact date.
    migrator.registerMigration("v6-archive-anonymise") { db in
      try db.execute(sql: """
        ALTER TABLE goldenRecord ADD COLUMN archivedOn TEXT;
        ALTER TABLE goldenRecord ADD COLUMN archivedUntil TEXT;
        ALTER TABLE goldenRecord ADD COLUMN archiveRule TEXT;
        CREATE INDEX goldenRecordArchived ON goldenRecord(archivedUntil) WHERE archivedUntil IS NOT NULL;
        CREATE TABLE anonymisedRecord (
          id INTEGER PRIMARY KEY, rule TEXT NOT NULL, anonymisedOn TEXT NOT NULL, customerStatus TEXT, country TEXT,
          departement TEXT, birthDecade INTEGER, createdYear INTEGER, lastPurchaseYear INTEGER,
          sources TEXT NOT NULL, sourceRecords INTEGER NOT NULL);
        """)
    }
    // Retention's `end_of_contract`: the latest contract end among a golden record's members
    // (stores written before it have none: their exports had no such column).
    migrator.registerMigration("v7-contract-end") { db in
      try db.execute(sql: "ALTER TABLE goldenRecord ADD COLUMN contractEndAt TEXT")
    }
    // Finding a person by email or phone looked through every stored matching form (most of a
    // second on a million records); each source record's emails and phones are now indexed, and
    // the triggers keep the index with the record: deleted with it, emptied when its form changes
    // (the writer then adds the new values).
    migrator.registerMigration("v8-contact-points") { db in
      try db.execute(sql: """
        CREATE TABLE contactPoint (record INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (record, value)) WITHOUT ROWID;
        CREATE INDEX contactPointByValue ON contactPoint(value);
        CREATE TRIGGER contactPointLeavesWithRecord AFTER DELETE ON sourceRecord
          BEGIN DELETE FROM contactPoint WHERE record = OLD.id; END;
        CREATE TRIGGER contactPointFollowsMatch AFTER UPDATE OF match ON sourceRecord
          BEGIN DELETE FROM contactPoint WHERE record = OLD.id; END;
        """)
      let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO contactPoint (record, value) VALUES (?, ?)")
      let rows = try Row.fetchCursor(db, sql: "SELECT id, match FROM sourceRecord ORDER BY id")
      while let row = try rows.next() {
        let record: Int = row[0]
        for value in MatchRecordCoding.contactPoints(row[1]) { try insert.execute(arguments: [record, value]) }
      }
    }
    // The model's name frequencies and shared values were JSON and text values an erasure could
    // not take a person out of: they become rows, names as counts per keyed hash, which an
    // erasure lowers.
    migrator.registerMigration("v9-model-terms") { db in
      try db.execute(sql: """
        CREATE TABLE modelTerm (comparison TEXT NOT NULL, hash TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (comparison, hash)) WITHOUT ROWID;
        CREATE TABLE sharedValue (hash TEXT PRIMARY KEY) WITHOUT ROWID;
        """)
      if let text = try String.fetchOne(db, sql: "SELECT value FROM modelParameter WHERE name = 'shared_values'") {
        try StoreWriter(db: db).saveSharedValueHashes(Set(text.split(separator: "\n").map(String.init)))
        try db.execute(sql: "DELETE FROM modelParameter WHERE name = 'shared_values'")
      }
      if let json = try String.fetchOne(db, sql: "SELECT value FROM modelParameter WHERE name = 'model'"),
         var model = try? JSONDecoder().decode(MatchModel.self, from: Data(json.utf8)) {
        let writer = StoreWriter(db: db)
        try writer.saveTermCounts(of: model)
        model.termFrequencies = [:]
        try writer.saveModelParameters(model)
      }
    }
    // A retention rule per field takes the field out of the values kept as received, which are
    // keyed by the export's column: runs record which columns each source's fields came from.
    migrator.registerMigration("v10-source-columns") { db in
      try db.execute(sql: """
        CREATE TABLE sourceColumn (source TEXT NOT NULL, columnName TEXT NOT NULL, field TEXT NOT NULL,
          PRIMARY KEY (source, columnName, field)) WITHOUT ROWID;
        """)
    }
    return migrator
  }
}
