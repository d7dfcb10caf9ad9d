// Handlers for automation.*: the login service does the work; these check that the account
// exists (ITEM_NOT_FOUND, VAULT_LOCKED before any browser starts) and shape the answers.
// Every local person is the Owner of their vault's accounts today; when shared accounts
// arrive, screenshots stay Owner-only (a Collaborator may run logins but not see evidence).
import type { HandlerSlice } from '../handler-table';
import type { Services } from '../../services';

type AutomationChannel =
  | 'automation.verify'
  | 'automation.open'
  | 'automation.cancel'
  | 'automation.runs'
  | 'automation.run'
  | 'automation.screenshot'
  | 'automation.removeProfile';

export function automationHandlers({ vault, logins }: Services): HandlerSlice<AutomationChannel> {
  const known = (accountId: string): void => {
    vault.unlocked().accounts.get(accountId);
  };
  return {
    'automation.verify': ({ id }) => logins.verify(id),
    'automation.open': async ({ id, assisted }) => {
      const { windowClosed: _windowClosed, ...run } = await logins.open(id, { assisted });
      return run;
    },
    'automation.cancel': ({ id }) => ({ cancelled: logins.cancel(id) }),
    'automation.runs': async ({ id }) => {
      known(id);
      return { runs: await logins.runs.list(id), running: logins.isRunning(id) };
    },
    'automation.run': async ({ id, runId }) => {
      known(id);
      return logins.runs.get(id, runId);
    },
    'automation.screenshot': async ({ id, runId, index }) => {
      known(id);
      const run = await logins.runs.get(id, runId);
      const shot = run.screenshots[index];
      return { dataUrl: await logins.screenshotDataUrl(id, runId, index), name: shot?.name ?? '' };
    },
    'automation.removeProfile': async ({ id }) => {
      known(id);
      await logins.removeProfile(id);
      return { removed: true as const };
    },
  };
}
