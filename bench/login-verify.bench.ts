// Login automation bench: how long `verifyLogin` takes on the classic fixture, cold (browser
// launched for the run) and warm (browser reused), against a minimal hand-written
// playwright-core script logging into the same fixture. Also the engine alone (no trace or
// screenshots) and the whole service (plus sealing and storing the run). Runs alternate, so
// background load hits every variant alike; medians. Writes the "Login automation" section
// of bench/RESULTS.md. Run: npx vitest run --project bench bench/login-verify.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { expect, it } from 'vitest';
import { writeResultsSection } from './results-section';
import type { Browser } from 'playwright-core';
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
  const times = { script: [] as number[], verify: [] as number[], engine: [] as number[], service: [] as number[], scriptCold: [] as number[], verifyCold: [] as number[] };
  let work = 0;
  const workDir = () => path.join(dir, 'work', String(work++));
  try {
    const browser = await launchHeadless(installation);
    // One untimed round each, so first-use costs (JIT, caches) do not land on one variant.
    await handWritten(browser, site.url);
    await verifyLogin(browser, credentials, { loginUrl: site.url, workDir: workDir() });
    await service.verify(accountId);
    for (let round = 0; round < WARM_ROUNDS; round++) {
      times.script.push(await timed(() => handWritten(browser, site.url)));
      times.verify.push(await timed(async () => {
        const { report } = await verifyLogin(browser, credentials, { loginUrl: site.url, workDir: workDir() });
        expect(report.outcome).toBe('success');
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
  const row = (what: string, ms: number, base: number) => `| ${what} | ${ms.toFixed(0)} | ${(ms / base).toFixed(2)}× |`;
  const section = `## Login automation

Generated by \`npx vitest run --project bench bench/login-verify.bench.ts\` on ${new Date().toISOString().slice(0, 10)}.

Machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium at ${installation.executablePath} (headless).
Fixture: test/fixtures/sites/classic-form (email + password, POST, redirect to /dashboard), on 127.0.0.1.
Medians of ${WARM_ROUNDS} warm rounds (variants alternate within each round) and ${COLD_ROUNDS} cold rounds.

Warm (the browser is already running; each run gets a fresh context):

| variant | median (ms) | vs hand-written |
|---|---:|---:|
${row('hand-written playwright-core script (fixed selectors, waits for /dashboard)', m.script, m.script)}
${row('heuristic engine only (performLogin: detect, fill, submit, wait for evidence)', m.engine, m.script)}
${row('verifyLogin (engine + trace paused around secrets + 2 masked screenshots)', m.verify, m.script)}
${row('LoginService.verify (+ vault read, sealing and storing the run, audit entry)', m.service, m.script)}

Cold (launch Chromium, log in, close it):

| variant | median (ms) | vs hand-written |
|---|---:|---:|
${row('hand-written playwright-core script', m.scriptCold, m.scriptCold)}
${row('verifyLogin', m.verifyCold, m.scriptCold)}

Warm verify / hand-written = **${(m.verify / m.script).toFixed(2)}×** (target ≤ 1.3×). The difference is evidence the
script does not gather: the engine waits until the network has been quiet for 500 ms after the submit to read the
outcome from the page, cookies and statuses instead of assuming a URL, and records the trace and screenshots.
`;
  writeResultsSection('Login automation', section);
  console.log(section);
});
