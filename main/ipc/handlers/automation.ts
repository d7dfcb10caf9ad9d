// Handlers for automation.*: the login service does the work; these check that the account
// exists (ITEM_NOT_FOUND, VAULT_LOCKED before any browser starts) and shape the answers.
// A Collaborator may run logins and see their outcome and steps; the evidence (masked
// screenshots, the trace) stays with Owners.
import { TesseraError } from '../../errors';
import type { HandlerSlice } from '../handler-types';
import type { Services } from '../../services';

type AutomationChannel =
  | 'automation.verify'
  | 'automation.open'
  | 'automation.cancel'
  | 'automation.runs'
  | 'automation.run'
  | 'automation.screenshot'
  | 'automation.saveTrace'
  | 'automation.removeProfile';

export function automationHandlers({ vault, logins, platform, sharing }: Services): HandlerSlice<AutomationChannel> {
  /** ITEM_NOT_FOUND / VAULT_LOCKED first, then NOT_PERMITTED without a role. */
  const known = (accountId: string): void => {
    vault.unlocked().accounts.get(accountId);
    sharing.access.requireAccess(accountId);
  };
  const ownerOf = (accountId: string): void => {
    known(accountId);
    sharing.access.requireOwner(accountId);
  };
  return {
    'automation.verify': ({ id }) => {
      known(id);
      return logins.verify(id);
    },
    'automation.open': async ({ id, assisted }) => {
      known(id);
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
      ownerOf(id);
      const run = await logins.runs.get(id, runId);
      const shot = run.screenshots[index];
      return { dataUrl: await logins.screenshotDataUrl(id, runId, index), name: shot?.name ?? '' };
    },
    'automation.saveTrace': async ({ id, runId, part }) => {
      ownerOf(id);
      if (!platform.saveFile) throw new TesseraError('NOT_SUPPORTED', 'Saving files needs the desktop app. From a terminal: tessera login trace ACCOUNT RUN --out FILE.');
      const { bytes, suggestedName } = await logins.exportTrace(id, runId, part);
      const saved = await platform.saveFile({ suggestedName, bytes, fileType: { name: 'Playwright trace', extensions: ['zip'] } });
      return saved ? { saved: true as const, fileName: saved.fileName } : { saved: false as const };
    },
    'automation.removeProfile': async ({ id }) => {
      known(id);
      await logins.removeProfile(id);
      return { removed: true as const };
    },
  };
}
