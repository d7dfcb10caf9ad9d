// Login automation bench: how long `verifyLogin` takes on the classic fixture, cold (browser
// launched for the run) and warm (browser reused), against minimal hand-written
// playwright-core scripts logging into the same fixture: a bare one (fixed selectors, waits
// for /dashboard) and one that keeps the same evidence as verifyLogin (a trace paused while
// the password is typed, two masked screenshots, the outcome checked from the URL, the
// session cookie and the form). Also the engine alone (no trace or screenshots), the whole
// service (plus sealing and storing the run), and where a warm verifyLogin's time goes, step
// by step. Runs alternate, so background load hits every variant alike; medians. Writes the
// "Login automation" section of bench/RESULTS.md.
// Run: npx vitest run --project bench bench/login-verify.bench.ts
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { writeResultsSection } from './results-section';
import type { Browser } from 'playwright-core';
import type { StepEvent } from '../automation/login/step-runner';
import { discoverBrowser } from '../automation/browser/browser-discovery';
import { launchHeadless } from '../automation/browser/browser-launcher';
import { verifyLogin } from '../automation/flows/verify-login';
import { performLogin } from '../automation/login/perform-login';
import { LoginService } from '../main/logins/login-service';
import { TEST_KDF_COST, Vault } from '../main/vault';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../test/fixtures/sites/kit/site-server';
import { start as classicForm } from '../test/fixtures/sites/classic-form/server';

const WARM_ROUNDS = 15;
const COLD_ROUNDS = 5;
const credentials = { username: async () => FIXTURE_USERNAME, password: async () => FIXTURE_PASSWORD };

/** What a person would write by hand for this one site: no detection, no evidence. */
async function handWritten(browser: Browser, url: string): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.fill('#email', FIXTURE_USERNAME);
  await page.fill('#password', FIXTURE_PASSWORD);
  await Promise.all([page.waitForURL('**/dashboard'), page.click('button[type=submit]')]);
  await context.close();
}

/**
 * The same evidence as verifyLogin, written by hand: a trace with screenshots, stopped while
 * the password is typed; a screenshot with the password field masked after typing it and one
 * after the submit; success checked from the URL, a new session cookie and the form gone.
 */
async function handWrittenWithEvidence(browser: Browser, url: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const secretFields = () => [page.locator('input[type=password]')];
  await context.tracing.start({ screenshots: true, snapshots: false });
  await page.goto(url);
  await page.fill('#email', FIXTURE_USERNAME);
  await context.tracing.stopChunk({ path: path.join(dir, 'trace-1.zip') });
  await page.fill('#password', FIXTURE_PASSWORD);
  await page.screenshot({ mask: secretFields() });
  await context.tracing.startChunk();
  const sessionBefore = (await context.cookies()).find((cookie) => cookie.name === 'sid')?.value;
  await Promise.all([page.waitForURL('**/dashboard'), page.click('button[type=submit]')]);
  const session = (await context.cookies()).find((cookie) => cookie.name === 'sid');
  if (!session || session.value === sessionBefore || (await page.locator('input[type=password]').count()) > 0) throw new Error('the script did not log in');
  await page.screenshot({ mask: secretFields() });
  await context.tracing.stopChunk({ path: path.join(dir, 'trace-2.zip') });
  await context.tracing.stop();
  await Promise.all(['trace-1.zip', 'trace-2.zip'].map((name) => readFile(path.join(dir, name))));
  await context.close();
  await rm(dir, { recursive: true, force: true });
}

/** Milliseconds of each step of one run (start to ok or fail), plus the time around the steps. */
function stepTimes(steps: StepEvent[], startedAt: number, endedAt: number): Record<string, number> {
  const times: Record<string, number> = {};
  const started = new Map<string, number>();
  for (const event of steps) {
    if (event.status === 'start') started.set(event.step, event.at);
    else times[event.step] = (times[event.step] ?? 0) + event.at - (started.get(event.step) ?? event.at);
  }
  times['before the first step (context, page, trace start)'] = (steps[0]?.at ?? endedAt) - startedAt;
  times['after the last step (result screenshot, trace stop, context close)'] = endedAt - (steps.at(-1)?.at ?? startedAt);
  return times;
}

