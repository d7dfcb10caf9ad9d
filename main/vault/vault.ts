// The vault's lifecycle: create (returns the recovery key once), open, unlock with the
// master password or the recovery key, change / reset the master password (re-wraps the
// vault key only), lock (zeroes keys, drops caches) and idle lock, plus whole-vault
// backup, restore and plaintext export. Accounts and the audit log hang off it.
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { TesseraError } from '../errors';
import { AccountService, type ExportedAccount } from './accounts';
import { warmRecordSchemas } from './account-record';
import { encodeAad, FORMAT_VERSION, open, seal } from '../crypto/aead';
import { AuditLog } from './audit-log';
import { assertBackupSize, decodeBackup, encodeBackup, type BackupKdfOptions, type BackupPayload } from './backup';
import { writeFileAtomicSync } from '../platform/atomic-write';
import { emptyManifest, sealManifest } from './integrity-manifest';
import type { StartedKdf } from './unlock-kdf';
import { KdfParamsSchema } from '../crypto/kdf-schema';
import { assertKdfParamsAllowed, deriveKey, newKdfParams, type KdfCost, type KdfParams } from '../crypto/kdf';
import { randomKey, recoveryKek, secretFingerprint, unwrapVmk, VaultKeys, VMK_BYTES } from './keys';
import { IdleLock, DEFAULT_IDLE_LOCK_MS } from './idle-lock';
import { generateRecoveryKey, parseRecoveryKey } from './recovery-key';
import { RotationRecords } from './rotation-records';
import { InboxRecords } from './inbox-records';
import { SyncRecords } from './sync-records';
import { MfaRecords } from './mfa-records';
import { VaultStore, type HeaderRow } from './store';
import { DEFAULT_SHARD_COUNT } from './summary-shards';
import { VaultSession } from './vault-session';

const MIN_PASSWORD_LENGTH = 8;
/** The recovery wrap has no KDF parameters to bind; this names its scheme instead. */
const RECOVERY_BINDING = 'hkdf-sha256/v1';

export interface OpenVaultOptions {
  /** Test mode: accept KDF parameters below the floor. Never set in the app. */
  allowWeakKdf?: boolean;
  /** Auto-lock after this long without `touch()`; 0 = never. Default 10 minutes. */
  idleLockMs?: number;
  /** Clock, for tests of trash expiry. */
  now?: () => number;
}

export interface CreateVaultOptions extends OpenVaultOptions {
  /** Argon2id cost; defaults to m = 64 MiB, t = 3, p = 4. */
  kdf?: Partial<KdfCost>;
}

export interface VaultInfo {
  vaultId: string;
  path: string;
  createdAt: number;
  /** Public by design: stored in the header so the cost can be raised later. */
  kdf: KdfParams;
  isUnlocked: boolean;
}

export type UnlockMethod = 'password' | 'recovery-key';

/** What a backup holds; `skipped` names damaged accounts and inbox messages left out. */
export interface BackupCounts {
  accounts: number;
  inboxMessages: number;
  skipped: string[];
}

function assertPassword(password: string, what = 'The master password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new TesseraError('INVALID_INPUT', `${what} must have at least ${MIN_PASSWORD_LENGTH} characters. Choose a longer one.`);
  }
}

function removeVaultFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

/** A plaintext export format: its name in the audit log and how it writes the accounts. */
export interface PlaintextRender {
  format: string;
  render(accounts: readonly ExportedAccount[], context: { skipped: readonly string[]; exportedAt: number }): string;
}

/** Tessera's own JSON export, which `tessera import` reads back. */
export const TESSERA_JSON_EXPORT: PlaintextRender = {
  format: 'json',
  render: (accounts, { skipped, exportedAt }) =>
    JSON.stringify({ format: 'tessera-export', version: 1, exportedAt: new Date(exportedAt).toISOString(), accounts, skipped }, null, 2),
};

