// Handlers for the vault.* channels: thin calls into the VaultManager. A backup's bytes go to
// the platform's save dialog; a backup to restore comes from its open dialog and is held here
// under a token (one at a time), so no path ever comes from the renderer.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { TesseraError } from '../../errors';
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';
import { collaboratorAccountIds } from './collaborator-accounts';

type VaultChannel =
  | 'vault.status' | 'vault.create' | 'vault.unlock' | 'vault.recover' | 'vault.lock'
  | 'vault.changePassword' | 'vault.backup' | 'vault.chooseBackup' | 'vault.restore' | 'vault.setTimeouts';

const BACKUP_FILE_TYPE = { name: 'Tessera backup', extensions: ['tessera-backup'] };

export function vaultHandlers({ vault, settings, platform, sharing }: Services): HandlerSlice<VaultChannel> {
  let chosenBackup: { token: string; path: string } | null = null;

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
    'vault.backup': async ({ passphrase }) => {
      const unlocked = vault.unlocked();
      if (!platform.saveFile) throw new TesseraError('NOT_SUPPORTED', 'Saving files needs the desktop app. From a terminal: tessera backup FILE.');
      const leftOut = collaboratorAccountIds({ vault, sharing });
      const { bytes, ...counts } = await unlocked.backupBytes(passphrase, {}, leftOut);
      const day = new Date().toISOString().slice(0, 10);
      const saved = await platform.saveFile({ suggestedName: `tessera-${day}.tessera-backup`, bytes, fileType: BACKUP_FILE_TYPE });
      const summary = { accounts: counts.accounts, inboxMessages: counts.inboxMessages, skipped: counts.skipped.length, leftOut: leftOut.size };
      if (!saved) return { saved: false, ...summary };
      unlocked.auditBackup(counts);
      return { saved: true, fileName: saved.fileName, ...summary };
    },
    'vault.chooseBackup': async () => {
      if (!platform.chooseFile) throw new TesseraError('NOT_SUPPORTED', 'Choosing a file needs the desktop app. From a terminal: tessera restore FILE.');
      const path = await platform.chooseFile('backup');
      if (path === null) return null;
      chosenBackup = { token: randomBytes(16).toString('base64url'), path };
      return { token: chosenBackup.token, fileName: basename(path) };
    },
    'vault.restore': async ({ token, passphrase, newPassword }) => {
      if (chosenBackup?.token !== token) throw new TesseraError('INVALID_INPUT', 'That backup is no longer chosen. Choose the file again.');
      const restored = await vault.restore(chosenBackup.path, passphrase, newPassword);
      chosenBackup = null;
      return restored;
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
