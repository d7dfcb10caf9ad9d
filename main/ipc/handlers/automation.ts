// Handlers for automation.*: the login service does the work and checks the person's role
// (a Collaborator runs logins and sees their outcome and steps; the evidence, masked
// screenshots and the trace, stays with Owners); these shape the answers.
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

export function automationHandlers({ logins, platform }: Services): HandlerSlice<AutomationChannel> {
  return {
    'automation.verify': ({ id }) => logins.verify(id),
    'automation.open': async ({ id, assisted }) => {
      const { windowClosed: _windowClosed, ...run } = await logins.open(id, { assisted });
      return run;
    },
    'automation.cancel': ({ id }) => ({ cancelled: logins.cancel(id) }),
    'automation.runs': async ({ id }) => ({ runs: await logins.listRuns(id), running: logins.isRunning(id) }),
    'automation.run': ({ id, runId }) => logins.run(id, runId),
    'automation.screenshot': async ({ id, runId, index }) => {
      const dataUrl = await logins.screenshotDataUrl(id, runId, index);
      const shot = (await logins.run(id, runId)).screenshots[index];
      return { dataUrl, name: shot?.name ?? '' };
    },
    'automation.saveTrace': async ({ id, runId, part }) => {
      // The service checks the role (Owners only) before anything else.
      const { bytes, suggestedName } = await logins.exportTrace(id, runId, part);
      if (!platform.saveFile) throw new TesseraError('NOT_SUPPORTED', 'Saving files needs the desktop app. From a terminal: tessera login trace ACCOUNT RUN --out FILE.');
      const saved = await platform.saveFile({ suggestedName, bytes, fileType: { name: 'Playwright trace', extensions: ['zip'] } });
      return saved ? { saved: true as const, fileName: saved.fileName } : { saved: false as const };
    },
    'automation.removeProfile': async ({ id }) => {
      await logins.removeProfile(id);
      return { removed: true as const };
    },
  };
}
