// Shared setup for the vault tests: a fresh temp directory per test and vaults with
// fast (below-floor) KDF parameters, which only the explicit test mode accepts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import type { CreateVaultOptions, OpenVaultOptions } from '../../../main/vault';

export const PASSWORD = 'correct horse battery staple';
export const TEST_MODE = { allowWeakKdf: true } as const;

const dirs: string[] = [];
const vaults: Vault[] = [];
afterEach(() => {
  for (const vault of vaults.splice(0)) vault.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-vault-'));
  dirs.push(dir);
  return dir;
}

export async function createTestVault(options: CreateVaultOptions = {}): Promise<{ vault: Vault; recoveryKey: string; path: string }> {
  const path = join(tempDir(), 'vault.tessera');
  const { vault, recoveryKey } = await Vault.create(path, PASSWORD, { kdf: TEST_KDF_COST, ...TEST_MODE, ...options });
  vaults.push(vault);
  return { vault, recoveryKey, path };
}

export function openTestVault(path: string, options: OpenVaultOptions = {}): Vault {
  const vault = Vault.open(path, { ...TEST_MODE, ...options });
  vaults.push(vault);
  return vault;
}

/** Raw SQL on the vault file, the way an attacker with the file would edit it. */
export function withRawDb<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Runs `fn` and returns the TesseraError code it threw (or 'no error'). */
export async function errorCode(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
