// The vault's public API, used by the CLI (main/cli) and the IPC handlers (main/ipc).
// Plain Node: never imports 'electron'. Errors are TesseraError with codes from
// main/errors.ts (WRONG_PASSWORD, VAULT_LOCKED, ITEM_CORRUPT, BACKUP_INVALID, …).
//
//   const { vault, recoveryKey } = await Vault.create(path, password);   // show recoveryKey once
//   const vault = Vault.open(path); await vault.unlock(password);
//   const { id, duplicates } = vault.accounts.create({ name, urls, username, password });
//   vault.accounts.search('git'); vault.accounts.reveal(id, 'password');  // audited
//   vault.audit.verify(); await vault.backup(file, passphrase); vault.lock();
export { TESSERA_JSON_EXPORT, Vault, type BackupCounts } from './vault';
export type { CreateVaultOptions, OpenVaultOptions, PlaintextRender, UnlockMethod, VaultInfo } from './vault';
export { AccountService, TRASH_RETENTION_MS } from './accounts';
export type { AccountListEntry, ExportedAccount, ListOptions, SecretField, WriteResult } from './accounts';
export {
  AccountInputSchema,
  accountPatchSchema,
  CustomFieldSchema,
  TotpSchema,
  PASSWORD_CHANGE_REASONS,
  PasswordHistorySchema,
  TOTP_ALGORITHMS,
  TOTP_TYPES,
  findDuplicates,
  hostOf,
} from './account-record';
export type {
  Account,
  AccountInput,
  AccountPatch,
  AccountSummary,
  CustomField,
  PasswordChangeReason,
  PasswordHistoryEntry,
  Totp,
  TotpInput,
} from './account-record';
export { AuditLog, VAULT_AUDIT_EVENTS } from './audit-log';
export type { AuditEntry } from './audit-log';
export type { ChainVerdict } from './audit-chain';
export type { PasswordReuse } from './search-snapshot';
export type { AuditDetails } from './vault-session';
export { DEFAULT_IDLE_LOCK_MS, IdleLock } from './idle-lock';
export { DEFAULT_KDF_COST, KDF_FLOOR, TEST_KDF_COST } from '../crypto/kdf';
export type { KdfCost, KdfParams } from '../crypto/kdf';
export type { BackupKdfOptions } from './backup';
export { RotationRecords, RotationWriteTx } from './rotation-records';
export type { BatchApprovalRecord, JobQuery, JobRecord, JournalRecord, PolicyRecord } from './rotation-records';
export { InboxRecords, MAILBOX_SETTINGS_STATE } from './inbox-records';
export { SyncRecords, type SyncKeyStore } from './sync-records';
export type { ExportedInbox, InboxMessageQuery, InboxMessageRecord } from './inbox-records';
export { MFA_RUNS_KEPT, MfaRecords } from './mfa-records';
export type { MfaRunRecord, PendingMfaRecord } from './mfa-records';
export { VAULT_FILE_NAME, VaultManager } from './vault-manager';
