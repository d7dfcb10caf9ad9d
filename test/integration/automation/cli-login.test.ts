// `tessera login …` through the CLI (in-process, runCli; `login open` as a process of the
// built CLI): verify prints its steps and exits 0 on success or 1 with the outcome; --json
// carries outcome, evidence, steps and duration; runs are listed and shown; nothing secret
// reaches stderr. Every login fixture is logged in to in-process by the engine's own tests
// (generic-login-forms, generic-login-challenges, recipe-login, emailed-code-login) and in
// the app (e2e/automation-login); here, the fixtures whose run takes a path of its own
// through the CLI and the vault: a plain success, a frame origin the account allows, a TOTP
// secret from the vault, a code that needs the mailbox, a CAPTCHA, a recipe from the data dir.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KDF_FLOOR, Vault } from '../../../main/vault';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME, type RunningSite } from '../../fixtures/sites/kit/site-server';
import { LOGIN_FIXTURES, WRONG_PASSWORD_FIXTURES, type LoginFixture } from '../../fixtures/sites/login-catalog';
import { CLI, type CliSandbox, MASTER, ensureBuiltCli, jsonError, jsonValue } from '../../support/cli-harness';
import { CliSandbox as Sandbox } from '../../support/cli-harness';
import { WRONG_PASSWORD } from './login-harness';
import { zipEntries } from './zip-entries';

let sandbox: CliSandbox;
let env: Record<string, string>;
const sites: RunningSite<unknown>[] = [];
const CLI_FIXTURES = LOGIN_FIXTURES.filter((fixture) =>
  ['classic form', 'login inside an iframe', 'TOTP step', 'emailed code (no mailbox)', 'CAPTCHA page', 'vendor portal (recipe)'].includes(fixture.name),
);
const CLI_WRONG_PASSWORD_FIXTURES = WRONG_PASSWORD_FIXTURES.filter((fixture) => CLI_FIXTURES.includes(fixture));
const ids = new Map<string, string>();
const wrongIds = new Map<string, string>();

beforeAll(async () => {
  await ensureBuiltCli();
  sandbox = new Sandbox();
  sandbox.secret(FIXTURE_PASSWORD);
  const path = sandbox.path('vault.sqlite');
  env = { TESSERA_VAULT: path, TESSERA_PASSWORD: MASTER };
  // One vault with an account per fixture, made in-process at the KDF floor, the cheapest cost the
  // built CLI (spawned by `login open`) accepts.
  const { vault } = await Vault.create(path, MASTER, { kdf: KDF_FLOOR, idleLockMs: 0 });
  const add = (fixture: LoginFixture, site: RunningSite<unknown>, password: string) =>
    vault.accounts.create({
      name: `${fixture.name} ${password === FIXTURE_PASSWORD ? 'ok' : 'wrong'}`,
      urls: [site.url],
      username: FIXTURE_USERNAME,
      password,
      totp: fixture.totp ? { secret: fixture.totp } : null,
      allowedOrigins: fixture.allowedOrigins?.(site) ?? [],
    }).id;
  for (const fixture of CLI_FIXTURES) {
    const site = await fixture.start();
    sites.push(site);
    ids.set(fixture.name, add(fixture, site, FIXTURE_PASSWORD));
    if (CLI_WRONG_PASSWORD_FIXTURES.includes(fixture)) {
      const other = await fixture.start();
      sites.push(other);
      wrongIds.set(fixture.name, add(fixture, other, WRONG_PASSWORD));
    }
    if (fixture.userRecipe) {
      mkdirSync(sandbox.path('recipes'), { recursive: true });
      writeFileSync(join(sandbox.path('recipes'), 'vendor-portal.json'), JSON.stringify(fixture.userRecipe));
    }
  }
  vault.close();
}, 120_000);

afterAll(async () => {
  await Promise.all(sites.map((site) => site.close()));
  sandbox.expectNoSecretOnStderr();
  sandbox.cleanup();
});

