// The master password's key derivation started before the vault module is loaded: takes the
// KDF parameters the caller already knows (the CLI remembers them per vault), else reads them
// from the vault file's header (a read-only connection, nothing else), and starts Argon2id on
// its own thread, so a short process (the CLI) loads the vault code, opens the file and
// prepares its command while the KDF runs instead of before it. Vault.unlock takes the result
// only when the header it reads names the same parameters; any problem here (no such file, not
// a vault, a damaged header, parameters out of bounds) is left to Vault.open and unlock to
// report, so this never throws. Loads only Argon2 and the KDF rules, and SQLite when it reads
// the header.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { assertKdfParamsAllowed, deriveKey, type KdfParams, type KdfPolicy } from '../crypto/kdf';

export interface StartedKdf {
  /** The header's kdf_params text the key was derived with (compared by Vault.unlock). */
  kdfParams: string;
  /** The derived key, or null when it could not be derived here (unlock derives it then). */
  key: Promise<Uint8Array | null>;
}

/** `knownParams`: the header's kdf_params text as last seen; the header is read only without it. */
export function startUnlockKdf(path: string, masterPassword: string, policy: KdfPolicy = {}, knownParams?: string): StartedKdf | null {
  try {
    const kdfParams = knownParams ?? readHeaderKdfParams(path);
    if (typeof kdfParams !== 'string') return null;
    const params = JSON.parse(kdfParams) as KdfParams;
    // The same bounds unlock applies: a tampered header cannot make this allocate without limit.
    assertKdfParamsAllowed(params, policy);
    return { kdfParams, key: deriveKey(masterPassword, params, policy).catch(() => null) };
  } catch {
    return null;
  }
}

function readHeaderKdfParams(path: string): string | undefined {
  // Loaded here, not at the top: a start from known parameters never loads SQLite before the KDF runs.
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT kdf_params FROM vault_header WHERE id = 1').pluck().get() as string | undefined;
  } finally {
    db.close();
  }
}
