// Channels for the vault's lifecycle: does it exist, create, unlock (password or recovery
// key), lock, change the master password, the auto-lock setting, and an encrypted backup
// (saved where the person picks) and its restore on a device without a vault (a file chosen in
// the main process's open dialog, held there under a token: the renderer never names a path).
import { z } from 'zod';
import { channel, event } from './define';
import { MAX_SECRET } from './limits';

export type VaultStatus = {
  exists: boolean;
  unlocked: boolean;
  /** Minutes of inactivity before the vault locks itself. */
  autoLockMinutes: number;
  /** Seconds before a copied secret is cleared from the clipboard. */
  clipboardClearSeconds: number;
};

const masterPassword = z.string().min(1, 'enter the master password').max(MAX_SECRET);
const newMasterPassword = z.string().min(8, 'use at least 8 characters').max(MAX_SECRET);
const recoveryKey = z.string().min(1).max(200);
const backupPassphrase = z.string().min(1, 'enter the backup passphrase').max(MAX_SECRET);
const backupToken = z.string().min(1).max(64);

export type BackupSaved = {
  /** false: the person closed the save dialog; nothing was written. */
  saved: boolean;
  fileName?: string;
  accounts: number;
  inboxMessages: number;
  /** Damaged accounts or messages that could not be read and are not in the backup. */
  skipped: number;
  /** Accounts shared with the person as a Collaborator, left out. */
  leftOut: number;
};

export const vaultChannels = {
  'vault.status': channel<VaultStatus>()(z.strictObject({})),
  'vault.create': channel<{ recoveryKey: string }>()(z.strictObject({ password: newMasterPassword })),
  'vault.unlock': channel<VaultStatus>()(z.strictObject({ password: masterPassword })),
  'vault.recover': channel<VaultStatus>()(
    z.strictObject({ recoveryKey, newPassword: newMasterPassword }),
  ),
  'vault.lock': channel<VaultStatus>()(z.strictObject({})),
  'vault.changePassword': channel<{ changed: true }>()(
    z.strictObject({ currentPassword: masterPassword, newPassword: newMasterPassword }),
  ),
  /** An encrypted backup of the whole vault, under a passphrase of its own (at least 10 characters), to a file picked in the save dialog. */
  'vault.backup': channel<BackupSaved>()(z.strictObject({ passphrase: z.string().min(10, 'use at least 10 characters').max(MAX_SECRET) })),
  /** Opens the file dialog for a backup to restore; null when the person cancels. */
  'vault.chooseBackup': channel<{ token: string; fileName: string } | null>()(z.strictObject({})),
  /** Restores the chosen backup as this device's vault (there must be none yet), unlocked, with a new master password. */
  'vault.restore': channel<{ recoveryKey: string; accounts: number }>()(
    z.strictObject({ token: backupToken, passphrase: backupPassphrase, newPassword: newMasterPassword }),
  ),
  'vault.setTimeouts': channel<VaultStatus>()(
    z.strictObject({
      autoLockMinutes: z.number().int().min(1).max(24 * 60).optional(),
      clipboardClearSeconds: z.number().int().min(5).max(600).optional(),
    }),
  ),
};

export const vaultEvents = {
  /** The vault locked itself (idle, suspend, screen lock) or was locked elsewhere. */
  'vault.locked': event<{ reason: 'manual' | 'idle' | 'suspend' | 'screen-lock' | 'quit' | 'universal-logout' }>(),
};
