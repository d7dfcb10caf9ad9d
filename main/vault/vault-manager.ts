// The app's one vault file (vault.sqlite in the data directory) as the app, the web test
// host and the CLI see it: exists / create / unlock / recover / lock, the idle auto-lock
// with the person's setting, clipboard clearing on lock, and a `vault.locked` event with
// the reason so the window can say why it locked.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TesseraError } from '../errors';
import { Vault, type CreateVaultOptions } from './vault';
import type { StartedKdf } from './unlock-kdf';
import type { EventBus } from '../event-bus';
import type { SettingsStore } from '../settings/settings-store';
import type { ClipboardGuard } from '../platform/clipboard-guard';
import { ensurePrivateFolder } from '../../protocol/private-files';
import { VAULT_FILE_NAME } from '../platform/data-dir';

export type LockReason = 'manual' | 'idle' | 'suspend' | 'screen-lock' | 'quit' | 'universal-logout';

export type VaultManagerOptions = {
  dataDir: string;
  events: EventBus;
  settings: SettingsStore;
  clipboard: ClipboardGuard;
  /** Vault options: KDF cost and test mode (the web test host may lower the KDF cost). */
  vaultOptions?: CreateVaultOptions;
  /** The vault file; default `vault.sqlite` in the data directory (the CLI's --vault names another). */
  path?: string;
  /** Lock after the person's idle time (default); false for the CLI, one short process per command. */
  idleLock?: boolean;
};

export { VAULT_FILE_NAME };

export class VaultManager {
  readonly path: string;
  private vault: Vault | null = null;
  private nextLockReason: LockReason | null = null;
  private trashPurgedThisUnlock = false;
  private readonly unlockListeners = new Set<(vault: Vault) => void>();

  constructor(private readonly options: VaultManagerOptions) {
    this.path = options.path ?? join(options.dataDir, VAULT_FILE_NAME);
  }

  status() {
    const settings = this.options.settings.get();
    return {
      exists: this.vault !== null || existsSync(this.path),
      unlocked: this.vault?.isUnlocked ?? false,
      autoLockMinutes: settings.autoLockMinutes,
      clipboardClearSeconds: settings.clipboardClearSeconds,
    };
  }

  async create(password: string): Promise<string> {
    if (this.status().exists) {
      throw new TesseraError('VAULT_EXISTS', 'A vault already exists on this device. Unlock it instead.');
    }
    // The data directory is Tessera's own: only this user may list or read it.
    ensurePrivateFolder(this.options.dataDir, { own: true });
    const { vault, recoveryKey } = await Vault.create(this.path, password, this.vaultOptions());
    this.attach(vault);
    return recoveryKey;
  }

  /**
   * Restores an encrypted backup as this device's vault, with a new master password; there
   * must be no vault yet. Returns the new vault's recovery key (shown once) and the number of
   * accounts restored. A wrong passphrase or a damaged file leaves no vault behind.
   */
  async restore(backupPath: string, passphrase: string, newPassword: string): Promise<{ recoveryKey: string; accounts: number }> {
    if (this.status().exists) {
      throw new TesseraError('VAULT_EXISTS', 'A vault already exists on this device. Restore a backup on a device without one, or with the CLI: tessera restore FILE --to PATH.');
    }
    ensurePrivateFolder(this.options.dataDir, { own: true });
    const { vault, recoveryKey, accounts } = await Vault.restoreBackup(backupPath, passphrase, this.path, newPassword, this.vaultOptions());
    this.attach(vault);
    return { recoveryKey, accounts };
  }

  /**
   * Opens the vault file, still locked, so a missing or damaged file is reported (with its
   * path) before anyone types a password: the CLI calls this before it asks.
   */
  open(): void {
    if (!this.vault) this.attach(Vault.open(this.path, this.vaultOptions()));
  }

