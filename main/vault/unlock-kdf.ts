// The master password's key derivation started before the vault module is loaded: reads the
// KDF parameters from the vault file's header (a read-only connection, nothing else) and
// starts Argon2id on its own thread, so a short process (the CLI) loads the vault code, opens
// the file and prepares its command while the KDF runs instead of before it. Vault.unlock
// takes the result only when the header it reads names the same parameters; any problem
// here (no such file, not a vault, a damaged header) is left to Vault.open and unlock to
// report, so this never throws. Loads only SQLite, Argon2 and the KDF rules.
import Database from 'better-sqlite3';
import { assertKdfParamsAllowed, deriveKey, type KdfParams, type KdfPolicy } from '../crypto/kdf';

export interface StartedKdf {
  /** The header's kdf_params text the key was derived with (compared by Vault.unlock). */
  kdfParams: string;
  /** The derived key, or null when it could not be derived here (unlock derives it then). */
  key: Promise<Uint8Array | null>;
}

export function startUnlockKdf(path: string, masterPassword: string, policy: KdfPolicy = {}): StartedKdf | null {
  let kdfParams: string | undefined;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      kdfParams = db.prepare('SELECT kdf_params FROM vault_header WHERE id = 1').pluck().get() as string | undefined;
    } finally {
      db.close();
    }
    if (typeof kdfParams !== 'string') return null;
    const params = JSON.parse(kdfParams) as KdfParams;
    // The same bounds unlock applies: a tampered header cannot make this allocate without limit.
    assertKdfParamsAllowed(params, policy);
    return { kdfParams, key: deriveKey(masterPassword, params, policy).catch(() => null) };
  } catch {
    return null;
  }
}
