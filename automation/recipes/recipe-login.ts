// Logs in by a recipe instead of heuristics: runs its steps in order (each a named, timed,
// cancellable step), types secrets only inside the secret section, records the evidence of
// the last submit, then waits until one of the recipe's failure or success conditions holds.

import type { Locator, Page } from 'playwright-core';
import { TesseraError } from '../../main/errors';
import { fillField, fillOtpSegments } from '../forms/form-filler';
import { type SubmitWatch, watchSubmit } from '../outcome/evidence-recorder';
import type { LoginEvidence, LoginOutcome } from '../outcome/login-outcome';
import { type CredentialProvider, type SecretSection, unguarded } from '../login/credential-provider';
import { DEFAULT_OTP_TIMEOUT_MS, DEFAULT_STEP_TIMEOUT_MS, type GenericLoginOptions, type GenericLoginResult } from '../login/generic-login';
import { markSecretField } from '../login/secret-fields';
import { originPolicy } from '../login/origin-guard';
import { StepRunner } from '../login/step-runner';
import { hostMatches, type LoadedRecipe } from './recipe-matching';
import type { Recipe, RecipeCondition, RecipeStep } from './recipe-schema';
import { conditionHolds, describeCondition, describeSelector, locate, locateAll } from './recipe-selectors';

const POLL_MS = 150;

/** Where a goto step leads: a path on the login URL's origin, or a URL on one of the recipe's hosts. */
export function gotoTarget(recipe: Recipe, loginUrl: string, target: string): string {
  const url = new URL(target, loginUrl);
  if (!['http:', 'https:'].includes(url.protocol) || !recipe.match.hosts.some((host) => hostMatches(host, url.hostname))) {
    throw new TesseraError('RECIPE_INVALID', `The recipe "${recipe.name}" sends the browser to ${url.origin}, which is not one of its hosts. Correct its goto step.`);
  }
  return url.href;
}

