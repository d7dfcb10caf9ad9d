import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { useAppSessions, type AppSession } from './harness';

describe('app shell in real Chromium through the web test host', () => {
  let session: AppSession | null = null;
  const app = useAppSessions({ allowPageErrors: true });

  it('loads the renderer, reaches the handler table and saves a screenshot', async () => {
    session = await app.open();
    const { page } = session;
    // The version sits in the locked screens' footer (and Settings › About), not next to the name.
    await page.getByTestId('app-version').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('app-version').textContent()).toBe('Version 0.0.0-test');
    const path = await session.screenshot('app-shell-light');
    expect(existsSync(path)).toBe(true);
    expect(session.pageErrors).toEqual([]);
  });

  it('keeps the token out of the address bar', async () => {
    session = await app.open();
    await session.page.getByTestId('app-version').waitFor();
    expect(session.page.url()).not.toContain(session.host.token);
  });

  it('serves the renderer with a CSP that blocks inline script, data: script and eval', async () => {
    session = await app.open();
    const { page } = session;
    const response = await page.request.get(session.host.origin + '/index.html');
    const csp = response.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    await page.getByTestId('app-version').waitFor();
    const outcome = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const w = window as unknown as Record<string, unknown>;
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true; window.__evalRan = eval("true")';
      document.body.appendChild(inline);
      const fromData = document.createElement('script');
      fromData.src = 'data:text/javascript,window.__dataRan=true';
      document.body.appendChild(fromData);
      await new Promise((r) => setTimeout(r, 200));
      return { inline: w['__inlineRan'] === true, data: w['__dataRan'] === true, violations };
    });
    expect(outcome.inline).toBe(false);
    expect(outcome.data).toBe(false);
    expect(outcome.violations.some((d) => d.startsWith('script-src'))).toBe(true);
  });

  it('returns validation errors, not crashes, for hostile payloads sent through window.tessera', async () => {
    session = await app.open();
    const { page } = session;
    await page.getByTestId('app-version').waitFor();
    const results = await page.evaluate(async () => {
      const api = (window as unknown as { tessera: { app: Record<string, (input: unknown) => Promise<unknown>> } }).tessera;
      return {
        wrongType: await api.app['openExternal']!({ url: 42 }),
        extraField: await api.app['openExternal']!({ url: 'https://example.org', extra: true }),
        pollution: await api.app['openExternal']!(JSON.parse('{"url":"https://example.org","__proto__":{"polluted":1}}')),
        huge: await api.app['openExternal']!({ url: 'x'.repeat(50 * 1024 * 1024) }),
        fileLink: await api.app['openExternal']!({ url: 'file:///etc/passwd' }),
        stillAlive: await api.app['info']!({}),
      };
    });
    expect(results.wrongType).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(results.extraField).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(results.pollution).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(results.huge).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(results.fileLink).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    expect(results.stillAlive).toMatchObject({ ok: true });
    expect(session.host.openedLinks).toEqual([]);
  });

  it('renders in dark mode', async () => {
    session = await app.open({ colorScheme: 'dark' });
    await session.page.getByTestId('app-version').waitFor();
    await session.screenshot('app-shell-dark');
  });
});
