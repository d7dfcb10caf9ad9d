// Channels for automated logins (DESIGN.md §4): verify an account's credentials by a real
// login, open it logged in (or assisted) in its own browser profile, cancel a running login,
// list the last runs with their steps, view a masked screenshot, remove the browser profile.
// Step events stream as `automation.progress` while a run is going.
import { z } from 'zod';
import { channel, event } from './define';
import { id } from './limits';
import type { AutomationProgress } from '../../logins/login-service';
import type { RunSummary, StoredRun } from '../../logins/run-store';

export type { AutomationProgress } from '../../logins/login-service';
export type { RunSummary, StoredRun } from '../../logins/run-store';
export type { RunReport, RunOutcome, RunKind } from '../../../automation/flows/run-report';
export type { StepEvent } from '../../../automation/login/step-runner';

const runId = z.string().regex(/^[0-9]{13}-[0-9a-f]{8}$/, 'must be a run id');

export const automationChannels = {
  /** Runs a headless login now and resolves with the stored run when it ends. */
  'automation.verify': channel<StoredRun>()(z.strictObject({ id })),
  /** Logs in in a visible window with the account's profile and leaves the window open. */
  'automation.open': channel<StoredRun>()(z.strictObject({ id, assisted: z.boolean().default(false) })),
  'automation.cancel': channel<{ cancelled: boolean }>()(z.strictObject({ id })),
  'automation.runs': channel<{ runs: RunSummary[]; running: boolean }>()(z.strictObject({ id })),
  'automation.run': channel<StoredRun>()(z.strictObject({ id, runId })),
  /** A masked screenshot of a run as a data: URL. */
  'automation.screenshot': channel<{ dataUrl: string; name: string }>()(z.strictObject({ id, runId, index: z.number().int().min(0).max(99) })),
  /** Saves one part of a run's trace where the person chooses (audited); `saved: false` when they cancel. */
  'automation.saveTrace': channel<{ saved: false } | { saved: true; fileName: string }>()(z.strictObject({ id, runId, part: z.number().int().min(1).max(99) })),
  'automation.removeProfile': channel<{ removed: true }>()(z.strictObject({ id })),
};

export const automationEvents = {
  'automation.progress': event<AutomationProgress>(),
};