async function waitFor(deadline: number, signal: AbortSignal | undefined, check: () => Promise<boolean>): Promise<boolean> {
  for (;;) {
    signal?.throwIfAborted();
    if (await check()) return true;
    if (Date.now() + POLL_MS > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function performRecipeLogin(
  page: Page,
  credentials: CredentialProvider,
  loaded: LoadedRecipe,
  options: GenericLoginOptions,
): Promise<GenericLoginResult> {
  const started = Date.now();
  const { recipe } = loaded;
  const flow = recipe.flows.login;
  // findRecipe hands out only recipes with a login flow for logins.
  if (!flow) throw new TesseraError('RECIPE_INVALID', `The recipe "${recipe.name}" has no login flow; Tessera logs in to its sites by heuristics.`);
  const timeoutMs = options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
  const steps = new StepRunner(options.stepEvents, options.signal, timeoutMs);
  const secretSection: SecretSection = options.secretSection ?? unguarded;
  const origins = originPolicy(options.loginUrl, options.allowedOrigins);
  let lastFilled: Locator | undefined;
  let watch: SubmitWatch | undefined;

  const finish = (outcome: LoginOutcome, reasons: string[], evidence: LoginEvidence | null): GenericLoginResult => ({
    strategy: 'recipe',
    recipe: recipe.name,
    outcome,
    reasons,
    evidence,
    steps: steps.events,
    durationMs: Date.now() - started,
  });

  const runStep = async (step: RecipeStep): Promise<void> => {
    const stepTimeout = step.timeoutMs ?? timeoutMs;
    const timing = { timeoutMs: stepTimeout };
    const fillOptions = { timeoutMs: stepTimeout, origins };
    if ('goto' in step) {
      await steps.run('recipe-goto', async () => {
        const response = await page.goto(gotoTarget(recipe, options.loginUrl, step.goto), { waitUntil: 'load', timeout: stepTimeout });
        return { value: undefined, detail: `${new URL(page.url()).pathname} (HTTP ${response?.status() ?? '—'})` };
      }, timing);
    } else if ('fill' in step) {
      await steps.run('recipe-fill', async () => {
        const field = locate(page, step.target);
        if (step.fill === 'password') {
          await secretSection(async () => {
            await fillField(field, await credentials.password(), 'password', fillOptions);
            await markSecretField(field);
          });
        } else {
          await fillField(field, await credentials.username(), 'username', fillOptions);
        }
        lastFilled = field;
        return { value: undefined, detail: `${step.fill} into ${describeSelector(step.target)}` };
      }, timing);
    } else if ('click' in step) {
      await steps.run('recipe-click', async () => {
        await locate(page, step.click).click({ timeout: stepTimeout });
        return { value: undefined, detail: describeSelector(step.click) };
      }, timing);
    } else if ('submit' in step) {
      watch?.stop();
      watch = await watchSubmit(page);
      await steps.run('recipe-submit', async () => {
        if (step.submit) {
          await locate(page, step.submit).click({ timeout: stepTimeout });
          return { value: undefined, detail: `clicked ${describeSelector(step.submit)}` };
        }
        if (!lastFilled) throw new TesseraError('RECIPE_INVALID', `The recipe "${recipe.name}" submits by Enter before filling any field. Name the submit button.`);
        await lastFilled.press('Enter', { timeout: stepTimeout });
        return { value: undefined, detail: 'pressed Enter' };
      }, timing);
    } else if ('expect' in step) {
      await steps.run('recipe-expect', async () => {
        const held = await waitFor(Date.now() + stepTimeout - POLL_MS, options.signal, () => conditionHolds(page, step.expect));
        if (!held) throw new TesseraError('TIMEOUT', `The recipe "${recipe.name}" expected ${describeCondition(step.expect)}, which did not happen. The site may have changed; update the recipe.`);
        return { value: undefined, detail: describeCondition(step.expect) };
      }, timing);
    } else {
      const otpProvider = options.otpProvider;
      if (!otpProvider) throw new TesseraError('AUTOMATION_FAILED', 'The site asks for a one-time code, and the account has no TOTP secret or managed inbox to supply one.');
      const code = await steps.run('get-otp', async () => ({
        value: await otpProvider({ ...(step.source ? { hint: step.source } : {}), ...(options.signal ? { signal: options.signal } : {}) }),
        detail: step.source ? `from ${step.source === 'email' ? 'an email' : 'the TOTP secret'}` : undefined,
      }), { timeoutMs: step.timeoutMs ?? options.otpTimeoutMs ?? DEFAULT_OTP_TIMEOUT_MS });
      await steps.run('recipe-otp', async () => {
        if ('boxes' in step.otp) {
          const all = locateAll(page, step.otp.boxes);
          const boxes = Array.from({ length: await all.count() }, (_, index) => all.nth(index));
          await secretSection(async () => {
            await fillOtpSegments(boxes, code, fillOptions);
            for (const box of boxes) await markSecretField(box);
          });
          lastFilled = boxes.at(-1);
          return { value: undefined, detail: `${boxes.length} boxes` };
        }
        const field = locate(page, step.otp.field);
        await secretSection(async () => {
          await fillField(field, code, 'code', fillOptions);
          await markSecretField(field);
        });
        lastFilled = field;
        return { value: undefined, detail: describeSelector(step.otp.field) };
      }, timing);
    }
  };

  try {
    for (const step of flow.steps) await runStep(step);
    return await steps.run('recipe-result', async () => {
      let decided: { outcome: LoginOutcome; reasons: string[] } | undefined;
      await waitFor(Date.now() + timeoutMs - POLL_MS, options.signal, async () => {
        for (const failure of flow.failure) {
          if (await conditionHolds(page, failure.when)) {
            decided = { outcome: failure.outcome as LoginOutcome, reasons: [`the recipe's failure condition holds: ${describeCondition(failure.when)}`] };
            return true;
          }
        }
        const success = await firstHolding(page, flow.success);
        if (success) decided = { outcome: 'success', reasons: [`the recipe's success condition holds: ${describeCondition(success)}`] };
        return decided !== undefined;
      });
      const evidence = watch ? await watch.finish({ timeoutMs: 1_000, loginKinds: ['login', 'password-step'], ...(options.signal ? { signal: options.signal } : {}) }) : null;
      watch = undefined;
      const result = decided ?? { outcome: 'unknown' as const, reasons: ['none of the recipe\'s success or failure conditions held'] };
      return { value: finish(result.outcome, result.reasons, evidence), detail: result.outcome };
    });
  } finally {
    watch?.stop();
  }
}

async function firstHolding(page: Page, conditions: readonly RecipeCondition[]): Promise<RecipeCondition | undefined> {
  for (const condition of conditions) if (await conditionHolds(page, condition)) return condition;
  return undefined;
}
