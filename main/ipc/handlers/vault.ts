// Handlers for the vault.* channels: thin calls into the VaultManager.
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

type VaultChannel =
  | 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.recover' | 'vault.lock'
  | 'vault.changePassword' | 'vault.setTimeouts';

export function vaultHandlers({ vault, settings }: Services): HandlerSlice<VaultChannel> {
  return {
    'vault.status': () => vault.status(),
    'vault.create': async ({ password }) => ({ recoveryKey: await vault.create(password) }),
    'vault.unlock': async ({ password }) => {
      await vault.unlock(password);
      return vault.status();
    },
    'vault.recover': async ({ recoveryKey, newPassword }) => {
      await vault.recover(recoveryKey, newPassword);
      return vault.status();
    },
    'vault.lock': () => {
      vault.lock('manual');
      return vault.status();
    },
    'vault.changePassword': async ({ currentPassword, newPassword }) => {
      await vault.unlocked().changeMasterPassword(currentPassword, newPassword);
      return { changed: true as const };
    },
    'vault.setTimeouts': ({ autoLockMinutes, clipboardClearSeconds }) => {
      settings.update({
        ...(autoLockMinutes !== undefined ? { autoLockMinutes } : {}),
        ...(clipboardClearSeconds !== undefined ? { clipboardClearSeconds } : {}),
      });
      vault.applySettings();
      return vault.status();
    },
  };
}
