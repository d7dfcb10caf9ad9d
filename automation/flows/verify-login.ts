// verifyLogin: a real login in a fresh, throw-away context of a headless browser (launched
// by the caller, so it can be reused between runs), with a trace and masked screenshots.
// Never throws for what happens on the site: cancellation, timeouts and page errors end
// up in the report; the caller stores it and the artifacts.

import type { Browser } from 'playwright-core';
import type { CredentialProvider } from '../login/credential-provider';
import { type LoginOptions, performLogin } from '../login/perform-login';
import type { StepEvent } from '../login/step-runner';
import { findRecipe } from '../recipes/recipe-matching';
import { type RunArtifacts, RunCapture } from './run-capture';
import { type RunReport, reportFromError, reportFromResult } from './run-report';

export type FlowOptions = Omit<LoginOptions, 'secretSection' | 'fillWhenBlocked'> & {
  /** A private, empty-able folder where Playwright may keep the trace while it records. */
  workDir: string;
};

export interface FlowRun {
  report: RunReport;
  artifacts: RunArtifacts;
}

/** Collects step events for the report and forwards them to the caller's sink. */
export function collectSteps(forward?: (event: StepEvent) => void): { steps: StepEvent[]; sink: (event: StepEvent) => void } {
  const steps: StepEvent[] = [];
  return {
    steps,
    sink: (event) => {
      steps.push(event);
      forward?.(event);
    },
  };
}

export async function verifyLogin(browser: Browser, credentials: CredentialProvider, options: FlowOptions): Promise<FlowRun> {
  const startedAt = Date.now();
  const { workDir, ...loginOptions } = options;
  const { steps, sink } = collectSteps(options.stepEvents);
  const strategy = findRecipe(options.recipes ?? [], options.loginUrl) ? 'recipe' : 'heuristics';
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const capture = await RunCapture.start(context, page, workDir, `verify ${new URL(options.loginUrl).host}`);
    let report: RunReport;
    try {
      const result = await performLogin(page, credentials, { ...loginOptions, stepEvents: sink, secretSection: capture.secretSection });
      await capture.screenshot('result');
      report = reportFromResult('verify', result, steps, startedAt);
    } catch (error) {
      await capture.screenshot('failure');
      report = reportFromError('verify', error, steps, startedAt, strategy);
    }
    const artifacts = await capture.finish();
    return { report: { ...report, durationMs: Date.now() - startedAt }, artifacts };
  } finally {
    await context.close().catch(() => undefined);
  }
}
