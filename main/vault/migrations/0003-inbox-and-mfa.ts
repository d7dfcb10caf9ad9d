// The managed inbox and MFA enrolment. Plaintext columns are ids, categories, outcomes,
// timestamps and the account ids a message was routed to (so a per-account list is one
// indexed query); `data` is sealed under the vault's 'inbox' or 'mfa' sub-key. Message-IDs
// and state names (they hold mailbox addresses) appear only as HMACs under 'inbox-index'.
import type { Migration } from './migration';

export const migration0003: Migration = {
  version: 3,
  up(db) {
    db.exec(`
      CREATE TABLE inbox_messages (
        id          TEXT    PRIMARY KEY,
        -- HMAC of the Message-ID: a resync finds the message again without revealing it.
        dedup       BLOB    NOT NULL UNIQUE,
        category    TEXT    NOT NULL,
        received_at INTEGER NOT NULL,
        stored_at   INTEGER NOT NULL,
        data        BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX inbox_messages_by_time ON inbox_messages (received_at);

      CREATE TABLE inbox_message_accounts (
        account_id TEXT NOT NULL,
        message_id TEXT NOT NULL REFERENCES inbox_messages (id) ON DELETE CASCADE,
        PRIMARY KEY (account_id, message_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX inbox_message_accounts_by_message ON inbox_message_accounts (message_id);

      -- Mailbox settings with their credentials, and the sync position per mailbox.
      CREATE TABLE inbox_state (
        name_hmac  BLOB    PRIMARY KEY,
        updated_at INTEGER NOT NULL,
        data       BLOB    NOT NULL
      ) STRICT;

      -- A TOTP secret captured during enrolment, kept until the site confirmed it.
      CREATE TABLE mfa_pending (
        account_id TEXT    PRIMARY KEY,
        created_at INTEGER NOT NULL,
        data       BLOB    NOT NULL
      ) STRICT;

      -- What each enrolment run did: steps and masked screenshots, sealed.
      CREATE TABLE mfa_runs (
        id          TEXT    PRIMARY KEY,
        account_id  TEXT    NOT NULL,
        started_at  INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        outcome     TEXT    NOT NULL,
        data        BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX mfa_runs_by_account ON mfa_runs (account_id, started_at);
    `);
  },
};
