// Channels for the vault's lifecycle: does it exist, create, unlock (password or recovery
// key), lock, change the master password, and the auto-lock setting.
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
  'vault.setTimeouts': channel<VaultStatus>()(
    z.strictObject({
      autoLockMinutes: z.number().int().min(1).max(24 * 60).optional(),
      clipboardClearSeconds: z.number().int().min(5).max(600).optional(),
    }),
  ),
};

export const vaultEvents = {
  /** The vault locked itself (idle, suspend, screen lock) or was locked elsewhere. */
  'vault.locked': event<{ reason: 'manual' | 'idle' | 'suspend' | 'screen-lock' | 'quit' }>(),
};
