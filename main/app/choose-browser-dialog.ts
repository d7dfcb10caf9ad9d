// The app's "Choose browser…": the OS open dialog in the main process, attached to the focused
// window. The path it returns is checked by main/logins/browser-choice before it is kept; the
// renderer never names a program itself. Resolves null when the person cancels.
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';

export async function chooseBrowserWithDialog(): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: 'Choose the browser for automated logins (Chromium, Chrome or Edge)',
    properties: ['openFile'],
    ...(process.platform === 'win32' ? { filters: [{ name: 'Programs', extensions: ['exe'] }] } : {}),
  };
  const parent = BrowserWindow.getFocusedWindow();
  const choice = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return choice.canceled ? null : (choice.filePaths[0] ?? null);
}
