// The flows around a login: verifyLogin keeps a trace and screenshots without secrets;
// openLoggedIn keeps the session in the account's profile; assisted mode types what it can
// and waits for the person. Headed flows run headless here (no display needed); the
// headed path differs only in Chromium's launch flag.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { type BrowserInstallation, discoverBrowser } from '../../../automation/browser/browser-discovery';
import { AccountProfiles, launchHeadless } from '../../../automation/browser/browser-launcher';
import { MASK_COLOR } from '../../../automation/flows/run-capture';
import { openLoggedIn } from '../../../automation/flows/open-logged-in';
import { verifyLogin } from '../../../automation/flows/verify-login';
import { FIXTURE_PASSWORD, FIXTURE_TOTP_SECRET } from '../../fixtures/sites/kit/site-server';
import { start as classicForm } from '../../fixtures/sites/classic-form/server';
import { start as totpStep } from '../../fixtures/sites/totp-step/server';
import { start as captcha } from '../../fixtures/sites/captcha/server';
import { generateSync } from 'otplib';
import { WRONG_PASSWORD, credentials } from './login-harness';
import { useFixtureSites } from './browser-fixture';
import { zipEntries } from './zip-entries';

let installation: BrowserInstallation;
let browser: Browser;
let dir: string;
const started = useFixtureSites();
beforeAll(async () => {
  installation = await discoverBrowser({ configuredPath: process.env.TESSERA_BROWSER });
  browser = await launchHeadless(installation);
  dir = await mkdtemp(path.join(tmpdir(), 'tessera-flows-'));
});
afterAll(async () => {
  await browser.close();
  await rm(dir, { recursive: true, force: true });
});

function maskedPixels(png: Buffer): number {
  const image = PNG.sync.read(png);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(MASK_COLOR.slice(i, i + 2), 16));
  let count = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (Math.abs(image.data[i]! - r!) < 4 && Math.abs(image.data[i + 1]! - g!) < 4 && Math.abs(image.data[i + 2]! - b!) < 4) count++;
  }
  return count;
}

describe('verifyLogin', () => {
  it('keeps a trace and masked screenshots in memory, none holding the password or the code', async () => {
    const site = await started(totpStep());
    const workDir = path.join(dir, 'work-1');
    let code = '';
    const { report, artifacts } = await verifyLogin(browser, credentials(), {
      loginUrl: site.url,
      workDir,
      otpProvider: async () => (code = generateSync({ secret: FIXTURE_TOTP_SECRET })),
    });
    expect(report.outcome, report.reasons.join('; ')).toBe('success');
    expect(report.kind).toBe('verify');
    // One chunk before the password, one between password and code, one after the code.
    expect(artifacts.traceChunks.length).toBe(3);
    const traceText = artifacts.traceChunks.flatMap((zip) => [...zipEntries(zip).values()].map((entry) => entry.toString('latin1'))).join('\n');
    expect(traceText).toContain('"method":"goto"');
    expect(traceText).not.toContain(FIXTURE_PASSWORD);
    expect(traceText).not.toContain(code);
    expect(artifacts.screenshots.map((shot) => shot.name)).toEqual(['secret-typed', 'secret-typed', 'result']);
    // The password and the code boxes are painted over in the screenshots taken right after typing.
    for (const shot of artifacts.screenshots.slice(0, 2)) expect(maskedPixels(shot.png)).toBeGreaterThan(1_000);
    expect(await readdir(workDir).catch(() => [])).toEqual([]);
  });

  it('reports a wrong password as an outcome, and a cancellation as "cancelled" with its steps', async () => {
    const site = await started(classicForm());
    const wrong = await verifyLogin(browser, credentials(WRONG_PASSWORD), { loginUrl: site.url, workDir: path.join(dir, 'work-2') });
    expect(wrong.report.outcome).toBe('wrong_credentials');

    const controller = new AbortController();
    const cancelled = await verifyLogin(browser, credentials(), {
      loginUrl: site.url,
      workDir: path.join(dir, 'work-3'),
      signal: controller.signal,
      stepEvents: (event) => {
        if (event.step === 'detect-form' && event.status === 'ok') controller.abort();
      },
    });
    expect(cancelled.report.outcome).toBe('cancelled');
    expect(cancelled.report.error?.code).toBe('CANCELLED');
    expect(cancelled.report.steps.at(-1)).toMatchObject({ step: 'detect-form', status: 'ok' });
    expect(cancelled.artifacts.screenshots.map((shot) => shot.name)).toEqual(['failure']);
    expect(site.state.attempts).toBe(1);
  });
});

describe('openLoggedIn', () => {
  it('logs in inside the account\'s profile, which then stays logged in, and removes the profile', async () => {
    const site = await started(classicForm());
    const profiles = new AccountProfiles(dir);
    const first = await openLoggedIn(profiles, installation, credentials(), { accountId: 'acct-1', loginUrl: site.url, workDir: path.join(dir, 'work-4'), headless: true });
    expect(first.report.outcome, first.report.reasons.join('; ')).toBe('success');
    expect(first.report.steps[0]).toMatchObject({ step: 'open-browser', status: 'start' });
    await first.context.close();
    expect(await profiles.hasProfile('acct-1')).toBe(true);

    await profiles.removeProfile('acct-1');
    expect(await profiles.hasProfile('acct-1')).toBe(false);
  });

  it('in assisted mode types the credentials at a CAPTCHA and detects when the person finished', async () => {
    const site = await started(captcha());
    const profiles = new AccountProfiles(dir);
    let personDone: Promise<void> | undefined;
    let window: BrowserContext | undefined;
    const run = await openLoggedIn(profiles, installation, credentials(), {
      accountId: 'acct-2',
      loginUrl: site.url,
      workDir: path.join(dir, 'work-5'),
      headless: true,
      assisted: true,
      onContext: (context) => (window = context),
      stepEvents: (event) => {
        if (event.step !== 'wait-for-person' || event.status !== 'start') return;
        // The person solves the CAPTCHA and clicks "Log in"; the engine already typed the rest.
        personDone = (async () => {
          const page = window!.pages()[0]!;
          expect(await page.locator('#password').inputValue()).toBe(FIXTURE_PASSWORD);
          await page.locator('input[name="g-recaptcha-response"]').evaluate((input) => ((input as unknown as { value: string }).value = 'solved'));
          await page.getByRole('button', { name: 'Log in' }).click();
        })();
      },
    });
    await personDone;
    await run.context.close();
    expect(run.report.kind).toBe('assisted');
    expect(run.report.outcome, run.report.reasons.join('; ')).toBe('success');
    expect(run.report.reasons[0]).toBe('the engine stopped at "captcha"');
    expect(run.report.reasons).toContain('the person finished the login');
    expect(site.state.successes).toBe(1);
  });
});
