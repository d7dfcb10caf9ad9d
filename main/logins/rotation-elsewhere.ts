// Logins of an account whose rotation an Owner's device submitted and has not settled
// (main/sharing/rotation-markers.ts): the site may already have the new password while this
// device's copy still holds the old one. A login here tries the submitted candidate first
// and falls back to the stored password; which one the site took is remembered per rotation
// (in memory), so the next login of the account uses it at once. When neither works, the run
// says "rotation interrupted — settling" (ROTATION_INTERRUPTED) rather than reporting a wrong
// password that nobody can vouch for. The candidate never leaves the main process.
import type { Browser } from 'playwright-core';
import type { RunReport } from '../../automation/flows/run-report';
import type { CredentialProvider } from '../../automation/login/credential-provider';
import { performLogin, type LoginOptions } from '../../automation/login/perform-login';
import type { StepEvent } from '../../automation/login/step-runner';
import type { ErrorCode } from '../errors';

/** What this device last synced of an unsettled rotation of the account. */
export interface RotationElsewhere {
  rotationId: string;
  candidate: string;
}

export type PasswordChoice = 'new' | 'old';

const SETTLING = 'rotation interrupted — settling';

export const ELSEWHERE_WORDING = {
  start: `${SETTLING}: an Owner's device changed this account's password and has not confirmed it yet; trying the new password first`,
  known: (choice: PasswordChoice) => choice === 'new'
    ? `${SETTLING}: the new password worked here before; logging in with it`
    : `${SETTLING}: the site kept the stored password; logging in with it`,
  probed: (choice: PasswordChoice | undefined) => choice === 'new'
    ? `${SETTLING}: the site has the new password; logging in with it until the Owner's device confirms it`
    : choice === 'old'
      ? `${SETTLING}: the site refused the new password; logging in with the stored one`
      : `${SETTLING}: the check could not tell which password the site has; logging in with the stored one`,
  fallback: (next: PasswordChoice) => next === 'old'
    ? `${SETTLING}: the site refused the new password; trying the stored one`
    : `${SETTLING}: the site refused the stored password; trying the new one`,
  neither: `${SETTLING}: the site refused both the new password an Owner's device submitted and the stored one. The rotation is settled when that device is online again; ask an Owner to open Tessera.`,
} as const;

/** Which password of each unsettled rotation the site took, as logins here found out. */
export class RotationVerdicts {
  readonly #byRotation = new Map<string, PasswordChoice>();

  get(rotationId: string): PasswordChoice | undefined {
    return this.#byRotation.get(rotationId);
  }

  /** A login with that password worked. */
  worked(rotationId: string, choice: PasswordChoice): void {
    this.#byRotation.set(rotationId, choice);
  }

  /** The remembered password was refused after all: the next login tries both again. */
  forget(rotationId: string): void {
    this.#byRotation.delete(rotationId);
  }
}

export function settleStep(status: StepEvent['status'], detail: string): StepEvent {
  return { step: 'settle-rotation', status, at: Date.now(), detail };
}

/**
 * A headless login with the candidate, in a fresh context of the shared browser, before a
 * window opens for the person: which password the site has. No trace is kept.
 */
export async function probeCandidate(browser: Browser, credentials: CredentialProvider, options: LoginOptions): Promise<RunReport['outcome']> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const result = await performLogin(await context.newPage(), credentials, options);
    return result.outcome;
  } catch {
    return 'failed';
  } finally {
    await context.close().catch(() => undefined);
  }
}

/** Both passwords refused while the rotation is unsettled: not a verdict on the credentials. */
export function neitherPasswordWorked(report: RunReport): RunReport {
  if (report.outcome !== 'wrong_credentials') return report;
  return {
    ...report,
    outcome: 'failed',
    reasons: [ELSEWHERE_WORDING.neither, ...report.reasons],
    error: { code: 'ROTATION_INTERRUPTED' satisfies ErrorCode, message: ELSEWHERE_WORDING.neither },
  };
}
