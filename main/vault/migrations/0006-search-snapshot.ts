// One row for the sealed search snapshot (main/vault/search-snapshot.ts): derived data, the
// search index and password reuse counts as of some shard generations, so a search need not
// open every summary. `digest` (of the shard generations, also bound into the seal) tells
// whether it is current without opening it. Losing or damaging it costs one rebuild, never data.
import type { Migration } from './migration';

export const migration0006: Migration = {
  version: 6,
  up(db) {
    db.exec(`
      CREATE TABLE search_snapshot (
        id     INTEGER PRIMARY KEY CHECK (id = 1),
        digest TEXT    NOT NULL,
        blob   BLOB    NOT NULL
      ) STRICT;
    `);
  },
};
