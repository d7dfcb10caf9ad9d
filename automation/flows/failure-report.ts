// What a person needs when a rotation or an MFA enrolment stops: which step failed, why, the
// last page the browser looked at (URL and title), what was tried on the way, and what to do
// about it. Built from the flow's outcome, its step events and the page it ended on, so the
// CLI (text and --json), the app and the run record all say the same thing. Pure except for
// reading the page, and free of secrets: step details and reasons describe pages, never values.
import type { Page } from 'playwright-core';
import { z } from 'zod';
import type { StepEvent } from '../login/step-runner';

export type FailureFlow = 'change-password' | 'enable-totp';

export interface FailurePage {
  url: string;
  title: string;
}

export interface FailureReport {
  /** The step that failed, e.g. "find-change-page" or "login:wait-result". */
  step: string;
  /** The flow's outcome code, e.g. "no_change_page", "settings-not-found". */
  code: string;
  /** Why it stopped, in the flow's words. */
  why: string;
  lastPage: FailurePage | null;
  /** What the flow did before it stopped, one line per finished or failed step. */
  tried: string[];
  /** What a person can do next. */
  advice: string;
}

/** The stored shape, checked when a journal entry or an MFA run is read back from the vault. */
export const FailureReportSchema = z.object({
  step: z.string(),
  code: z.string(),
  why: z.string(),
  lastPage: z.object({ url: z.string(), title: z.string() }).nullable(),
  tried: z.array(z.string()),
  advice: z.string(),
}) satisfies z.ZodType<FailureReport>;

export interface FailureInput {
  flow: FailureFlow;
  code: string;
  reasons: readonly string[];
  steps: readonly StepEvent<string>[];
  lastPage: FailurePage | null;
  /** The account's login URL (its origin names the site in the advice). */
  siteUrl: string;
}

const MAX_TRIED = 12;
const MAX_LINE = 300;

function clip(text: string): string {
  return text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text;
}

/** The step that failed: the last "fail" event, else the last step that started and never ended. */
export function failedStepOf(steps: readonly StepEvent<string>[]): string | undefined {
  const failed = [...steps].reverse().find((event) => event.status === 'fail');
  if (failed) return failed.step;
  const ended = new Set<string>();
  for (const event of [...steps].reverse()) {
    if (event.status !== 'start') ended.add(event.step);
    else if (!ended.has(event.step)) return event.step;
  }
  return undefined;
}

