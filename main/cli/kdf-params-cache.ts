// The KDF parameters of a vault the CLI unlocked, remembered in this user's cache folder (beside
// the launcher's compile cache: $XDG_CACHE_HOME/tessera, else ~/.cache/tessera, 0700), so the next
// process starts Argon2id from them at once instead of loading SQLite first to read the vault's
// header (early-unlock.ts). They are the header's public part — algorithm, cost and salt, no
// secret — under a file named by a hash of the vault's path. Only a hint: Vault.unlock uses a key
// derived from them only when they equal the header's, so a stale or altered file costs one
// derivation, never a wrong unlock; startUnlockKdf applies the usual bounds before deriving.
// Any trouble reading or writing here is ignored.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX_BYTES = 4096;

function cacheFile(vaultPath: string, env: NodeJS.ProcessEnv): string | null {
  const xdg = env['XDG_CACHE_HOME'];
  const home = env['HOME'];
  const cacheHome = xdg?.startsWith('/') ? xdg : home ? join(home, '.cache') : null;
  if (cacheHome === null) return null;
  return join(cacheHome, 'tessera', 'kdf-params', `${createHash('sha256').update(vaultPath).digest('hex').slice(0, 32)}.json`);
}

/** The remembered KDF parameters text of the vault at `vaultPath`, or null. */
export function rememberedKdfParams(vaultPath: string, env: NodeJS.ProcessEnv): string | null {
  const file = cacheFile(vaultPath, env);
  if (file === null) return null;
  try {
    const text = readFileSync(file, 'utf8');
    return text.length > 0 && text.length <= MAX_BYTES ? text : null;
  } catch {
    return null;
  }
}

/** Keeps `kdfParams` (the header's text) for the vault at `vaultPath`, when it differs from what is kept. */
export function rememberKdfParams(vaultPath: string, env: NodeJS.ProcessEnv, kdfParams: string): void {
  if (kdfParams.length > MAX_BYTES || rememberedKdfParams(vaultPath, env) === kdfParams) return;
  const file = cacheFile(vaultPath, env);
  if (file === null) return;
  try {
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, kdfParams, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // A read-only or full cache folder: the next start reads the vault's header instead.
  }
}
