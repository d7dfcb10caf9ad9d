// Files only this user may read (shared by the relay's database and the vault, which both
// store SQLite files): the vault, the relay's database and their SQLite side files
// (-wal, -shm, -journal) are created 0600 inside folders created 0700, whatever the umask.
// SQLite gives its side files the mode of the database file, so creating the database file
// 0600 before SQLite opens it is what keeps the -wal and -shm private too. Files left 0644 by
// an older Tessera are tightened when opened again. Windows has no such modes: a no-op there.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_FOLDER_MODE = 0o700;
const SQLITE_SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

const hasPosixModes = (): boolean => process.platform !== 'win32';

/**
 * Creates `folder` (and missing parents) 0700. `own`: the folder belongs to Tessera (its data
 * directory), so an existing one is tightened to 0700 as well; a folder the person chose
 * (their home, a shared drive) keeps its mode.
 */
export function ensurePrivateFolder(folder: string, { own = false }: { own?: boolean } = {}): void {
  mkdirSync(folder, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if (own && hasPosixModes()) chmodSync(folder, PRIVATE_FOLDER_MODE);
}

/**
 * Before SQLite opens `path`: its folder exists (created 0700), the file exists 0600 (an empty
 * file is a new database to SQLite) and existing side files are 0600. ':memory:' is left alone.
 */
export function preparePrivateSqliteFile(path: string): void {
  if (path === ':memory:' || path === '' || path.startsWith('file:')) return;
  ensurePrivateFolder(dirname(path));
  // The umask can only remove bits from 0600, so a file created here is private already.
  if (!existsSync(path)) closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  if (!hasPosixModes()) return;
  for (const file of [path, ...SQLITE_SIDE_FILES.map((suffix) => `${path}${suffix}`)]) tighten(file);
}

/** Best effort for files an older Tessera left readable; a file of another user stays as it is. */
function tighten(file: string): void {
  try {
    if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
  } catch {
    // Not ours to change (another owner, a read-only mount): SQLite reports what matters.
  }
}
