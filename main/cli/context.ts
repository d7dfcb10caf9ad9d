// What every command action needs from the global options (--vault, --json, --password-file):
// the vault path, the output, the master password and the options to open or create a vault
// with, plus opening the vault unlocked for the length of one command (the CLI never keeps a
// vault open between invocations). Streams and environment come from the run's CliIo.
import type { Command } from 'commander';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BackupKdfOptions, CreateVaultOptions, Vault } from '../vault';
import type { StartedKdf } from '../vault/unlock-kdf';
import { cliIo } from './cli-io';
import { claimEarlyKdf } from './early-unlock';
import { rememberKdfParams } from './kdf-params-cache';
import { Output } from './output';
import { readSecret } from './secret-input';
import { MASTER_PASSWORD_ENV } from './secret-sources';
import { resolveVaultPath } from './vault-location';

interface GlobalOptions {
  vault?: string;
  json?: boolean;
  passwordFile?: string;
}

export interface CliContext {
  out: Output;
  vaultPath: string;
  /** --password-file, else TESSERA_PASSWORD, else the terminal (asked twice when `isNew`). */
  masterPassword(isNew?: boolean): Promise<string>;
  /** For Vault.open, Vault.create and Vault.restoreBackup. */
  vaultOptions: CreateVaultOptions;
  /** For vault.backup: the passphrase's KDF cost (the default, except in tests). */
  backupOptions: BackupKdfOptions;
}

export function cliContext(command: Command): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const io = cliIo();
  return {
    out: new Output(options.json === true),
    vaultPath: resolveVaultPath(options.vault, io.env),
    vaultOptions: cliVaultOptions(),
    backupOptions: io.testKdfCost === undefined ? {} : { kdf: io.testKdfCost, allowWeakKdf: true },
    masterPassword: (isNew = false) =>
      readSecret({
        what: isNew ? 'new master password' : 'master password',
        fileOption: '--password-file',
        file: options.passwordFile,
        envVar: MASTER_PASSWORD_ENV,
        confirm: isNew,
      }),
  };
}

/** The CLI is one short process per command: no idle timer keeping it alive. */
export const CLI_VAULT_OPTIONS = { idleLockMs: 0 } as const;

/** CLI_VAULT_OPTIONS, plus the test KDF cost when a test runs the CLI in-process. */
function cliVaultOptions(): CreateVaultOptions {
  const cost = cliIo().testKdfCost;
  return cost === undefined ? CLI_VAULT_OPTIONS : { ...CLI_VAULT_OPTIONS, kdf: cost, allowWeakKdf: true };
}

/** Opens the vault, locked (VAULT_NOT_FOUND comes before any prompt), runs `use`, then closes it. */
export async function withVault<T>(context: CliContext, use: (vault: Vault) => T | Promise<T>): Promise<T> {
  const vault = (await vaultClass()).open(context.vaultPath, context.vaultOptions);
  try {
    return await use(vault);
  } finally {
    vault.close();
  }
}

/**
 * Like withVault, unlocked with the master password. `meanwhile` runs while the KDF does (on
 * another thread): loading the modules and reading what `use` will need, instead of after.
 */
export async function withUnlockedVault<T>(context: CliContext, use: (vault: Vault) => T | Promise<T>, meanwhile?: (vault: Vault) => Promise<unknown>): Promise<T> {
  // A missing vault is reported before any prompt (withVault). Otherwise the KDF starts first
  // (unlock-kdf.ts): the vault code loads and the file opens while it runs.
  const early = existsSync(context.vaultPath) ? await startKdf(context) : null;
  return withVault(context, async (vault) => {
    const password = early?.password ?? (await context.masterPassword());
    const unlocking = vault.unlock(password, early?.started);
    // While the KDF runs (on its own thread): what the first reads after it would pay for.
    vault.prepareFirstReads();
    await Promise.all([unlocking, meanwhile?.(vault)]);
    // The next process starts its KDF from these, before loading SQLite (early-unlock.ts).
    rememberKdfParams(context.vaultPath, cliIo().env, vault.kdfParamsText());
    return use(vault);
  });
}

async function startKdf(context: CliContext): Promise<{ password: string; started: StartedKdf | null }> {
  const password = await context.masterPassword();
  const early = claimEarlyKdf(context.vaultPath, password);
  if (early !== null) return { password, started: early };
  const { startUnlockKdf } = await import('../vault/unlock-kdf');
  return { password, started: startUnlockKdf(context.vaultPath, password, context.vaultOptions) };
}

/**
 * The KDF the process started for this vault and password before the commands loaded
 * (early-unlock.ts), for a command that unlocks by other means than withUnlockedVault.
 */
export function earlyKdfFor(context: CliContext, password: string): StartedKdf | null {
  return claimEarlyKdf(context.vaultPath, password);
}

/**
 * The vault module, loaded when a command first needs it: `tessera --help` and a usage error
 * never load SQLite, Argon2 or the rest of the vault (each command loads only what it uses).
 */
export async function vaultClass(): Promise<typeof Vault> {
  return (await import('../vault')).Vault;
}

/** For commands that create a vault file: the folder may not exist yet (first run, new machine). */
export function ensureParentDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
}
