// The login service end to end on fixture sites: the vault supplies the credentials and the
// TOTP, the managed inbox the emailed code; every run is stored encrypted (no file holds the
// password), the last conclusive verification feeds milestone 1, and runs can be cancelled.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginService, codesFromFeed } from '../../../main/logins/login-service';
import { RUNS_FOLDER } from '../../../main/logins/run-store';
import { RecentMessageFeed } from '../../../main/inbox/message-feed';
import { routeMessage } from '../../../main/inbox/message-intake';
import { AccountFactsService } from '../../../main/milestones/facts-service';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { FIXTURE_PASSWORD, FIXTURE_TOTP_SECRET, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as classicForm } from '../../fixtures/sites/classic-form/server';
import { start as totpStep } from '../../fixtures/sites/totp-step/server';
import { MAIL_SENDER, start as emailedCode } from '../../fixtures/sites/emailed-code/server';
import { useFixtureSites } from './browser-fixture';
import { WRONG_PASSWORD } from './login-harness';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../../support/timeouts';

const MASTER = 'master password for the tests';
let dataDir: string;
let vault: Vault;
let service: LoginService;
const feed = new RecentMessageFeed();
const started = useFixtureSites();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tessera-logins-'));
  vault = (await Vault.create(path.join(dataDir, 'vault.sqlite'), MASTER, { kdf: TEST_KDF_COST, allowWeakKdf: true, idleLockMs: 0 })).vault;
  service = new LoginService({ dataDir, vault: () => vault, emailCodes: codesFromFeed(feed, () => vault), stepTimeoutMs: BUSY_MACHINE_STEP_TIMEOUT_MS, otpTimeoutMs: 10_000 });
});
afterAll(async () => {
  await service.close();
  vault.close();
  await rm(dataDir, { recursive: true, force: true });
});

function account(url: string, extra: Parameters<Vault['accounts']['create']>[0] extends infer I ? Partial<I & object> : never = {}): string {
  return vault.accounts.create({ name: `Site ${Math.random()}`, urls: [url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, ...extra }).id;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** Milestone 1 once the password's background checks (strength, reuse) have finished. */
async function milestoneOne(id: string) {
  const facts = new AccountFactsService({
    vault: () => vault,
    verifications: () => service.verifications(),
    policies: () => [],
    finishedJobs: () => [],
    otherRoleHolders: () => new Map(),
  });
  facts.forAccount(id);
  await facts.checks.settled();
  return facts.forAccount(id).milestones[0]!;
}

describe('LoginService', () => {
  it('verifies, stores the run encrypted and achieves milestone 1; a wrong password then fails it', async () => {
    const site = await started(classicForm());
    const id = account(site.url);
    const steps: string[] = [];
    const run = await service.verify(id, { onStep: (event) => steps.push(`${event.step}:${event.status}`) });
    expect(run.report.outcome, run.report.reasons.join('; ')).toBe('success');
    expect(steps).toContain('wait-result:ok');
    expect((await milestoneOne(id)).achieved).toBe(true);

    const runs = await service.runs.list(id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ runId: run.runId, kind: 'verify', outcome: 'success', screenshots: 2 });
    expect((await service.runs.get(id, run.runId)).report.steps.length).toBeGreaterThan(5);
    expect(await service.screenshotDataUrl(id, run.runId, 1)).toMatch(/^data:image\/png;base64,/);
    expect(vault.audit.entries().at(-1)).toMatchObject({ kind: 'automation.verify', accountId: id, details: { outcome: 'success' } });

    // No run file, and nothing else Tessera wrote for automation, holds the password or the username.
    const files = await filesUnder(path.join(dataDir, RUNS_FOLDER));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      const bytes = await readFile(file);
      expect(bytes.includes(Buffer.from(FIXTURE_PASSWORD)), file).toBe(false);
      expect(bytes.includes(Buffer.from('"outcome"')), file).toBe(false);
    }

    vault.accounts.update(id, vault.accounts.get(id).version, { password: WRONG_PASSWORD });
    const wrong = await service.verify(id);
    expect(wrong.report.outcome).toBe('wrong_credentials');
    expect(await milestoneOne(id)).toMatchObject({ achieved: false, detail: expect.stringMatching(/failed/) });
  });

  it('fills the TOTP from the vault', async () => {
    const site = await started(totpStep());
    const id = account(site.url, { totp: { secret: FIXTURE_TOTP_SECRET } });
    const run = await service.verify(id);
    expect(run.report.outcome, run.report.reasons.join('; ')).toBe('success');
    expect(run.report.steps.map((e) => e.step)).toContain('get-otp');
  });

  it('fills a code the site emailed to the account\'s managed alias, read from the inbox', async () => {
    const alias = 'team+site@inbox.example.test';
    let id = '';
    const site = await started(emailedCode({
      mailTo: alias,
      onMail: (mail) => {
        const now = new Date();
        feed.publish(routeMessage(
          { uid: 1, messageId: `<${now.getTime()}@mailer>`, from: mail.from, to: [mail.to], cc: [], deliveredTo: [], subject: mail.subject, date: now, receivedAt: now, text: mail.text, notes: [] },
          [{ id, alias }],
        ));
      },
    }));
    id = account(site.url, { managedEmail: alias });
    const run = await service.verify(id);
    expect(run.report.outcome, run.report.reasons.join('; ')).toBe('success');
    expect(site.state.codesAccepted).toBe(1);
    expect(site.state.mails[0]?.from).toBe(MAIL_SENDER);
    expect(run.report.steps.find((e) => e.step === 'get-otp' && e.status === 'ok')?.detail).toMatch(/email/);
  });

  it('cancels a running login and refuses a second one for the same account meanwhile', async () => {
    const site = await started(classicForm());
    const id = account(site.url);
    let second: Promise<unknown> | undefined;
    const run = await service.verify(id, {
      onStep: (event) => {
        if (event.step !== 'detect-form' || event.status !== 'start') return;
        second = service.verify(id).catch((error: unknown) => error);
        service.cancel(id);
      },
    });
    expect(await second).toMatchObject({ code: 'AUTOMATION_BUSY' });
    expect(run.report.outcome).toBe('cancelled');
    expect(service.isRunning(id)).toBe(false);
    expect((await milestoneOne(id)).achieved).toBe(false);
  });

  it('refuses to run with an invalid recipe in the person\'s recipes folder, naming the file and the path', async () => {
    const site = await started(classicForm());
    const id = account(site.url);
    const folder = path.join(dataDir, 'recipes');
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, 'broken.json');
    await writeFile(file, JSON.stringify({ name: 'Broken', version: 1, match: { hosts: ['127.0.0.1'] }, flows: { login: { steps: [{ script: 'steal()' }], success: [{ cookie: 'sid' }] } } }));
    try {
      await expect(service.verify(id)).rejects.toMatchObject({
        code: 'RECIPE_INVALID',
        message: expect.stringContaining(`${file} is invalid at $.flows.login.steps[0]: unknown key "script"`),
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
