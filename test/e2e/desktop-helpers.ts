// Shared steps for the desktop E2E tests: a vault seeded through the host's services (so a
// test starts on the screen it is about), axe-core checks, and scoped locators.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startRelay, type RunningRelay } from '../../relay/server';
import { VaultInboxStore } from '../../main/inbox/vault-inbox-store';
import type { WebTestHost } from '../web-host/server';
import type { AccountInput } from '../../main/vault';

export const MASTER = 'correct horse battery staple';

/** Creates the vault (left unlocked) and its accounts before the page loads. */
export function seededVault(accounts: AccountInput[]) {
  return async (host: WebTestHost) => {
    await host.services.vault.create(MASTER);
    const ids = host.services.vault.unlocked().accounts.createMany(accounts, null).map((r) => r.id);
    seededIds.set(host, ids);
  };
}
const seededIds = new WeakMap<WebTestHost, string[]>();
export const idsOf = (host: WebTestHost) => seededIds.get(host) ?? [];

/**
 * For the dashboard's "needs attention": after `seed`, the first seeded account's last
 * verification failed, a weekly policy for `tag` starts tomorrow, and (with `pendingFor`)
 * a scheduled rotation of that account waits for decrypt approval. Real services, no fakes.
 */
export function withAttention(seed: (host: WebTestHost) => Promise<void>, tag: string, pendingFor?: number) {
  return async (host: WebTestHost) => {
    await seed(host);
    const ids = idsOf(host);
    const now = Date.now();
    host.services.logins.runs.recordVerification(ids[0]!, { succeeded: false, at: now, outcome: 'login-failed', runId: 'seeded-run' });
    host.services.rotation.scheduler.addPolicy({ name: `Weekly ${tag} rotation`, schedule: { type: 'interval', every: 1, unit: 'weeks', startAt: now + 86_400_000 }, scope: { tags: [tag] } });
    if (pendingFor !== undefined) {
      host.services.rotation.scheduler.jobs.enqueue({ accountId: ids[pendingFor]!, trigger: 'schedule', dueAt: now, reason: 'seeded schedule' });
    }
  };
}

/**
 * After `seed`, a message for each of the seeded accounts at `indices` is in the managed inbox
 * (stored through the inbox's own vault store, as a mail read over IMAP would be): their
 * managed addresses have received mail, which milestone 2 asks for.
 */
export function withDeliveredMail(seed: (host: WebTestHost) => Promise<void>, indices: readonly number[]) {
  return async (host: WebTestHost) => {
    await seed(host);
    await deliverMail(host, indices.map((i) => idsOf(host)[i]!));
  };
}

/** A message for `accountIds` arrives in the managed inbox, announced to the app as the inbox service does. */
export async function deliverMail(host: WebTestHost, accountIds: readonly string[]): Promise<void> {
  const store = new VaultInboxStore((use) => use(host.services.vault.unlocked()));
  const receivedAt = new Date();
  for (const accountId of accountIds) {
    await store.saveMessage({
      uid: ++mailUid, messageId: `<seeded-${mailUid}@inbox.team.test>`, from: 'security@site.test', to: ['team@inbox.team.test'], cc: [], deliveredTo: [],
      subject: 'Your recovery address was changed', date: receivedAt, receivedAt, text: 'Your recovery address is now the team mailbox.', notes: [],
      accountIds: [accountId], category: 'security_alert',
    });
  }
  host.services.events.emit('inbox.message', { accountIds: [...accountIds], category: 'security_alert', receivedAt: receivedAt.getTime() });
}
let mailUid = 0;

export const accountList = (page: Page) => page.getByRole('listbox', { name: 'Account list' });
export const accountOptions = (page: Page) => accountList(page).getByRole('option');

let axeSource: string | null = null;

export type AxeFinding = { id: string; impact: string; help: string; targets: string[] };

/**
 * Runs axe-core in the page and returns serious and critical violations. The source goes
 * in through page.evaluate (CDP), which the page's CSP does not govern, so the app's CSP
 * stays as shipped.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const findings = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

/**
 * Screenshots the page in light and then dark (the app follows the system scheme) with an
 * axe check in each, and leaves it light. `screen` names the files and any violation.
 */
export async function checkInBothSchemes(session: { page: Page; screenshot(name: string): Promise<string> }, screen: string): Promise<void> {
  const { page } = session;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((wanted) => document.documentElement.dataset['theme'] === wanted, scheme);
    await session.screenshot(`${screen}-${scheme}`);
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) throw new Error(`${screen} (${scheme}): ${JSON.stringify(violations)}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Chooses `option` in one of the app's Radix selects (components/Select.tsx): open it, click the option. */
export async function chooseOption(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
  await expect.poll(() => select.textContent()).toContain(option);
}

/** The button of a section (Accounts, Dashboard, Settings, Policies, Sharing) in the app's navigation. */
export const sectionButton = (page: Page, name: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });

/** A relay on 127.0.0.1 for the describe block (in memory), started before its tests and closed after. */
export function useTestRelay(options: { smtpPrivateHosts?: boolean } = {}): { readonly url: string } {
  let relay: RunningRelay | undefined;
  beforeAll(async () => {
    relay = await startRelay({ dbPath: ':memory:', host: '127.0.0.1', port: 0, ...options });
  });
  afterAll(async () => {
    await relay?.close();
  });
  return {
    get url() {
      if (!relay) throw new Error('the test relay starts in beforeAll');
      return relay.url;
    },
  };
}