export class Vault {
  readonly accounts: AccountService;
  readonly audit: AuditLog;
  /** Rotation journal, policies, jobs and leases (main/rotation gives them meaning). */
  readonly rotation: RotationRecords;
  /** Managed inbox messages, mailbox settings and sync state (main/inbox). */
  readonly inbox: InboxRecords;
  /** Pending MFA secrets and enrolment runs (main/mfa). */
  readonly mfa: MfaRecords;
  /** This device's sync keys and workspace state (main/sync, main/sharing). */
  readonly sync: SyncRecords;
  readonly idleLock: IdleLock;
  private session: VaultSession | null = null;
  private unlockedWith: UnlockMethod | null = null;
  /** Bumped by lock(), so an unlock that was deriving its key when lock() ran stays locked. */
  private lockEpoch = 0;
  private readonly lockListeners = new Set<() => void>();
  private readonly now: () => number;

  private constructor(
    private readonly store: VaultStore,
    readonly path: string,
    private readonly options: OpenVaultOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.accounts = new AccountService(() => this.requireSession());
    this.audit = new AuditLog(() => this.requireSession());
    this.rotation = new RotationRecords(() => this.requireSession());
    this.inbox = new InboxRecords(() => this.requireSession());
    this.mfa = new MfaRecords(() => this.requireSession());
    this.sync = new SyncRecords(() => this.requireSession());
    this.idleLock = new IdleLock(() => this.lock(), options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS);
  }

  /**
   * Creates a vault file (refuses an existing one) and returns it unlocked, with the
   * recovery key. Show the recovery key once; it is not stored anywhere.
   */
  static async create(path: string, masterPassword: string, options: CreateVaultOptions = {}): Promise<{ vault: Vault; recoveryKey: string }> {
    assertPassword(masterPassword);
    const kdf = newKdfParams(options.kdf, options);
    const kdfJson = JSON.stringify(kdf);
    const kek = await deriveKey(masterPassword, kdf, options);
    const store = VaultStore.open(path, 'create');
    const vaultId = randomUUID();
    const recovery = generateRecoveryKey();
    const recoveryKekBytes = recoveryKek(recovery.bytes, vaultId);
    const { keys, sealedDeviceKey } = VaultKeys.create(vaultId, randomKey(VMK_BYTES));
    try {
      const now = (options.now ?? Date.now)();
      store.transaction(() =>
        store.insertHeader({
          vault_id: vaultId,
          format_version: FORMAT_VERSION,
          created_at: now,
          kdf_params: kdfJson,
          vmk_by_password: keys.wrapVmk(kek, 'password', kdfJson),
          vmk_by_recovery: keys.wrapVmk(recoveryKekBytes, 'recovery', RECOVERY_BINDING),
          device_public_key: keys.devicePublicKey,
          device_secret_sealed: sealedDeviceKey,
          shard_count: DEFAULT_SHARD_COUNT,
          manifest_counter: 0,
          manifest: sealManifest(keys.subKey('manifest'), vaultId, emptyManifest(DEFAULT_SHARD_COUNT)),
        }),
      );
      const vault = new Vault(store, path, options);
      vault.startSession(keys, 'password', (tx) => tx.audit('vault.create', null, { kdf: `argon2id m=${kdf.memoryKiB} t=${kdf.iterations} p=${kdf.parallelism}` }));
      return { vault, recoveryKey: recovery.printable };
    } catch (error) {
      keys.zero();
      store.close();
      removeVaultFiles(path);
      throw error;
    } finally {
      kek.fill(0);
      recoveryKekBytes.fill(0);
      recovery.bytes.fill(0);
    }
  }

