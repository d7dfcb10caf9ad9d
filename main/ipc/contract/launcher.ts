// Channels for the launcher window (a small search window on a global shortcut): hand an
// account over to the main window, and hide the launcher. The main process turns the
// events into window actions; every Tessera window hears them.
import { z } from 'zod';
import { channel, event } from './define';
import { id } from './limits';

export const launcherChannels = {
  /** Shows the main window, on this account when one is given. */
  'launcher.showInMain': channel<{ shown: true }>()(z.strictObject({ accountId: id.optional() })),
  'launcher.hide': channel<{ hidden: true }>()(z.strictObject({})),
};

export const launcherEvents = {
  'launcher.showInMain': event<{ accountId: string | null }>(),
  'launcher.hide': event<Record<string, never>>(),
};