describe('tessera login verify', () => {
  it.each(CLI_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('%s', async (_name, fixture) => {
    const result = await sandbox.run(['login', 'verify', ids.get(fixture.name)!], { env });
    if (fixture.expected === 'success') {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^✓ navigate|^✓ recipe-goto/m);
      expect(result.stdout).toMatch(/^success: logged in to/m);
    } else {
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`tessera: ${fixture.expected}:`);
    }
  });

  it.each(CLI_WRONG_PASSWORD_FIXTURES.map((fixture) => [fixture.name, fixture] as const))('reports wrong_credentials with --json on %s', async (name) => {
    const result = await sandbox.run(['--json', 'login', 'verify', wrongIds.get(name)!], { env });
    expect(result.code).toBe(1);
    const error = jsonError(result);
    expect(error).toMatchObject({ code: 'LOGIN_FAILED', details: { outcome: 'wrong_credentials' } });
    // Steps print on stderr as they end, so stdout stays one JSON document.
    expect(result.stderr).toMatch(/^✓ (navigate|recipe-goto)/m);
  });

  it('gives outcome, evidence, steps and duration with --json, and lists and shows the runs', async () => {
    const id = ids.get('classic form')!;
    const value = jsonValue<{ outcome: string; evidence: { loginPathLeft: boolean }; steps: { step: string }[]; durationMs: number; runId: string }>(
      await sandbox.run(['--json', 'login', 'verify', id], { env }),
    );
    expect(value.outcome).toBe('success');
    expect(value.evidence.loginPathLeft).toBe(true);
    expect(value.steps.map((event) => event.step)).toContain('fill-password');
    expect(value.durationMs).toBeGreaterThan(0);

    const runs = jsonValue<{ runId: string; outcome: string }[]>(await sandbox.run(['--json', 'login', 'runs', id], { env }));
    expect(runs[0]).toMatchObject({ runId: value.runId, outcome: 'success' });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const shown = await sandbox.run(['login', 'show', id, value.runId], { env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^verify success in \d+ ms \(heuristics\)/);
    expect(shown.stdout).toMatch(/✓ wait-result/);

    const out = join(sandbox.dir, `trace-${value.runId}.zip`);
    const saved = await sandbox.run(['login', 'trace', id, value.runId, '--out', out], { env });
    expect(saved.code, saved.stderr).toBe(0);
    expect([...zipEntries(await readFile(out)).keys()].some((name) => name.endsWith('.trace'))).toBe(true);
    expect((await stat(out)).mode & 0o077).toBe(0);
    const again = await sandbox.run(['login', 'trace', id, value.runId, '--out', out], { env });
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('does not overwrite');
    const noPart = await sandbox.run(['login', 'trace', id, value.runId, '--part', '99', '--out', `${out}.2`], { env });
    expect(noPart.code).toBe(4);
    expect(noPart.stderr).toMatch(/trace has \d+ part\(s\)/);
  });

  it('exits 4 for an unknown account', async () => {
    const result = await sandbox.run(['login', 'verify', 'no-such-account'], { env });
    expect(result.code).toBe(4);
  });
});

describe('tessera login open', () => {
  // Headed: needs a display (CI runs the suite under xvfb-run); skipped without one.
  it.skipIf(!process.env['DISPLAY'])('logs in inside the account\'s profile in a visible window and waits until it is closed', async () => {
    const id = ids.get('classic form')!;
    const child = spawn(process.execPath, [CLI, 'login', 'open', id], {
      env: { PATH: process.env['PATH'] ?? '', HOME: sandbox.home, LANG: 'C.UTF-8', DISPLAY: process.env['DISPLAY']!, XAUTHORITY: process.env['XAUTHORITY'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    // The window stays open until the person closes it: here, until the CLI gets Ctrl-C.
    const handedOver = new Promise<void>((resolve) => child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (stderr.includes('The browser window is yours now')) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.race([handedOver, exited]);
    child.kill('SIGINT');
    const code = await exited;
    expect(stdout).toMatch(/^✓ open-browser/m);
    expect(stdout).toMatch(/^success: logged in to/m);
    expect(stderr).not.toContain(FIXTURE_PASSWORD);
    expect(code, stderr).toBe(0);
  });
});
