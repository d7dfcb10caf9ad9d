// The generic engine's choices on saved pages of real apps (test/unit/automation/real-pages,
// saved from the local instances of test/real-apps with scripts and stylesheets removed),
// loaded into real Chromium: which link leads on to the change-password page, which one to
// the authenticator-app setup, which form changes the password, where the setup key is.
// Table-driven: a new app's pages are new rows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectNavigationTargets, scoreChangePasswordTarget } from '../../../automation/change-password/navigation-targets';
import { pickChangePasswordForm } from '../../../automation/change-password/change-form';
import { scoreClickable } from '../../../automation/enable-totp/enrollment-words';
import { readClickables, readSecretText } from '../../../automation/enable-totp/setup-page';
import { findSecretCandidates } from '../../../automation/enable-totp/secret-text';
import { pickOtpForm } from '../../../automation/forms/form-classifier';
import { scanPageForms } from '../../../automation/forms/login-form-detector';
import { useSharedBrowser } from './browser-fixture';

const browser = useSharedBrowser();

async function open(snapshot: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent(readFileSync(join(import.meta.dirname, '../../unit/automation/real-pages', snapshot), 'utf8'), { waitUntil: 'domcontentloaded' });
  return page;
}

/** The best change-password target's text, as findChangePasswordPage ranks them (ties: page order). */
async function bestChangeTarget(page: Page): Promise<{ text: string; score: number } | undefined> {
  const ranked = (await collectNavigationTargets(page, { hiddenLinks: true })).map((t) => ({ text: t.text, score: scoreChangePasswordTarget(t) })).filter((t) => t.score > 0);
  return ranked.sort((a, b) => b.score - a.score)[0];
}

async function bestTwoFactorClick(page: Page, stage: 'navigate' | 'setup'): Promise<{ text: string; score: number } | undefined> {
  const ranked = (await readClickables(page)).map((c) => ({ text: c.text, score: scoreClickable(c, stage) })).filter((c) => c.score > 0);
  return ranked.sort((a, b) => b.score - a.score)[0];
}

describe('on the way to the change-password page', () => {
  it.each<[string, string, number]>([
    // [snapshot, best target, its minimum score: 100 change link, 40+ password link, 20 settings page]
    ['redmine-my-page.html', 'My account', 20],
    ['redmine-my-account.html', 'Change password', 100],
    ['wordpress-dashboard.html', 'Profile', 20],
  ])('%s: follows "%s"', async (snapshot, text, minScore) => {
    const best = await bestChangeTarget(await open(snapshot));
    expect(best?.text).toBe(text);
    expect(best?.score).toBeGreaterThanOrEqual(minScore);
  });

  it.each<[string, string[]]>([
    ['redmine-change-password.html', ['current', 'new', 'confirm']],
    ['roundcube-change-password.html', ['current', 'new', 'confirm']],
  ])('%s: the change form has %j', async (snapshot, fields) => {
    const form = pickChangePasswordForm(await scanPageForms(await open(snapshot)));
    expect(form).toBeDefined();
    const present = [form?.fields.currentPassword && 'current', form?.fields.newPassword && 'new', form?.fields.confirmPassword && 'confirm'].filter(Boolean);
    expect(present).toEqual(fields);
  });
});

describe('a form whose action button sits outside it', () => {
  const buttonsOf = async (html: string) => {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'domcontentloaded' });
    return (await scanPageForms(page)).map((form) => form.group.buttons.map((button) => button.text));
  };

  it('roundcube-change-password.html: the footer "Save" (type=button, after the </form>) belongs to the change form', async () => {
    const form = pickChangePasswordForm(await scanPageForms(await open('roundcube-change-password.html')));
    expect(form?.group.buttons.map((button) => button.text)).toEqual(['Save']);
  });

  it.each<[string, string, string[][]]>([
    ['a buttonless form and a footer in the same panel', '<div><form><input type="password" name="a"></form><p><button type="button">Save</button></p></div>', [['Save']]],
    ['a form with its own button keeps it alone', '<div><form><input type="password" name="a"><button>Change</button></form><p><button type="button">Close</button></p></div>', [['Change']]],
    ['a button four containers out is no footer of the form', '<div><div><div><div><form><input type="password" name="a"></form></div></div></div><button type="button">Save</button></div>', [[]]],
    ['a link beside the form never joins it', '<div><form><input type="password" name="a"></form><a role="button" href="/mail">Mail</a></div>', [[]]],
    ['two forms in the panel: the button joins neither', '<div><form><input type="password" name="a"></form><form><input type="text" name="b"></form><button type="button">Save</button></div>', [[], []]],
  ])('%s', async (_name, html, expected) => {
    expect(await buttonsOf(html)).toEqual(expected);
  });
});

describe('on the way to the authenticator-app setup', () => {
  it.each<[string, 'navigate' | 'setup', string, number]>([
    ['redmine-my-page.html', 'navigate', 'My account', 1],
    ['redmine-my-account.html', 'setup', 'Enable authenticator app', 7],
  ])('%s (%s): clicks "%s"', async (snapshot, stage, text, minScore) => {
    const best = await bestTwoFactorClick(await open(snapshot), stage);
    expect(best?.text).toBe(text);
    expect(best?.score).toBeGreaterThanOrEqual(minScore);
  });

  it.each<[string, RegExp]>([
    ['redmine-totp-activate.html', /^[A-Z2-7]{32}$/],
  ])('%s: the setup key is read from the text and the code field is found', async (snapshot, key) => {
    const page = await open(snapshot);
    expect(findSecretCandidates(await readSecretText(page))).toEqual([expect.stringMatching(key)]);
    expect(pickOtpForm(await scanPageForms(page))).toBeDefined();
  });
});
