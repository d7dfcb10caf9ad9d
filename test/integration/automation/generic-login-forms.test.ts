// performGenericLogin against fixture sites whose login form is found on the page itself,
// with the right password (success) and a wrong one (wrong_credentials), including sites
// whose answer comes late (slow SPA, late verdict), where deciding early would be wrong.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RunningSite } from '../../fixtures/sites/kit/site-server';
import { start as classicForm } from '../../fixtures/sites/classic-form/server';
import { start as usernameFirst } from '../../fixtures/sites/username-first/server';
import { start as iframeLogin } from '../../fixtures/sites/iframe-login/server';
import { start as spaFetch } from '../../fixtures/sites/spa-fetch/server';
import { start as shadowDom } from '../../fixtures/sites/shadow-dom/server';
import { start as reloadWithError } from '../../fixtures/sites/reload-with-error/server';
import { start as multiForm } from '../../fixtures/sites/multi-form/server';
import { start as noForm } from '../../fixtures/sites/no-form/server';
import { start as ariaLabelOnly } from '../../fixtures/sites/aria-label-only/server';
import { start as localizedLabels } from '../../fixtures/sites/localized-labels/server';
import { start as slowSpa } from '../../fixtures/sites/slow-spa/server';
import { start as lateError } from '../../fixtures/sites/late-error/server';
import { useSharedBrowser, useFixtureSites } from './browser-fixture';
import { WRONG_PASSWORD, loginTo } from './login-harness';

const browser = useSharedBrowser();
// Each test has its own site and browser context, so they run side by side: most of a login
// is waiting for the page to settle.
const started = useFixtureSites({ closeAfter: 'file' });

const sites: [string, () => Promise<RunningSite<{ attempts: number; successes: number }>>][] = [
  ['classic form', classicForm],
  ['username-first', usernameFirst],
  // The frame's origin is on the account's allowed list (origin-guard.test.ts: what happens without).
  ['login inside a cross-origin iframe', iframeLogin],
  // The click waits for the button longer than the quiet period, and the frame posts only after
  // the click returned: evidence read then, or while the frame reloads, must not count as "the
  // form is gone" (a wrong password was once reported as a success).
  ['login inside a cross-origin iframe that posts a moment after a late click', () => iframeLogin({ slowSubmit: { buttonDisabledMs: 800, postAfterMs: 100 } })],
  // The frame's error page is answered at once but shows nothing until a slow script loads,
  // longer than the engine waits for background traffic: the form is not gone, it is loading.
  ['login inside a cross-origin iframe whose error page loads slowly', () => iframeLogin({ slowErrorScript: () => delay(3_000) })],
  ['SPA that logs in by fetch and removes the form', spaFetch],
  // Both look logged in until an answer that comes after the engine's quiet periods.
  ['slow SPA showing a spinner off the login path until its fetch is answered', slowSpa],
  ['redirect with a new session cookie to a page that fetches the verdict late', lateError],
  ['form inside an open shadow root', shadowDom],
  ['post/redirect/get with the error in the URL', reloadWithError],
  ['login next to sign-up and forgot-password forms', multiForm],
  ['no <form> element', noForm],
  ['labels only via aria-label', ariaLabelOnly],
  ['German labels', () => localizedLabels({ language: 'de' })],
  ['Spanish labels', () => localizedLabels({ language: 'es' })],
  ['Japanese labels', () => localizedLabels({ language: 'ja' })],
];

/** The iframe fixture's frame origin, allowed as an Owner would. */
function allowed(site: RunningSite<unknown>): { allowedOrigins?: string[] } {
  const frameOrigin = (site.state as { frameOrigin?: string }).frameOrigin;
  return frameOrigin ? { allowedOrigins: [frameOrigin] } : {};
}

describe.concurrent.each(sites)('%s', (_name, startSite) => {
  it('logs in with the right password', async () => {
    const site = await started(startSite());
    const result = await loginTo(browser, site.url, allowed(site));
    expect(result.outcome, result.reasons.join('; ')).toBe('success');
    expect(site.state.successes).toBe(1);
  });

  it('reports wrong credentials for a wrong password', async () => {
    const site = await started(startSite());
    const result = await loginTo(browser, site.url, { password: WRONG_PASSWORD, ...allowed(site) });
    expect(result.outcome, result.reasons.join('; ')).toBe('wrong_credentials');
    expect(site.state.successes).toBe(0);
  });
});

describe('the page with several forms', () => {
  it('never touches the sign-up or forgot-password forms', async () => {
    const site = await started(multiForm());
    await loginTo(browser, site.url);
    expect(site.state).toMatchObject({ signUps: 0, resetRequests: 0, successes: 1 });
  });
});

describe('the formless page', () => {
  it('leaves the newsletter box alone', async () => {
    const site = await started(noForm());
    await loginTo(browser, site.url);
    expect(site.state.subscriptions).toBe(0);
  });
});

describe('every run', () => {
  it('reports its steps without the username or password', async () => {
    const site = await started(classicForm());
    const seen: unknown[] = [];
    const result = await loginTo(browser, site.url, { stepEvents: (event) => seen.push(event) });
    expect(result.steps.map((event) => `${event.step}:${event.status}`)).toEqual([
      'navigate:start', 'navigate:ok', 'detect-form:start', 'detect-form:ok', 'fill-username:start', 'fill-username:ok',
      'fill-password:start', 'fill-password:ok', 'submit:start', 'submit:ok', 'wait-result:start', 'wait-result:ok',
    ]);
    expect(seen).toEqual(result.steps);
    const everything = JSON.stringify(result);
    expect(everything).not.toContain('correct horse');
    expect(everything).not.toContain('ada@example.test');
  });

  it('stops with CANCELLED when the signal fires', async () => {
    const site = await started(classicForm());
    const controller = new AbortController();
    const run = loginTo(browser, site.url, {
      signal: controller.signal,
      stepEvents: (event) => {
        if (event.step === 'fill-password' && event.status === 'start') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(site.state.attempts).toBe(0);
  });

  it('answers unknown when the page has no login form', async () => {
    const site = await started(classicForm());
    const result = await loginTo(browser, site.url.replace('/login', '/missing'), { stepTimeoutMs: 4_000 });
    expect(result.outcome).toBe('unknown');
    expect(result.reasons).toEqual(['no login form was found on the page']);
  });
});
