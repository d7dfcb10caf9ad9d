// Channels about the application itself: version and platform, opening vetted links.
import { z } from 'zod';
import { channel, event } from './define';

export type AppInfo = {
  name: string;
  version: string;
  platform: string;
  /** 'electron' in the desktop app, 'web-test-host' in end-to-end tests. */
  host: 'electron' | 'web-test-host';
};

export const appChannels = {
  'app.info': channel<AppInfo>()(z.strictObject({})),
  'app.openExternal': channel<{ opened: boolean }>()(
    z.strictObject({ url: z.string().max(2048) }),
  ),
};

export const appEvents = {
  'app.notice': event<{ level: 'info' | 'warning'; message: string }>(),
};
