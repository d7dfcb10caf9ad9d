// Recipes override the heuristics: the vendor portal fixture hides everything the heuristics
// look for, the bundled recipe logs into it. The browser maps the recipe's host to the fixture.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromium } from 'playwright-core';
import { discoverBrowser } from '../../../automation/browser/browser-discovery';
import { performLogin } from '../../../automation/login/perform-login';
import { loadBundledRecipes } from '../../../automation/recipes/recipe-loader';
import { parseRecipe } from '../../../automation/recipes/recipe-validation';
import type { RunningSite, LoginState } from '../../fixtures/sites/kit/site-server';
import { VENDOR_PORTAL_HOST, start as vendorPortal } from '../../fixtures/sites/vendor-portal/server';
import { start as segmentedOtp } from '../../fixtures/sites/segmented-otp/server';
import { generateSync } from 'otplib';
import { FIXTURE_TOTP_SECRET } from '../../fixtures/sites/kit/site-server';
import { WRONG_PASSWORD, credentials } from './login-harness';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

let browser: Browser;
const running: RunningSite<unknown>[] = [];
beforeAll(async () => {
  const installation = await discoverBrowser({ configuredPath: process.env.TESSERA_BROWSER });
  browser = await chromium.launch({
    executablePath: installation.executablePath,
    args: ['--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP ${VENDOR_PORTAL_HOST} 127.0.0.1`],
  });
});
afterAll(() => browser.close());
afterEach(async () => {
  await Promise.all(running.splice(0).map((site) => site.close()));
});

async function portal(): Promise<{ site: RunningSite<LoginState>; url: string }> {
  const site = await vendorPortal();
  running.push(site);
  const url = new URL(site.url);
  url.hostname = VENDOR_PORTAL_HOST;
  return { site, url: url.href };
}

async function login(url: string, password?: string, recipes = loadBundledRecipes()) {
  const context = await browser.newContext();
  try {
    // The fixture host is plain http on a name, not loopback: confirmed as an Owner would (--allow-http).
    return await performLogin(await context.newPage(), credentials(password), { loginUrl: url, allowedOrigins: [new URL(url).origin], recipes, stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS });
  } finally {
    await context.close();
  }
}

describe('the bundled vendor-portal recipe', () => {
  it('logs in where the heuristics cannot', async () => {
    const { site, url } = await portal();
    const heuristics = await login(url, undefined, []);
    expect(heuristics.strategy).toBe('heuristics');
    expect(heuristics.outcome).not.toBe('success');

    const result = await login(url);
    expect(result.strategy).toBe('recipe');
    expect(result.recipe).toBe('Acme Supply vendor portal');
    expect(result.outcome, result.reasons.join('; ')).toBe('success');
    expect(result.reasons[0]).toMatch(/heading "Vendor dashboard"/);
    expect(site.state.successes).toBe(1);
    expect(result.steps.filter((e) => e.status === 'ok').map((e) => e.step)).toEqual([
      'recipe-goto', 'recipe-expect', 'recipe-fill', 'recipe-fill', 'recipe-submit', 'recipe-result',
    ]);
    expect(result.evidence?.httpStatuses).toContain(200);
    expect(JSON.stringify(result)).not.toContain('correct horse');
  });

  it('reports the failure condition the page matched', async () => {
    const { url } = await portal();
    const result = await login(url, WRONG_PASSWORD);
    expect(result.outcome).toBe('wrong_credentials');
    expect(result.reasons).toEqual(['the recipe\'s failure condition holds: page says "Access denied"']);
  });
});

describe('a person\'s own recipe', () => {
  it('fills segmented code boxes from the OTP provider and overrides the heuristics for its site', async () => {
    const site = await segmentedOtp();
    running.push(site);
    const recipe = parseRecipe('/data/recipes/segmented.json', JSON.stringify({
      name: 'Segmented fixture', version: 1,
      match: { hosts: ['127.0.0.1'], paths: ['/login'] },
      flows: { login: {
        steps: [
          { goto: '/login' },
          { fill: 'username', target: { label: 'Email' } },
          { fill: 'password', target: { label: 'Password' } },
          { submit: { role: 'button', name: 'Sign in' } },
          { otp: { boxes: { css: 'input.digit' } }, source: 'totp' },
          { submit: { role: 'button', name: 'Verify' } },
        ],
        success: [{ visible: { text: 'You are logged in.' } }],
        failure: [{ when: { pageText: 'not valid' } }],
      } },
    }));
    const context = await browser.newContext();
    const result = await performLogin(await context.newPage(), credentials(), {
      loginUrl: site.url,
      recipes: [{ recipe, file: '/data/recipes/segmented.json', origin: 'user' }],
      otpProvider: async () => generateSync({ secret: FIXTURE_TOTP_SECRET }),
    }).finally(() => context.close());
    expect(result.outcome, result.reasons.join('; ')).toBe('success');
    expect(result.recipe).toBe('Segmented fixture');
    expect(site.state.codesAccepted).toBe(1);
  });
});
