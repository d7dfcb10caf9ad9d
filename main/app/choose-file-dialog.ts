// The app's "Choose a file…" for an import or a backup to restore: the OS open dialog in the
// main process, attached to the focused window. The renderer never names a path; it only says
// what the file is for. Resolves null when the person cancels.
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import type { FilePurpose } from '../services';

const DIALOGS: Record<FilePurpose, OpenDialogOptions> = {
  import: {
    title: 'Choose an export of your password manager to import',
    properties: ['openFile'],
    filters: [
      { name: 'Password manager exports and KeePass databases', extensions: ['csv', 'json', 'xml', 'txt', 'kdbx', '1pux'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
  backup: {
    title: 'Choose a Tessera backup to restore',
    properties: ['openFile'],
    filters: [
      { name: 'Tessera backups', extensions: ['tessera-backup'] },
      { name: 'All files', extensions: ['*'] },
    ],
  },
};

export async function chooseFileWithDialog(purpose: FilePurpose): Promise<string | null> {
  const options = DIALOGS[purpose];
  const parent = BrowserWindow.getFocusedWindow();
  const choice = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return choice.canceled ? null : (choice.filePaths[0] ?? null);
}
