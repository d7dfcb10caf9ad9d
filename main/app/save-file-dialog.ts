// The app's "Save as…" for exports the person asked for (a run's trace): the OS save dialog,
// attached to the focused window, starting in Downloads; the file is written atomically and
// readable by its owner only. Resolves null when the person cancels.
import { basename, join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import { writeFileAtomicSync } from '../platform/atomic-write';
import type { SaveFileRequest } from '../services';

export async function saveFileWithDialog({ suggestedName, bytes, fileType }: SaveFileRequest): Promise<{ fileName: string } | null> {
  const options = { defaultPath: join(app.getPath('downloads'), suggestedName), filters: [fileType] };
  const parent = BrowserWindow.getFocusedWindow();
  const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (choice.canceled || !choice.filePath) return null;
  writeFileAtomicSync(choice.filePath, bytes, 0o600);
  return { fileName: basename(choice.filePath) };
}