/** "step: detail" for each step that ended, in order (the login's inner steps folded into one line each). */
export function triedSteps(steps: readonly StepEvent<string>[]): string[] {
  const lines = steps
    .filter((event) => event.status !== 'start')
    .map((event) => clip(`${event.step} ${event.status === 'ok' ? 'ok' : 'failed'}${event.detail ? `: ${event.detail}` : ''}`));
  return lines.length > MAX_TRIED ? [`… ${lines.length - MAX_TRIED} earlier steps`, ...lines.slice(-MAX_TRIED)] : lines;
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** What to do, by flow and outcome; the page the flow ended on fills in the paths where it helps. */
export function adviceFor(input: Pick<FailureInput, 'flow' | 'code' | 'lastPage' | 'siteUrl'> & { step?: string }): string {
  const host = hostOf(input.siteUrl);
  const here = pathOf(input.lastPage?.url);
  const loginStep = input.step?.startsWith('login') ?? false;
  if (input.flow === 'change-password') {
    switch (input.code) {
      case 'login_failed':
        return `Logging in with the stored password failed, so nothing was changed. Run \`tessera login verify\` on the account; if the site refuses the password, correct it in the vault first.`;
      case 'no_change_page':
        return `Open ${host} logged in, find the page with the change-password form, and add a recipe for ${host} in your recipes folder with flows.changePassword.url = "<that page's path>" (the links Tessera followed are listed under "tried").`;
      case 'no_change_form':
        return `The page ${here ?? 'reached'} has no form Tessera recognises as current / new / confirm password. If the form is there, add a recipe for ${host} in your recipes folder with flows.changePassword.url = "${here ?? '…'}" and CSS selectors for currentPassword, newPassword, confirmPassword and submit; if it sits on another page, use that page's path.`;
      case 'rejected':
        return `${host} refused the new password (its message is under "why"); the old password still works. If the site has password rules Tessera did not read, set them on the account (length, character classes) and rotate again.`;
      case 'unknown':
        return `Tessera could not tell whether ${host} took the new password; it tried both passwords and kept the one that logs in (see the rotation state). If neither works, run \`tessera reconcile\`.`;
      default:
        return loginStep
          ? `The login before the change stopped (${input.code}). Run \`tessera login verify\` to see the login's own steps.`
          : `The step "${input.step ?? 'unknown'}" stopped on ${here ?? 'the site'}. Try again; if it stops at the same step, the masked screenshot in the run record shows the page, and a change-password recipe for ${host} can pin the page and its fields.`;
    }
  }
  switch (input.code) {
    case 'login-failed':
      return `Logging in failed, so nothing was changed. Run \`tessera login verify\` on the account; if the site refuses the password, correct it in the vault first.`;
    case 'settings-not-found':
      return `Open ${host} logged in, find the page where authenticator-app two-factor authentication is turned on, and add a recipe for ${host} with flows.enrollTotp.settings.goto = "<that page's path>" (and settings.click for any button that opens it).`;
    case 'secret-not-found':
      return `The setup page ${here ?? ''} showed no setup key or QR code Tessera could read. Add a recipe for ${host} with flows.enrollTotp.chooseMethod (what to click to pick the authenticator app) and flows.enrollTotp.secret.text or .qr (where the key shows).`;
    case 'code-rejected':
      return `${host} refused the confirmation code. Check the machine's clock (codes depend on it); if the site asks for the code in another field, add a recipe for ${host} with flows.enrollTotp.confirm.field. The captured secret stays pending in the vault (the account's MFA panel in the app can use or discard it).`;
    case 'already-enabled':
      return `Two-factor authentication is already on for this account on ${host}. Import its secret with \`tessera mfa import\` (otpauth link or QR image) instead.`;
    case 'enabled-unverified':
      return `MFA is on and its secret is saved, but the proving login with a code failed. Run \`tessera login verify\` on the account once the next code is due.`;
    case 'cancelled':
      return 'The run was cancelled; nothing after the last step was done.';
    default:
      return loginStep
        ? `The login before the enrolment stopped (${input.code}). Run \`tessera login verify\` to see the login's own steps.`
        : `The step "${input.step ?? 'unknown'}" stopped on ${here ?? 'the site'}. Try again; if it stops at the same step, the masked screenshot in the run record shows the page, and a recipe for ${host} (flows.enrollTotp) can name the parts Tessera missed.`;
  }
}

/** The step each outcome a flow returns (rather than throws) stands for. */
const OUTCOME_STEP: Record<FailureFlow, Record<string, string>> = {
  'change-password': { login_failed: 'login', no_change_page: 'find-change-page', no_change_form: 'detect-change-form', rejected: 'read-result', unknown: 'read-result' },
  'enable-totp': {
    'login-failed': 'login', 'settings-not-found': 'find-2fa-settings', 'already-enabled': 'find-2fa-settings', 'secret-not-found': 'capture-secret',
    'code-rejected': 'confirm-code', 'enabled-unverified': 'verify-totp-login',
  },
};

export function describeFailure(input: FailureInput): FailureReport {
  // A returned outcome names its step; a thrown one (timeout, a broken page) is the step that failed.
  const step = OUTCOME_STEP[input.flow][input.code] ?? failedStepOf(input.steps) ?? 'unknown';
  return {
    step,
    code: input.code,
    why: clip(input.reasons.filter(Boolean).join('; ') || `the flow ended with ${input.code}`),
    lastPage: input.lastPage,
    tried: triedSteps(input.steps),
    advice: adviceFor({ ...input, step }),
  };
}

/** The page the browser is on: URL without its fragment, and title (empty when it cannot be read). */
export async function lastPageOf(page: Page): Promise<FailurePage | null> {
  if (page.isClosed()) return null;
  const url = page.url();
  if (!url || url === 'about:blank') return null;
  const title = await page.title().catch(() => '');
  return { url: url.split('#')[0] ?? url, title: clip(title.trim()) };
}

/** The report as lines for a terminal, indented under the account's name. */
export function formatFailure(report: FailureReport, indent = '  '): string {
  const page = report.lastPage ? `${report.lastPage.url}${report.lastPage.title ? ` ("${report.lastPage.title}")` : ''}` : 'none';
  return [
    `${indent}failed step: ${report.step} (${report.code})`,
    `${indent}why: ${report.why}`,
    `${indent}last page: ${page}`,
    ...(report.tried.length ? [`${indent}tried:`, ...report.tried.map((line) => `${indent}  - ${line}`)] : []),
    `${indent}what to do: ${report.advice}`,
  ].join('\n');
}
