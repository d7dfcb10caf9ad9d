// The one handler table type: a function per channel, typed from the contract. Domain
// handler factories (handlers/*.ts) each return a slice; createHandlerTable joins them and
// the compiler checks that every channel has exactly one handler.
import type { ChannelName, ChannelOutput, ChannelParsedInput } from './contract';
import type { Services } from '../services';
import { appHandlers } from './handlers/app';
import { vaultHandlers } from './handlers/vault';
import { accountsHandlers } from './handlers/accounts';
import { milestonesHandlers } from './handlers/milestones';
import { dashboardHandlers } from './handlers/dashboard';
import { settingsHandlers } from './handlers/settings';
import { launcherHandlers } from './handlers/launcher';
import { rotationHandlers } from './handlers/rotation';
import { policiesHandlers } from './handlers/policies';
import { automationHandlers } from './handlers/automation';
import { inboxHandlers } from './handlers/inbox';
import { mfaHandlers } from './handlers/mfa';
import { auditHandlers } from './handlers/audit';
import { conflictsHandlers } from './handlers/conflicts';
import { sharingHandlers } from './handlers/sharing';
import { passwordsHandlers } from './handlers/passwords';

export type CallContext = {
  /** Which transport delivered the call; for audit and for transport-specific behaviour. */
  transport: 'electron' | 'web-test-host' | 'test';
};

export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  ctx: CallContext,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

export type HandlerTable = { [C in ChannelName]: Handler<C> };
export type HandlerSlice<K extends ChannelName> = { [C in K]: Handler<C> };

export function createHandlerTable(services: Services): HandlerTable {
  return {
    ...appHandlers(services),
    ...auditHandlers(services),
    ...vaultHandlers(services),
    ...accountsHandlers(services),
    ...milestonesHandlers(services),
    ...dashboardHandlers(services),
    ...settingsHandlers(services),
    ...launcherHandlers(services),
    ...rotationHandlers(services),
    ...policiesHandlers(services),
    ...automationHandlers(services),
    ...inboxHandlers(services),
    ...mfaHandlers(services),
    ...conflictsHandlers(services),
    ...sharingHandlers(services),
    ...passwordsHandlers(services),
  };
}
