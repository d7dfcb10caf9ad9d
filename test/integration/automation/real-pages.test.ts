// Heuristics checked on saved pages of real apps (test/unit/automation/real-pages/<app>/),
// loaded into real Chromium: what the engine reads and clicks there. Each case names the
// app and the page it was saved from; the pages are the apps' own HTML (CSRF tokens blanked).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSignalsInPage } from '../../../automation/outcome/page-signals';
import { submitOfCheckedChoice } from '../../../automation/enable-totp/method-choice';
import { useSharedBrowser } from './browser-fixture';

const browser = useSharedBrowser();
const REAL_PAGES = path.resolve(__dirname, '../../unit/automation/real-pages');
const saved = (app: string, name: string) => readFileSync(path.join(REAL_PAGES, app, `${name}.html`), 'utf8');

async function open(html: string) {
  const page = await browser.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

describe('error regions on real pages', () => {
  it.each([
    { app: 'flask-security', page: 'tf-setup-confirmed', html: undefined, errors: [] as string[], why: 'a flashed success message classed "success fs-error-msg" is no error' },
    { app: 'flask-security', page: 'tf-setup', html: undefined, errors: [], why: 'the setup page has no message at all' },
    { app: 'inline', page: 'bootstrap success', html: '<div class="alert alert-success">Password changed.</div>', errors: [], why: 'a Bootstrap success alert is no error' },
    { app: 'inline', page: 'bootstrap info', html: '<div class="alert alert-info">Check your mail.</div>', errors: [], why: 'an info notice is no error' },
    { app: 'inline', page: 'bootstrap danger', html: '<div class="alert alert-danger">Invalid code.</div>', errors: ['Invalid code.'], why: 'a danger alert stays an error' },
    { app: 'inline', page: 'flask error flash', html: '<ul class="flashes"><li class="error fs-error-msg">Invalid code</li></ul>', errors: ['Invalid code'], why: 'an error-category flash stays an error' },
  ])('$app $page: $why', async ({ app, page: name, html, errors }) => {
    const page = await open(html ?? saved(app, name));
    const signals = await page.evaluate(readSignalsInPage);
    expect(signals.errorTexts).toEqual(errors);
  });
});

describe('choosing the authenticator method in a form (Flask-Security /tf-setup)', () => {
  it('finds the form\'s submit control once the method\'s radio button is checked, not before', async () => {
    const page = await open(saved('flask-security', 'tf-setup'));
    const radio = page.locator('input[type="radio"][value="authenticator"]');
    expect(await submitOfCheckedChoice(radio)).toBeNull();
    await radio.click();
    const submit = await submitOfCheckedChoice(radio);
    expect(await submit?.getAttribute('value')).toBe('Submit');
  });

  it('ignores a label whose for= names a non-input (the page repeats the id on a div), and links', async () => {
    const page = await open(saved('flask-security', 'tf-setup'));
    const label = page.locator('label', { hasText: 'authenticator app' });
    await label.click();
    expect(await submitOfCheckedChoice(label)).toBeNull();
    expect(await submitOfCheckedChoice(page.locator('a', { hasText: 'Two Factor Setup' }))).toBeNull();
  });
});
