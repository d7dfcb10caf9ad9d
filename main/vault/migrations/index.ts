// The ordered list of schema migrations. A migration's version becomes the database's
// `user_version`; a vault with a higher `user_version` than LATEST_SCHEMA_VERSION was
// written by a newer Tessera and is refused unmodified.
import type { Migration } from './migration';
import { migration0001 } from './0001-initial';
import { migration0002 } from './0002-rotation';
import { migration0003 } from './0003-inbox-and-mfa';
import { migration0004 } from './0004-sync';
import { migration0005 } from './0005-summary-fingerprints';
import { migration0006 } from './0006-search-snapshot';

export type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