function median(values: number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

it('measures verify time against a hand-written script', async () => {
  const site = await classicForm();
  const installation = await discoverBrowser({ configuredPath: process.env['TESSERA_BROWSER'] });
  const dir = await mkdtemp(path.join(tmpdir(), 'tessera-login-bench-'));
  const { vault } = await Vault.create(path.join(dir, 'vault.sqlite'), 'bench master password', { kdf: TEST_KDF_COST, allowWeakKdf: true, idleLockMs: 0 });
  const accountId = vault.accounts.create({ name: 'Classic', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD }).id;
  const service = new LoginService({ dataDir: dir, vault: () => vault });
  const times = {
    script: [] as number[],
    scriptEvidence: [] as number[],
    verify: [] as number[],
    engine: [] as number[],
    service: [] as number[],
    scriptCold: [] as number[],
    verifyCold: [] as number[],
  };
  const verifySteps: Record<string, number[]> = {};
  const loads: number[] = [];
  let work = 0;
  const workDir = () => path.join(dir, 'work', String(work++));
  try {
    const browser = await launchHeadless(installation);
    // One untimed round each, so first-use costs (JIT, caches) do not land on one variant.
    await handWritten(browser, site.url);
    await handWrittenWithEvidence(browser, site.url, workDir());
    await verifyLogin(browser, credentials, { loginUrl: site.url, workDir: workDir() });
    await service.verify(accountId);
    for (let round = 0; round < WARM_ROUNDS; round++) {
      loads.push(loadavg()[0]!);
      times.script.push(await timed(() => handWritten(browser, site.url)));
      times.scriptEvidence.push(await timed(() => handWrittenWithEvidence(browser, site.url, workDir())));
      times.verify.push(await timed(async () => {
        const startedAt = Date.now();
        const { report } = await verifyLogin(browser, credentials, { loginUrl: site.url, workDir: workDir() });
        expect(report.outcome).toBe('success');
        for (const [step, ms] of Object.entries(stepTimes(report.steps, startedAt, Date.now()))) (verifySteps[step] ??= []).push(ms);
      }));
      times.engine.push(await timed(async () => {
        const context = await browser.newContext();
        await performLogin(await context.newPage(), credentials, { loginUrl: site.url });
        await context.close();
      }));
      times.service.push(await timed(() => service.verify(accountId)));
    }
    await browser.close();
    for (let round = 0; round < COLD_ROUNDS; round++) {
      times.scriptCold.push(await timed(async () => {
        const cold = await launchHeadless(installation);
        await handWritten(cold, site.url);
        await cold.close();
      }));
      times.verifyCold.push(await timed(async () => {
        const cold = await launchHeadless(installation);
        await verifyLogin(cold, credentials, { loginUrl: site.url, workDir: workDir() });
        await cold.close();
      }));
    }
  } finally {
    await service.close();
    vault.close();
    await site.close();
    await rm(dir, { recursive: true, force: true });
  }

  const m = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)])) as Record<keyof typeof times, number>;
  const row = (what: string, ms: number) => `| ${what} | ${ms.toFixed(0)} | ${(ms / m.script).toFixed(2)}× | ${(ms / m.scriptEvidence).toFixed(2)}× |`;
  const stepRows = Object.entries(verifySteps).map(([step, values]) => `| ${step} | ${median(values).toFixed(0)} |`).join('\n');
  const load = median(loads);
  const section = `## Login automation

Generated by \`npx vitest run --project bench bench/login-verify.bench.ts\` on ${new Date().toISOString().slice(0, 10)}.

Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium at ${installation.executablePath} (headless).
Load average (1 min) during the warm rounds: median ${load.toFixed(1)}, from ${Math.min(...loads).toFixed(1)} to ${Math.max(...loads).toFixed(1)}.
Fixture: test/fixtures/sites/classic-form (email + password, POST, redirect to /dashboard), on 127.0.0.1.
Medians of ${WARM_ROUNDS} warm rounds (variants alternate within each round) and ${COLD_ROUNDS} cold rounds.

Warm (the browser is already running; each run gets a fresh context):

| variant | median (ms) | vs bare script | vs script with the same evidence |
|---|---:|---:|---:|
${row('hand-written script, bare (fixed selectors, waits for /dashboard)', m.script)}
${row('hand-written script with the same evidence (trace paused around the password, 2 masked screenshots, URL + session cookie + form checked)', m.scriptEvidence)}
${row('heuristic engine only (performLogin: detect, fill, submit, read the evidence)', m.engine)}
${row('verifyLogin (engine + trace paused around secrets + 2 masked screenshots)', m.verify)}
${row('LoginService.verify (+ vault read, sealing and storing the run, audit entry)', m.service)}

Cold (launch Chromium, log in, close it):

| variant | median (ms) | vs hand-written |
|---|---:|---:|
| hand-written playwright-core script, bare | ${m.scriptCold.toFixed(0)} | 1.00× |
| verifyLogin | ${m.verifyCold.toFixed(0)} | ${(m.verifyCold / m.scriptCold).toFixed(2)}× |

Where a warm verifyLogin's time goes (medians of each part, so they need not add up to the total):

| part | median (ms) |
|---|---:|
${stepRows}

Warm verify / hand-written script with the same evidence = **${(m.verify / m.scriptEvidence).toFixed(2)}×**, / bare script =
**${(m.verify / m.script).toFixed(2)}×** (target ≤ 1.3×, issue #17: "the hand-written script with the same evidence").
The engine decides as soon as the evidence is conclusive: once the submit has its answer and the network has been
quiet for 150 ms, it reads the page, and a new document off the login path with a new session cookie, no login form,
no error and no "signing you in" text is a success at once; an error, a lockout, a CAPTCHA or a code field is
conclusive too. Anything else (a single-page app that only swapped its form, a page still fetching its verdict) gets
the full wait until the network has been quiet for 500 ms, and a login request still loading is never taken for
background traffic. Screenshots paint their masks in one pass per frame and are captured through the DevTools protocol.
`;
  writeResultsSection('Login automation', section);
  console.log(section);
});
