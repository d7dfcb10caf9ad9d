// Sync state of this device (main/sync gives it meaning): its identity and device secrets,
// the team chain entries, the shared docs and replica clocks, pinned peer keys and the relay
// sequence numbers. One row per named value; the name appears only as an HMAC under the
// 'sync-index' sub-key, and `data` is sealed under the 'sync' sub-key, bound to that name.
import type { Migration } from './migration';

export const migration0004: Migration = {
  version: 4,
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        name_hmac  BLOB    PRIMARY KEY,
        updated_at INTEGER NOT NULL,
        data       BLOB    NOT NULL
      ) STRICT;
    `);
  },
};
