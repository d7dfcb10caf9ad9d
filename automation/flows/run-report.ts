// The record of one automated run as the engine reports it: how it ended (a login outcome,
// or cancelled / timed out / failed), why, the evidence, every step event and the time taken.
// Free of secrets by construction: steps and reasons describe the page, never typed values.

import { TesseraError } from '../../main/errors';
import { LOGIN_OUTCOMES, type LoginEvidence } from '../outcome/login-outcome';
import type { LoginResult } from '../login/perform-login';
import type { StepEvent } from '../login/step-runner';

/** origin_mismatch: a field to fill sat on another origin than the account's, so nothing was typed. */
export const RUN_OUTCOMES = [...LOGIN_OUTCOMES, 'origin_mismatch', 'cancelled', 'timeout', 'failed'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const RUN_KINDS = ['verify', 'open', 'assisted'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface RunReport {
  kind: RunKind;
  outcome: RunOutcome;
  reasons: string[];
  evidence: LoginEvidence | null;
  strategy: 'heuristics' | 'recipe';
  recipe?: string;
  steps: StepEvent[];
  startedAt: number;
  durationMs: number;
  /** Set when the run stopped on an error rather than with a login outcome. */
  error?: { code: string; message: string };
}

export function reportFromResult(kind: RunKind, result: LoginResult, steps: StepEvent[], startedAt: number): RunReport {
  return {
    kind,
    outcome: result.outcome,
    reasons: result.reasons,
    evidence: result.evidence,
    strategy: result.strategy,
    ...(result.recipe ? { recipe: result.recipe } : {}),
    steps,
    startedAt,
    durationMs: Date.now() - startedAt,
  };
}

const OUTCOME_BY_ERROR: Partial<Record<TesseraError['code'], RunOutcome>> = {
  CANCELLED: 'cancelled',
  TIMEOUT: 'timeout',
  ORIGIN_MISMATCH: 'origin_mismatch',
};

export function reportFromError(kind: RunKind, error: unknown, steps: StepEvent[], startedAt: number, strategy: RunReport['strategy']): RunReport {
  const failure = error instanceof TesseraError
    ? error
    : new TesseraError('AUTOMATION_FAILED', `The browser stopped unexpectedly: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
  const outcome: RunOutcome = OUTCOME_BY_ERROR[failure.code] ?? 'failed';
  return {
    kind,
    outcome,
    reasons: [failure.message],
    evidence: null,
    strategy,
    steps,
    startedAt,
    durationMs: Date.now() - startedAt,
    error: { code: failure.code, message: failure.message },
  };
}
