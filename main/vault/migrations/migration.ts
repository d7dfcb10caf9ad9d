// What a schema migration is: the version it brings the database to (its `user_version`) and
// the function that gets it there. Migrations import this, never the list in index.ts.
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  up(db: Database): void;
}