  /** Opens an existing vault, locked. VAULT_NOT_FOUND, VAULT_TOO_NEW (file untouched), VAULT_CORRUPT. */
  static open(path: string, options: OpenVaultOptions = {}): Vault {
    const store = VaultStore.open(path, 'open');
    try {
      const header = store.readHeader();
      if (header.format_version > FORMAT_VERSION) {
        throw new TesseraError('VAULT_TOO_NEW', `This vault uses format ${header.format_version}; this Tessera knows up to ${FORMAT_VERSION}. Update Tessera to open it.`);
      }
      return new Vault(store, path, options);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /**
   * Restores a backup into a NEW vault at `newPath` with a new master password and
   * recovery key. Accounts keep their ids; the old audit log is appended as
   * `audit.imported` entries, followed by one `vault.restore`.
   */
  static async restoreBackup(
    backupPath: string,
    passphrase: string,
    newPath: string,
    newMasterPassword: string,
    options: CreateVaultOptions = {},
  ): Promise<{ vault: Vault; recoveryKey: string; accounts: number }> {
    let bytes: Uint8Array;
    try {
      // A huge file is refused by its size, before it is read into memory.
      assertBackupSize(statSync(backupPath).size);
      bytes = readFileSync(backupPath);
    } catch (error) {
      if (error instanceof TesseraError) throw error;
      throw new TesseraError('BACKUP_INVALID', `Cannot read the backup at ${backupPath}. Check the path and permissions.`);
    }
    const payload = await decodeBackup(bytes, passphrase, options);
    const created = await Vault.create(newPath, newMasterPassword, options);
    try {
      created.vault.importBackupPayload(payload);
    } catch (error) {
      created.vault.close();
      removeVaultFiles(newPath);
      throw error;
    }
    return { ...created, accounts: payload.accounts.length };
  }

  private importBackupPayload(payload: BackupPayload): void {
    this.requireSession().write((tx) => {
      for (const account of payload.accounts) this.accounts.putExported(tx, account);
      if (payload.inbox) this.inbox.importFromBackup(tx, payload.inbox);
      for (const entry of payload.audit) {
        tx.audit('audit.imported', entry.accountId, {
          originalSeq: entry.seq,
          originalKind: entry.kind,
          originalDetails: JSON.stringify(entry.details),
        }, entry.at);
      }
      tx.audit('vault.restore', null, {
        sourceVaultId: payload.sourceVaultId, backupCreatedAt: payload.createdAt, accounts: payload.accounts.length, inboxMessages: payload.inbox?.messages.length ?? 0,
      });
    });
  }

  get isUnlocked(): boolean {
    return this.session !== null;
  }

  /** This unlock's name (memory only; a new one at every unlock); null while locked. */
  get unlockId(): string | null {
    return this.session?.unlockId ?? null;
  }

  info(): VaultInfo {
    const header = this.store.readHeader();
    return { vaultId: header.vault_id, path: this.path, createdAt: header.created_at, kdf: this.headerKdf(header), isUnlocked: this.isUnlocked };
  }

  /**
   * While the KDF of an unlock runs: reads the sealed search snapshot ahead (ciphertext only,
   * kept in memory for the first search), so a search right after the unlock has it at hand.
   */
  readSearchSnapshotAhead(): void {
    this.store.prefetchSearchSnapshot();
  }

  /** The header's KDF parameters as stored (algorithm, cost and salt: no secret), for a caller that remembers them (the CLI). */
  kdfParamsText(): string {
    return this.store.readHeader().kdf_params;
  }

  /** While the KDF of an unlock runs: the record schemas' first parse (warmRecordSchemas), so the first read after it does not pay it. */
  prepareFirstReads(): void {
    warmRecordSchemas();
  }

  /**
   * WRONG_PASSWORD (and a `vault.unlock_failed` audit entry at the next unlock) when wrong.
   * `started`: the KDF of this password begun before the vault was opened (unlock-kdf.ts),
   * used when it ran on the parameters this header names.
   */
  async unlock(masterPassword: string, started?: StartedKdf | null): Promise<void> {
    const header = this.store.readHeader();
    const epoch = this.lockEpoch;
    const params = this.headerKdf(header);
    const matches = started?.kdfParams === header.kdf_params;
    if (started && !matches) void started.key.then((key) => key?.fill(0));
    const early = started && matches ? await started.key : null;
    const kek = early ?? (await deriveKey(masterPassword, params, this.options));
    try {
      const vmk = unwrapVmk(kek, header.vmk_by_password, header.vault_id, 'password', header.kdf_params);
      this.finishUnlock(header, vmk, 'password', epoch);
    } finally {
      kek.fill(0);
    }
  }

  /** Unlocks with the printed recovery key; follow with `resetMasterPassword`. */
  async unlockWithRecoveryKey(recoveryKey: string): Promise<void> {
    const header = this.store.readHeader();
    const epoch = this.lockEpoch;
    let bytes: Uint8Array;
    try {
      bytes = parseRecoveryKey(recoveryKey);
    } catch (error) {
      this.store.addPendingEvent(this.now(), 'vault.unlock_failed', 'recovery-key');
      throw error;
    }
    const kek = recoveryKek(bytes, header.vault_id);
    bytes.fill(0);
    try {
      const vmk = unwrapVmk(kek, header.vmk_by_recovery, header.vault_id, 'recovery', RECOVERY_BINDING);
      this.finishUnlock(header, vmk, 'recovery-key', epoch);
    } finally {
      kek.fill(0);
    }
  }

  /** Re-wraps the vault key under a new password (new salt; `kdf` may raise the cost). */
  async changeMasterPassword(oldPassword: string, newPassword: string, kdf?: Partial<KdfCost>): Promise<void> {
    const session = this.requireSession();
    const header = this.store.readHeader();
    const oldKek = await deriveKey(oldPassword, this.headerKdf(header), this.options);
    const vmk = unwrapVmk(oldKek, header.vmk_by_password, header.vault_id, 'password', header.kdf_params);
    oldKek.fill(0);
    if (vmk === null) {
      session.write((tx) => tx.audit('vault.password_change', null, { result: 'wrong current password' }));
      throw new TesseraError('WRONG_PASSWORD', 'The current master password is wrong. Nothing was changed; try again.');
    }
    vmk.fill(0);
    await this.rewrapPassword(newPassword, kdf, 'vault.password_change');
  }

  /** After `unlockWithRecoveryKey` only: sets a new master password without the old one. */
  async resetMasterPassword(newPassword: string, kdf?: Partial<KdfCost>): Promise<void> {
    this.requireSession();
    if (this.unlockedWith !== 'recovery-key') {
      throw new TesseraError('NOT_PERMITTED', 'Resetting the master password needs an unlock with the recovery key. To change it, use "change master password" with the current one.');
    }
    await this.rewrapPassword(newPassword, kdf, 'vault.password_reset');
    this.unlockedWith = 'password';
  }

  /** Replaces the recovery key (e.g. after it was used or exposed); returns the new one, shown once. */
  regenerateRecoveryKey(): string {
    const session = this.requireSession();
    const recovery = generateRecoveryKey();
    const kek = recoveryKek(recovery.bytes, session.vaultId);
    try {
      session.write((tx) => {
        tx.store.writeRecoveryWrap(session.keys.wrapVmk(kek, 'recovery', RECOVERY_BINDING));
        tx.audit('vault.recovery_key_regenerate', null, {});
      });
      return recovery.printable;
    } finally {
      kek.fill(0);
      recovery.bytes.fill(0);
    }
  }

  /** Zeroes every key buffer and drops the caches. Safe to call when locked. */
  lock(): void {
    this.lockEpoch++;
    this.idleLock.stop();
    if (this.session === null) return;
    this.session.dispose();
    this.session = null;
    this.unlockedWith = null;
    for (const listener of this.lockListeners) listener();
  }

  /** Called after every lock (manual, idle, app suspend). Returns an unsubscribe function. */
  onLock(listener: () => void): () => void {
    this.lockListeners.add(listener);
    return () => this.lockListeners.delete(listener);
  }

  /** Locks and closes the file. */
  close(): void {
    this.lock();
    this.store.close();
  }

  /**
   * Writes an encrypted backup of the whole vault. Damaged accounts and inbox messages are
   * skipped and named; `exclude`d accounts (shared with the person as a Collaborator) are left out.
   */
  async backup(file: string, passphrase: string, options: BackupKdfOptions = {}, exclude: ReadonlySet<string> = new Set()): Promise<BackupCounts> {
    const { bytes, ...counts } = await this.backupBytes(passphrase, options, exclude);
    writeFileAtomicSync(file, bytes);
    this.auditBackup(counts);
    return counts;
  }

  /**
   * The encrypted backup file's bytes, for a caller that writes them itself (the app's save
   * dialog); it calls `auditBackup` once they are written.
   */
  async backupBytes(passphrase: string, options: BackupKdfOptions = {}, exclude: ReadonlySet<string> = new Set()): Promise<BackupCounts & { bytes: Uint8Array }> {
    assertPassword(passphrase, 'The backup passphrase');
    const session = this.requireSession();
    const { accounts, skipped: skippedAccounts } = this.accounts.exportAll(exclude);
    const { skipped: skippedMessages, ...inbox } = this.inbox.exportForBackup();
    const skipped = [...skippedAccounts, ...skippedMessages];
    const payload: BackupPayload = { sourceVaultId: session.vaultId, createdAt: this.now(), accounts, audit: this.audit.entries(), inbox };
    const bytes = await encodeBackup(payload, passphrase, { allowWeakKdf: this.options.allowWeakKdf, ...options });
    return { bytes, accounts: accounts.length, inboxMessages: inbox.messages.length, skipped };
  }

  auditBackup({ accounts, inboxMessages, skipped }: BackupCounts): void {
    this.requireSession().write((tx) => tx.audit('vault.backup', null, { accounts, inboxMessages, skipped }));
  }

  /**
   * Every account with its secrets, in plaintext: Tessera's own JSON, or what `as` renders
   * (another manager's format, named by `format` in the audit). Requires `{ plaintext: true }`;
   * the caller must warn the person before writing it anywhere.
   */
  exportPlaintext(confirm: { plaintext: true }, exclude: ReadonlySet<string> = new Set(), as: PlaintextRender = TESSERA_JSON_EXPORT): string {
    if (confirm?.plaintext !== true) {
      throw new TesseraError('NOT_PERMITTED', 'A plaintext export needs explicit confirmation. Use an encrypted backup instead, or confirm the plaintext export.');
    }
    const { accounts, skipped } = this.accounts.exportAll(exclude);
    this.audit.append('vault.export', null, { format: as.format, plaintext: true, accounts: accounts.length, skipped });
    return as.render(accounts, { skipped, exportedAt: this.now() });
  }

  /** Rebuilds damaged index shards from the item rows (see AccountService.repairIndex). */
  repairIndex(): { rebuilt: string[]; unreadable: string[] } {
    return this.accounts.repairIndex();
  }

  /** A keyed fingerprint of a secret (keys.ts secretFingerprint): equal secrets, equal fingerprints. */
  secretFingerprint(secret: string): string {
    return secretFingerprint(this.requireSession().keys.subKey('fingerprint'), secret);
  }

  /**
   * Seals a blob kept outside the database (automation run records, traces, screenshots)
   * with XChaCha20-Poly1305 under the vault's 'automation' sub-key. `context` names where the
   * blob belongs (e.g. "run:<account>:<run>:trace:1") and is bound as associated data, so a
   * blob cannot be moved to another place or another vault unnoticed.
   */
  sealAutomationBlob(context: string, plaintext: Uint8Array): Uint8Array {
    const session = this.requireSession();
    return seal(session.keys.subKey('automation'), plaintext, encodeAad('automation-blob', session.vaultId, context));
  }

  /** Opens what sealAutomationBlob sealed; null when altered, moved, or from another vault. */
  openAutomationBlob(context: string, box: Uint8Array): Uint8Array | null {
    const session = this.requireSession();
    return open(session.keys.subKey('automation'), box, encodeAad('automation-blob', session.vaultId, context));
  }

  /** @internal for tests: the live key buffers `lock()` must zero. */
  secretKeyBuffersForTests(): Uint8Array[] {
    return this.requireSession().keys.secretBuffers();
  }

  private headerKdf(header: HeaderRow): KdfParams {
    const parsed = KdfParamsSchema.safeParse(JSON.parse(header.kdf_params));
    if (!parsed.success) throw new TesseraError('VAULT_CORRUPT', 'The vault header is damaged (key derivation parameters). Restore the vault from a backup.');
    assertKdfParamsAllowed(parsed.data, this.options);
    return parsed.data;
  }

  private finishUnlock(header: HeaderRow, vmk: Uint8Array | null, method: UnlockMethod, epoch: number): void {
    if (vmk === null) {
      this.store.addPendingEvent(this.now(), 'vault.unlock_failed', method);
      throw method === 'password'
        ? new TesseraError('WRONG_PASSWORD', 'The master password is wrong. Try again, or unlock with the recovery key.')
        : new TesseraError('WRONG_RECOVERY_KEY', 'This recovery key does not open this vault. Check that it belongs to this vault.');
    }
    const keys = VaultKeys.fromVmk(header.vault_id, vmk, header.device_secret_sealed, header.device_public_key);
    if (keys === null) {
      vmk.fill(0);
      throw new TesseraError('VAULT_CORRUPT', 'The vault header is damaged (device key). Restore the vault from a backup.');
    }
    if (epoch !== this.lockEpoch) {
      keys.zero();
      throw new TesseraError('VAULT_LOCKED', 'The vault was locked while unlocking. Unlock again.');
    }
    this.lock();
    this.startSession(keys, method, (tx) => {
      // Failed attempts waited unsigned in pending_events (no key was available); chain them now, at their own time.
      for (const event of tx.store.readPendingEvents()) tx.audit(event.kind, null, { method: event.method }, event.at);
      tx.store.clearPendingEvents();
      tx.audit('vault.unlock', null, { method });
    });
  }

  private startSession(keys: VaultKeys, method: UnlockMethod, firstWrite: Parameters<VaultSession['write']>[0]): void {
    let session: VaultSession;
    try {
      session = new VaultSession(this.store, keys, this.store.readHeader().shard_count, this.now);
      session.write(firstWrite);
    } catch (error) {
      keys.zero();
      throw error;
    }
    this.session = session;
    this.unlockedWith = method;
    this.idleLock.start();
  }

  private async rewrapPassword(newPassword: string, kdf: Partial<KdfCost> | undefined, kind: string): Promise<void> {
    assertPassword(newPassword, 'The new master password');
    const current = this.headerKdf(this.store.readHeader());
    const params = newKdfParams(
      kdf ?? { memoryKiB: current.memoryKiB, iterations: current.iterations, parallelism: current.parallelism },
      this.options,
    );
    const paramsJson = JSON.stringify(params);
    const kek = await deriveKey(newPassword, params, this.options);
    try {
      const session = this.requireSession();
      session.write((tx) => {
        tx.store.writePasswordWrap(paramsJson, session.keys.wrapVmk(kek, 'password', paramsJson));
        tx.audit(kind, null, { kdf: `argon2id m=${params.memoryKiB} t=${params.iterations} p=${params.parallelism}` });
      });
    } finally {
      kek.fill(0);
    }
  }

  private requireSession(): VaultSession {
    if (this.session === null) throw new TesseraError('VAULT_LOCKED', 'The vault is locked. Unlock it with the master password.');
    this.idleLock.touch();
    return this.session;
  }
}
