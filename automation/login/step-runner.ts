// Runs the named steps of a flow — a login, or the flows after one (change password, sign
// out everywhere): emits start/ok/fail events with timestamps, gives each step its own
// timeout, stops at once when the caller's AbortSignal fires, and turns every failure into a
// TesseraError worded for the flow. Step details describe the page, never a secret.

import { TesseraError } from '../../main/errors';

export const LOGIN_STEPS = [
  'navigate',
  'detect-form',
  'fill-username',
  'submit-username',
  'wait-username-result',
  'wait-password-step',
  'fill-password',
  'submit',
  'wait-result',
  'get-otp',
  'fill-otp',
  'submit-otp',
  'wait-otp-result',
] as const;
export type LoginStep = (typeof LOGIN_STEPS)[number];

/** Steps of a recipe login: one per recipe action, the detail says which. */
export const RECIPE_STEPS = ['recipe-goto', 'recipe-fill', 'recipe-click', 'recipe-submit', 'recipe-expect', 'recipe-otp', 'recipe-result'] as const;
/**
 * Steps of the flows around a login: the browser, the person (assisted mode), the evidence,
 * and settling a password rotation that was interrupted before the login reads the password.
 */
export const RUN_STEPS = ['open-browser', 'wait-for-person', 'capture-evidence', 'settle-rotation'] as const;
/** Steps of turning on authenticator-app MFA on a site (automation/enable-totp). */
export const ENABLE_TOTP_STEPS = [
  'find-2fa-settings', 'choose-authenticator', 'capture-secret', 'save-pending-secret', 'confirm-code', 'capture-backup-codes',
  'save-confirmed-secret', 'verify-totp-login',
] as const;
export type FlowStep = LoginStep | (typeof RECIPE_STEPS)[number] | (typeof RUN_STEPS)[number] | (typeof ENABLE_TOTP_STEPS)[number];

export interface StepEvent<S extends string = FlowStep> {
  step: S;
  status: 'start' | 'ok' | 'fail';
  /** Epoch milliseconds. */
  at: number;
  detail?: string;
}

export type StepEventSink<S extends string = FlowStep> = (event: StepEvent<S>) => void;

/** How a runner names what it runs in its messages, and what it suggests when a step times out. */
export interface StepWording {
  /** "login" → "The login was cancelled." */
  noun: string;
  /** Appended to the timeout message, after "may have changed". */
  timeoutHint: string;
}

export const LOGIN_WORDING: StepWording = { noun: 'login', timeoutHint: '; try again or log in in assisted mode' };
/** For the flows after a login (change password, sign out everywhere), where assisted mode does not apply. */
export const RUN_WORDING: StepWording = { noun: 'run', timeoutHint: '' };

export class StepRunner<S extends string = FlowStep> {
  readonly events: StepEvent<S>[] = [];

  constructor(
    private readonly sink: StepEventSink<S> | undefined,
    private readonly signal: AbortSignal | undefined,
    readonly timeoutMs: number,
    private readonly wording: StepWording = LOGIN_WORDING,
  ) {}

  /** Records an event for a step the caller runs itself (e.g. a login inside a longer flow). */
  emit(step: S, status: StepEvent['status'], detail?: string): void {
    const event: StepEvent<S> = detail === undefined ? { step, status, at: Date.now() } : { step, status, at: Date.now(), detail };
    this.events.push(event);
    this.sink?.(event);
  }

  private cancelled(step?: S): TesseraError {
    return new TesseraError('CANCELLED', `The ${this.wording.noun} was cancelled.`, step === undefined ? undefined : { step });
  }

  throwIfCancelled(): void {
    if (this.signal?.aborted) throw this.cancelled();
  }

  /**
   * Runs one step; `work` returns the detail to report with 'ok' and the step's value.
   * `timeoutMs` overrides the runner's for a step that waits on purpose (a mailed code, a person).
   */
  async run<T>(step: S, work: () => Promise<{ value: T; detail?: string }>, { timeoutMs = this.timeoutMs } = {}): Promise<T> {
    if (this.signal?.aborted) throw this.cancelled(step);
    this.emit(step, 'start');
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TesseraError('TIMEOUT', `The step "${step}" took longer than ${Math.round(timeoutMs / 1000)} s. The site may be slow or may have changed${this.wording.timeoutHint}.`, { step })),
        timeoutMs,
      );
      onAbort = () => reject(this.cancelled(step));
      this.signal?.addEventListener('abort', onAbort, { once: true });
      // A listener of the step's own start event may already have cancelled.
      if (this.signal?.aborted) onAbort();
    });
    try {
      const { value, detail } = await Promise.race([work(), stop]);
      this.emit(step, 'ok', detail);
      return value;
    } catch (error) {
      const failure = this.asTesseraError(error, step);
      this.emit(step, 'fail', failure.message);
      throw failure;
    } finally {
      clearTimeout(timer);
      if (onAbort) this.signal?.removeEventListener('abort', onAbort);
    }
  }

  private asTesseraError(error: unknown, step: S): TesseraError {
    if (error instanceof TesseraError) return error;
    if (error instanceof Error && error.name === 'AbortError') return this.cancelled(step);
    if (error instanceof Error && error.name === 'TimeoutError') {
      return new TesseraError('TIMEOUT', `The step "${step}" timed out. The site may be slow or may have changed${this.wording.timeoutHint}.`, { step });
    }
    // Playwright messages can quote page content; keep the first line only.
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return new TesseraError('AUTOMATION_FAILED', `The step "${step}" failed: ${firstLine}`, { step });
  }
}