  /** `started`: this password's KDF begun before the vault was opened (unlock-kdf.ts), if any. */
  async unlock(password: string, started?: StartedKdf | null): Promise<void> {
    const vault = this.openVault();
    await vault.unlock(password, started);
    this.afterUnlock(vault);
  }

  async recover(recoveryKey: string, newPassword: string): Promise<void> {
    const vault = this.openVault();
    await vault.unlockWithRecoveryKey(recoveryKey);
    await vault.resetMasterPassword(newPassword);
    this.afterUnlock(vault);
  }

  lock(reason: LockReason): void {
    if (!this.vault?.isUnlocked) return;
    this.nextLockReason = reason;
    this.vault.lock();
  }

  /** Called after every unlock (services that run while the vault is open start here). Returns an unsubscribe function. */
  onUnlock(listener: (vault: Vault) => void): () => void {
    this.unlockListeners.add(listener);
    return () => this.unlockListeners.delete(listener);
  }

  /** The unlocked vault for one action; counts as activity for the idle lock. */
  unlocked(): Vault {
    const vault = this.vault;
    if (!vault?.isUnlocked) throw new TesseraError('VAULT_LOCKED', 'The vault is locked. Unlock it and try again.');
    vault.idleLock.touch();
    return vault;
  }

  /** The unlocked vault for background work (sync applying remote changes): not activity, so the idle lock still runs. */
  unlockedInBackground(): Vault {
    const vault = this.vault;
    if (!vault?.isUnlocked) throw new TesseraError('VAULT_LOCKED', 'The vault is locked.');
    return vault;
  }

  /**
   * Removes accounts deleted more than 30 days ago, once per unlock. Called before the first
   * list, which decrypts every summary anyway, so unlock itself stays one Argon2 call.
   */
  purgeExpiredTrashOnce(): void {
    if (this.trashPurgedThisUnlock) return;
    this.trashPurgedThisUnlock = true;
    this.unlocked().accounts.purgeExpired();
  }

  applySettings(): void {
    const minutes = this.idleLockMinutes();
    /*! eng-disable DANGEROUS_FUNCTIONS_JS_CHECK: IdleLock.setTimeout is our method taking milliseconds, not the global evaluating code */
    this.vault?.idleLock.setTimeout(minutes * 60_000);
  }

  copySecret(text: string): number {
    const seconds = this.options.settings.get().clipboardClearSeconds;
    this.options.clipboard.copy(text, seconds);
    return seconds;
  }

  close(): void {
    this.lock('quit');
    this.vault?.close();
    this.vault = null;
    this.options.clipboard.dispose();
  }

  private vaultOptions(): CreateVaultOptions {
    return { ...this.options.vaultOptions, idleLockMs: this.idleLockMinutes() * 60_000 };
  }

  /** The person's setting; 0 (off) without an idle lock. */
  private idleLockMinutes(): number {
    return this.options.idleLock === false ? 0 : this.options.settings.get().autoLockMinutes;
  }

  private openVault(): Vault {
    if (this.vault) return this.vault;
    if (!existsSync(this.path)) {
      throw new TesseraError('VAULT_NOT_FOUND', 'There is no vault on this device yet. Create one first.');
    }
    ensurePrivateFolder(this.options.dataDir, { own: true });
    this.attach(Vault.open(this.path, this.vaultOptions()));
    return this.vault!;
  }

  private attach(vault: Vault): void {
    this.vault = vault;
    vault.onLock(() => {
      const reason = this.nextLockReason ?? 'idle';
      this.nextLockReason = null;
      void this.options.clipboard.clearIfOurs();
      this.options.events.emit('vault.locked', { reason });
    });
    if (vault.isUnlocked) this.afterUnlock(vault);
  }

  private afterUnlock(vault: Vault): void {
    this.trashPurgedThisUnlock = false;
    this.applySettings();
    vault.idleLock.start();
    for (const listener of [...this.unlockListeners]) listener(vault);
  }
}
