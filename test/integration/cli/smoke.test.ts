// The built `tessera` (out/main/cli.js) as a process, one smoke test per command family, on a
// vault made by `tessera init` at the real Argon2id cost: proves the bundle wires every family
// (its imports load, its services start, stdout, stderr and exit codes reach the shell). What
// each command does is tested in-process in test/unit/cli/ and the integration tests that
// drive browsers and mailboxes; `relay serve` is spawned in relay-serve.test.ts, the terminal
// prompts in terminal-prompt.test.ts, `login open` in automation/cli-login.test.ts.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { DEFAULT_KDF_COST, Vault } from '../../../main/vault';
import { type CliSandbox, jsonValue, sandboxWithVault } from '../../support/cli-harness';

const PASSWORD = 'smoke-test-Pa55word';
const PASSPHRASE = 'a smoke test backup passphrase';
const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
// A module hook reports every file node resolves from node_modules (issue 17: each command loads only what it uses).
const RESOLVED_HOOK = 'data:text/javascript,import{registerHooks}from"node:module";registerHooks({resolve(s,c,n){const r=n(s,c);if(r.url.includes("/node_modules/"))process.stderr.write("RESOLVED "+r.url+"\\n");return r;}});';
const packagesIn = (stderr: string) => [...new Set([...stderr.matchAll(/RESOLVED .*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]))].sort();

describe('the built tessera CLI, one command per family, as a process', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  let vault: string;
  let accountId: string;
  const cli = (args: string[], input?: string) => sandbox.spawn(['--json', ...args], { env, ...(input === undefined ? {} : { input }) });

  beforeAll(async () => {
    ({ sandbox, env, vault } = await sandboxWithVault({ spawned: true }));
    sandbox.secret(PASSWORD);
    sandbox.secret(PASSPHRASE);
    sandbox.secret(TOTP_SECRET);
  }, 120_000);
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('vault: init made a vault at the default Argon2id cost that unlock-check opens', async () => {
    const opened = Vault.open(vault, { idleLockMs: 0 });
    try {
      expect(opened.info().kdf).toMatchObject(DEFAULT_KDF_COST);
    } finally {
      opened.close();
    }
    expect(jsonValue<{ accounts: number }>(await cli(['unlock-check']))).toMatchObject({ path: vault, accounts: 0 });
  });

  it('account: add with a piped password, then list', async () => {
    ({ id: accountId } = jsonValue<{ id: string }>(await cli(['account', 'add', '--name', 'Smoke', '--url', 'https://smoke.test', '--username', 'ops', '--password-stdin'], PASSWORD)));
    expect(jsonValue<Array<{ id: string }>>(await cli(['account', 'list'])).map((a) => a.id)).toEqual([accountId]);
  });

  it('mfa and totp: import an otpauth URI into the account, then print its code', async () => {
    const uri = `otpauth://totp/Smoke:ops?secret=${TOTP_SECRET}&issuer=Smoke`;
    expect(jsonValue(await cli(['mfa', 'import', uri, '--account', 'Smoke']))).toMatchObject({ accountId });
    expect(jsonValue<{ code: string }>(await cli(['totp', 'Smoke'])).code).toMatch(/^\d{6}$/);
  });

  it('start: --version and --help load no package (commander is bundled into the CLI); totp loads the vault, never a browser, mailbox, sync or scorer', async () => {
    const packagesOf = async (args: string[]) => {
      const result = await sandbox.spawn(args, { env, nodeArgs: ['--import', RESOLVED_HOOK] });
      expect(result.code, result.stderr).toBe(0);
      return packagesIn(result.stderr);
    };
    expect(await packagesOf(['--version'])).toEqual([]);
    expect(await packagesOf(['--help'])).toEqual([]);
    expect(await packagesOf(['account', 'add', '--help'])).toEqual([]);
    const totp = await packagesOf(['totp', 'Smoke']);
    expect(totp).toEqual(expect.arrayContaining(['better-sqlite3', 'argon2']));
    for (const heavy of ['playwright-core', 'imapflow', 'mailparser', 'yjs', 'ws', '@zxcvbn-ts/core', 'nodemailer', 'bonjour-service']) expect(totp).not.toContain(heavy);
  });

  it('account list --search: unlocks, signs its audit entry and opens the summaries natively, loading no pure-JS curve or cipher, no sync engine for a vault in no workspace', async () => {
    // The first list scores the new account's password (zxcvbn) and keeps the score; the next one reads it.
    expect((await sandbox.spawn(['account', 'list', '--search', 'Smoke'], { env })).code).toBe(0);
    const result = await sandbox.spawn(['account', 'list', '--search', 'Smoke'], { env, nodeArgs: ['--import', RESOLVED_HOOK] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Smoke');
    const search = packagesIn(result.stderr);
    expect(search).toEqual(expect.arrayContaining(['better-sqlite3', 'argon2']));
    for (const heavy of ['@noble/curves', '@noble/ciphers', 'otplib', 'yjs', 'ws', 'lib0', 'playwright-core', 'imapflow', '@zxcvbn-ts/core']) expect(search).not.toContain(heavy);
  });

  it('inbox: lists the (empty) team inbox', async () => {
    expect(jsonValue<{ messages: unknown[] }>(await cli(['inbox', 'list'])).messages).toEqual([]);
  });

  it('login: lists the account\'s login runs (none yet)', async () => {
    expect(jsonValue(await cli(['login', 'runs', 'Smoke']))).toEqual([]);
  });

  it('rotate: lists the rotation jobs (none)', async () => {
    expect(jsonValue<{ jobs: unknown[] }>(await cli(['jobs'])).jobs).toEqual([]);
  });

  it('policy: adds an interval policy and lists it', async () => {
    jsonValue(await cli(['policy', 'add', '--name', 'Monthly', '--every', '1', '--unit', 'months']));
    expect(jsonValue<{ policies: Array<{ name: string }> }>(await cli(['policy', 'list'])).policies.map((p) => p.name)).toEqual(['Monthly']);
  });

  describe('workspace and sync', () => {
    let relay: RunningRelay;
    beforeAll(async () => {
      relay = await startRelay({ dbPath: sandbox.path('relay.db'), host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await relay?.close();
    });

    it('creates a workspace on a relay and reports the sync status', async () => {
      const created = jsonValue<{ workspaceId: string; memberId: string }>(await cli(['workspace', 'create', '--relay', relay.url]));
      expect(created.workspaceId).not.toBe('');
      expect(jsonValue(await cli(['sync', 'status']))).toMatchObject({ admitted: true, workspaceRole: 'owner' });
    });
  });

  it('backup: writes an encrypted backup that holds no password in plain text', async () => {
    const file = sandbox.path('smoke.tbk');
    const made = jsonValue<{ accounts: number }>(await cli(['backup', file, '--passphrase-file', sandbox.file('phrase.txt', `${PASSPHRASE}\n`)]));
    expect(made).toMatchObject({ accounts: 1, file });
    expect(readFileSync(file).includes(Buffer.from(PASSWORD))).toBe(false);
  });

  it('audit: the log verifies', async () => {
    const result = await sandbox.spawn(['audit', '--verify'], { env });
    expect(result.code, result.stderr).toBe(0);
  });
});
