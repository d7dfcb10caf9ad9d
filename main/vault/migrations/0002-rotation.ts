// Rotation: the journal of password changes in flight, password policies, the durable job
// queue with its approvals, and leases that keep two processes from running the same work.
// Plaintext columns are ids, states, kinds and timestamps; `data` is sealed under the
// vault's 'rotation' sub-key (candidate passwords, policy names and scopes, job details).
import type { Migration } from './migration';

export const migration0002: Migration = {
  version: 2,
  up(db) {
    db.exec(`
      CREATE TABLE rotation_journal (
        id         TEXT    PRIMARY KEY,
        account_id TEXT    NOT NULL,
        job_id     TEXT,
        state      TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        data       BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX rotation_journal_by_account ON rotation_journal (account_id, created_at);
      CREATE INDEX rotation_journal_by_state ON rotation_journal (state);

      CREATE TABLE rotation_policies (
        id          TEXT    PRIMARY KEY,
        enabled     INTEGER NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        last_run_at INTEGER,
        data        BLOB    NOT NULL
      ) STRICT;

      CREATE TABLE rotation_jobs (
        id            TEXT    PRIMARY KEY,
        account_id    TEXT    NOT NULL,
        task          TEXT    NOT NULL,
        trigger       TEXT    NOT NULL,
        policy_id     TEXT,
        batch_id      TEXT,
        status        TEXT    NOT NULL,
        -- One job per policy occurrence and account, whichever process enqueues it first.
        dedupe_key    TEXT    UNIQUE,
        due_at        INTEGER NOT NULL,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        lease_owner   TEXT,
        lease_expires INTEGER,
        journal_id    TEXT,
        data          BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX rotation_jobs_by_status ON rotation_jobs (status, due_at);
      CREATE INDEX rotation_jobs_by_account ON rotation_jobs (account_id, created_at);

      CREATE TABLE rotation_batch_approvals (
        batch_id    TEXT    PRIMARY KEY,
        approved_at INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE leases (
        name       TEXT    PRIMARY KEY,
        owner      TEXT    NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
