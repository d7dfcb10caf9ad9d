// The app's "Choose a file to import…": the OS open dialog in the main process, attached to
// the focused window. Resolves null when the person cancels.
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

export async function chooseImportFileWithDialog(): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: 'Choose an export of your password manager to import',
    properties: ['openFile'],
    filters: [
      { name: 'Password manager exports', extensions: ['csv', 'json', 'xml', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const choice = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return choice.canceled ? null : (choice.filePaths[0] ?? null);
}
