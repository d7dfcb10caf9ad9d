// The master password's key derivation started at the very start of a `tessera` process, before
// the commands load: when the command line names a command that may unlock (not --help,
// --version or a command that never opens the vault with the master password), the vault file
// exists, and the password comes without a prompt (--password-file, else TESSERA_PASSWORD).
// Argon2id then runs on its own thread while the commands load, parse and open the vault; it
// starts from the KDF parameters remembered at the last unlock (kdf-params-cache.ts) when there
// are some, so SQLite loads while it runs rather than before. The
// command that unlocks claims it (claimEarlyKdf) only for the same vault file and the same
// password; anything else (a guess that did not match, a command that did not unlock) leaves it
// unclaimed, and its key is wiped when it is ready. It never reports an error: the command does.
import { existsSync } from 'node:fs';
import type { KdfPolicy } from '../crypto/kdf';
import type { StartedKdf } from '../vault/unlock-kdf';
import { scanArgv } from './argv-scan';
import { rememberedKdfParams } from './kdf-params-cache';
import { MASTER_PASSWORD_ENV, readFirstLine } from './secret-sources';
import { resolveVaultPath } from './vault-location';

/**
 * Top-level commands that never unlock the vault with the master password: they create a vault
 * (init, restore: the password is a new one), use the recovery key, or open no vault (relay,
 * commander's help). An early KDF for them would only cost CPU; early-unlock.test.ts checks
 * that each is a command.
 */
export const NEVER_UNLOCKS: ReadonlySet<string> = new Set(['init', 'restore', 'recover', 'relay', 'help']);

export interface EarlyUnlockPlan {
  vaultPath: string;
  /** Where the password is read: the file named by --password-file, else the environment. */
  passwordFile: string | undefined;
  command: string;
}

/** What an early start would derive for, or null when this command line should not start one. */
export function earlyUnlockPlan(argv: readonly string[], env: NodeJS.ProcessEnv): EarlyUnlockPlan | null {
  const { command, vault, passwordFile, helpOrVersion, incomplete } = scanArgv(argv);
  if (helpOrVersion || incomplete || command === undefined || NEVER_UNLOCKS.has(command)) return null;
  if (passwordFile === undefined && !env[MASTER_PASSWORD_ENV]) return null;
  return { vaultPath: resolveVaultPath(vault, env), passwordFile, command };
}

interface Pending {
  vaultPath: string;
  password: string;
  started: StartedKdf;
}

let pending: Pending | null = null;

/**
 * Starts the KDF for this command line when earlyUnlockPlan says so and the vault file exists;
 * true when it started. `policy`: the KDF bounds of the vault options (tests' weak KDF only).
 */
export async function startEarlyUnlock(argv: readonly string[], env: NodeJS.ProcessEnv, policy: KdfPolicy = {}): Promise<boolean> {
  dropUnclaimedEarlyKdf();
  const plan = earlyUnlockPlan(argv, env);
  if (plan === null || !existsSync(plan.vaultPath)) return false;
  let password: string;
  try {
    password = plan.passwordFile === undefined ? (env[MASTER_PASSWORD_ENV] ?? '') : readFirstLine(plan.passwordFile, '--password-file');
  } catch {
    return false; // the command reports the unreadable file
  }
  if (password === '') return false;
  const { startUnlockKdf } = await import('../vault/unlock-kdf');
  // From the parameters remembered at the last unlock (no SQLite to load first), else the header's.
  const remembered = rememberedKdfParams(plan.vaultPath, env);
  const started = (remembered !== null ? startUnlockKdf(plan.vaultPath, password, policy, remembered) : null) ?? startUnlockKdf(plan.vaultPath, password, policy);
  if (started === null) return false;
  pending = { vaultPath: plan.vaultPath, password, started };
  return true;
}

/** The early KDF when it was started for this vault file and this password; it is handed out once. */
export function claimEarlyKdf(vaultPath: string, password: string): StartedKdf | null {
  const early = pending;
  if (early === null) return null;
  pending = null;
  if (early.vaultPath === vaultPath && early.password === password) return early.started;
  wipe(early.started);
  return null;
}

/** At the end of a run: an early KDF nobody claimed has its key wiped when it is ready. True when there was one. */
export function dropUnclaimedEarlyKdf(): boolean {
  const early = pending;
  pending = null;
  if (early !== null) wipe(early.started);
  return early !== null;
}

function wipe(started: StartedKdf): void {
  void started.key.then((key) => key?.fill(0));
}
