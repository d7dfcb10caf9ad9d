// The first schema. Plaintext columns are ids, kinds, versions, counters and timestamps;
// every blob is XChaCha20-Poly1305 ciphertext (or a public key, hash or signature).
import type { Migration } from './migration';

export const migration0001: Migration = {
  version: 1,
  up(db) {
    db.exec(`
      CREATE TABLE vault_header (
        id                   INTEGER PRIMARY KEY CHECK (id = 1),
        vault_id             TEXT    NOT NULL,
        format_version       INTEGER NOT NULL,
        created_at           INTEGER NOT NULL,
        kdf_params           TEXT    NOT NULL,  -- JSON: algorithm, cost, salt (public by design)
        vmk_by_password      BLOB    NOT NULL,
        vmk_by_recovery      BLOB    NOT NULL,
        device_public_key    BLOB    NOT NULL,
        device_secret_sealed BLOB    NOT NULL,
        shard_count          INTEGER NOT NULL,
        manifest_counter     INTEGER NOT NULL,  -- copy of the sealed counter: lets other processes see a change cheaply
        manifest             BLOB    NOT NULL
      ) STRICT;

      CREATE TABLE summary_shards (
        shard      INTEGER PRIMARY KEY,
        generation INTEGER NOT NULL,
        blob       BLOB    NOT NULL
      ) STRICT;

      CREATE TABLE items (
        id          TEXT    PRIMARY KEY,
        kind        TEXT    NOT NULL,
        version     INTEGER NOT NULL,
        wrapped_key BLOB    NOT NULL,
        data        BLOB    NOT NULL,
        history     BLOB    NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE audit_log (
        seq        INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        kind       TEXT    NOT NULL,
        account_id TEXT,
        details    BLOB    NOT NULL,
        prev_hash  BLOB    NOT NULL,
        hash       BLOB    NOT NULL,
        signature  BLOB    NOT NULL
      ) STRICT;

      -- Guards against our own bugs; an attacker with the file can drop these, which
      -- is why the chain is hashed, signed and anchored in the sealed manifest.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

      -- Events that happen while locked (failed unlocks): no key is available to seal or
      -- sign them, so they wait here and are chained into audit_log at the next unlock.
      CREATE TABLE pending_events (
        id     INTEGER PRIMARY KEY,
        at     INTEGER NOT NULL,
        kind   TEXT    NOT NULL,
        method TEXT    NOT NULL
      ) STRICT;
    `);
  },
};
