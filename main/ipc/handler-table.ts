// The one handler table: domain handler factories (handlers/*.ts) each return a slice;
// createHandlerTable joins them and the compiler checks that every channel has exactly one
// handler (the types are in handler-types.ts, so handlers never import this file back).
import type { Services } from '../services';
import type { HandlerTable } from './handler-types';
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
import { linksHandlers } from './handlers/links';
import { importHandlers } from './handlers/import';
import { passwordsHandlers } from './handlers/passwords';
import { browsersHandlers } from './handlers/browsers';

export function createHandlerTable(services: Services): HandlerTable {
  return {
    ...appHandlers(services),
    ...auditHandlers(services),
    ...vaultHandlers(services),
    ...accountsHandlers(services),
    ...milestonesHandlers(services),
    ...dashboardHandlers(services),
    ...settingsHandlers(services),
    ...importHandlers(services),
    ...launcherHandlers(services),
    ...rotationHandlers(services),
    ...policiesHandlers(services),
    ...automationHandlers(services),
    ...inboxHandlers(services),
    ...mfaHandlers(services),
    ...conflictsHandlers(services),
    ...sharingHandlers(services),
    ...linksHandlers(services),
    ...passwordsHandlers(services),
    ...browsersHandlers(services),
  };
}
