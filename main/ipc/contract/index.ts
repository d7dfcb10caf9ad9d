// The IPC contract: every channel and event of Tessera, declared once per domain.
// Main validates with these schemas; preload and renderer use the derived types only.
import type { z } from 'zod';
import type { Result } from '../result';
import type { ChannelSpec } from './define';
import { appChannels, appEvents } from './app';
import { vaultChannels, vaultEvents } from './vault';
import { accountsChannels } from './accounts';
import { milestonesChannels } from './milestones';
import { dashboardChannels } from './dashboard';
import { settingsChannels, settingsEvents } from './settings';
import { launcherChannels, launcherEvents } from './launcher';
import { rotationChannels, rotationEvents } from './rotation';
import { policiesChannels } from './policies';
import { automationChannels, automationEvents } from './automation';
import { inboxChannels, inboxEvents } from './inbox';
import { mfaChannels, mfaEvents } from './mfa';
import { sharingChannels, sharingEvents } from './sharing';
import { linksChannels } from './links';

import { auditChannels } from './audit';
import { conflictsChannels } from './conflicts';
import { passwordsChannels } from './passwords';
import { importChannels, importEvents } from './import';
import { browsersChannels, browsersEvents } from './browsers';
export const channels = {
  ...auditChannels,
  ...appChannels,
  ...vaultChannels,
  ...accountsChannels,
  ...milestonesChannels,
  ...dashboardChannels,
  ...settingsChannels,
  ...launcherChannels,
  ...rotationChannels,
  ...policiesChannels,
  ...automationChannels,
  ...inboxChannels,
  ...mfaChannels,
  ...conflictsChannels,
  ...sharingChannels,
  ...linksChannels,
  ...passwordsChannels,
  ...importChannels,
  ...browsersChannels,
};

export const events = {
  ...appEvents,
  ...vaultEvents,
  ...settingsEvents,
  ...launcherEvents,
  ...rotationEvents,
  ...automationEvents,
  ...inboxEvents,
  ...mfaEvents,
  ...sharingEvents,
  ...importEvents,
  ...browsersEvents,
};

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type EventName = keyof typeof events;

/** What the renderer passes (before parsing, so defaults may be omitted). */
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
/** What a handler receives (after parsing and defaults). */
export type ChannelParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> =
  Channels[C] extends ChannelSpec<z.ZodType, infer O> ? O : never;
export type EventPayload<E extends EventName> =
  (typeof events)[E] extends { readonly payload?: infer P } ? P : never;

type DomainOf<C> = C extends `${infer D}.${string}` ? D : never;
type CallArgs<C extends ChannelName> =
  Record<string, never> extends ChannelInput<C> ? [input?: ChannelInput<C>] : [input: ChannelInput<C>];

/** `window.tessera`: `tessera.<domain>.<method>(input)` per channel, plus `on(event, listener)`. */
export type TesseraApi = {
  [D in DomainOf<ChannelName>]: {
    [C in ChannelName as C extends `${D}.${infer M}` ? M : never]: (
      ...args: CallArgs<C>
    ) => Promise<Result<ChannelOutput<C>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};
