// The master password's KDF started before the commands load (main/cli/early-unlock.ts): which
// command lines start it (not --help or --version, not a command that never unlocks, only with a
// password that needs no prompt), where it reads --vault and --password-file, and that the command
// claims it only for the same vault and password. Real vault files at the test KDF cost, in-process.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEVER_UNLOCKS, claimEarlyKdf, dropUnclaimedEarlyKdf, earlyUnlockPlan, startEarlyUnlock } from '../../../main/cli/early-unlock';
import { rememberKdfParams, rememberedKdfParams } from '../../../main/cli/kdf-params-cache';
import { Vault } from '../../../main/vault';
import { buildProgram } from '../../../main/cli/program';
import { type CliSandbox, MASTER, jsonValue, sandboxWithVault } from '../../support/cli-harness';

const ENV = { TESSERA_VAULT: '/vaults/team.sqlite', TESSERA_PASSWORD: 'pw' };
const WEAK_KDF_ALLOWED = { allowWeakKdf: true };

describe('earlyUnlockPlan', () => {
  it('plans for a command with the vault and password from the environment', () => {
    expect(earlyUnlockPlan(['account', 'list', '--search', 'App 4242'], ENV)).toEqual({ vaultPath: '/vaults/team.sqlite', passwordFile: undefined, command: 'account' });
  });

  it('reads --vault and --password-file in both spellings, anywhere before --, and finds the command after them', () => {
    expect(earlyUnlockPlan(['--vault', 'here.sqlite', '--password-file', 'pw.txt', 'totp', 'GitHub'], {})).toEqual({ vaultPath: resolve('here.sqlite'), passwordFile: 'pw.txt', command: 'totp' });
    expect(earlyUnlockPlan(['level', '--vault=/v/x.sqlite', '--password-file=/p'], {})).toEqual({ vaultPath: '/v/x.sqlite', passwordFile: '/p', command: 'level' });
    expect(earlyUnlockPlan(['account', 'show', '--', '--vault', '/elsewhere'], ENV)?.vaultPath).toBe('/vaults/team.sqlite');
  });

  it('plans nothing for help, the version, no command, or an option without its value', () => {
    for (const argv of [['--help'], ['account', 'list', '-h'], ['-V'], ['--version'], [], ['--json'], ['account', 'list', '--vault']]) {
      expect(earlyUnlockPlan(argv, ENV), argv.join(' ')).toBeNull();
    }
  });

  it('plans nothing for a command that never unlocks, or without a password that needs no prompt', () => {
    for (const command of ['init', 'restore', 'recover', 'relay', 'help']) expect(earlyUnlockPlan([command], ENV), command).toBeNull();
    expect(earlyUnlockPlan(['account', 'list'], { TESSERA_VAULT: '/v.sqlite' })).toBeNull();
    expect(earlyUnlockPlan(['account', 'list'], { TESSERA_VAULT: '/v.sqlite', TESSERA_PASSWORD: '' })).toBeNull();
  });

  it('names only real top-level commands as never unlocking', async () => {
    const commands = new Set(buildProgram().commands.map((c: Command) => c.name()));
    for (const name of NEVER_UNLOCKS) if (name !== 'help') expect(commands, name).toContain(name);
    for (const name of ['account', 'totp', 'level', 'audit', 'login']) expect(NEVER_UNLOCKS.has(name), name).toBe(false);
  });
});

describe('an early KDF on a real vault', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault());
  });
  afterAll(() => {
    dropUnclaimedEarlyKdf();
    sandbox.cleanup();
  });

  it('is claimed by the command that unlocks, which answers as without it', async () => {
    const argv = ['--json', 'unlock-check'];
    expect(await startEarlyUnlock(argv, env, WEAK_KDF_ALLOWED)).toBe(true);
    const result = await sandbox.run(argv, { env });
    expect(jsonValue<{ path: string }>(result).path).toBe(env['TESSERA_VAULT']);
    expect(dropUnclaimedEarlyKdf()).toBe(false);
  });

  it('reads the password from --password-file', async () => {
    const file = sandbox.file('master.txt', `${MASTER}\nsecond line`);
    const argv = ['--password-file', file, '--json', 'unlock-check'];
    const vaultOnly = { TESSERA_VAULT: env['TESSERA_VAULT']! };
    expect(await startEarlyUnlock(argv, vaultOnly, WEAK_KDF_ALLOWED)).toBe(true);
    expect((await sandbox.run(argv, { env: vaultOnly })).code).toBe(0);
    expect(dropUnclaimedEarlyKdf()).toBe(false);
  });

  it('is never used for another password: a wrong early guess still unlocks with the right one, and the right early one never opens for a wrong one', async () => {
    const argv = ['--json', 'unlock-check'];
    expect(await startEarlyUnlock(argv, { ...env, TESSERA_PASSWORD: 'not the master password' }, WEAK_KDF_ALLOWED)).toBe(true);
    expect((await sandbox.run(argv, { env })).code).toBe(0);

    expect(await startEarlyUnlock(argv, env, WEAK_KDF_ALLOWED)).toBe(true);
    const wrong = await sandbox.run(argv, { env: { ...env, TESSERA_PASSWORD: 'not the master password' } });
    expect(wrong.code).toBe(3);
    expect(dropUnclaimedEarlyKdf()).toBe(false);
  });

  it('is handed out once, and only for its own vault file', async () => {
    expect(await startEarlyUnlock(['account', 'list'], env, WEAK_KDF_ALLOWED)).toBe(true);
    expect(claimEarlyKdf(sandbox.path('other.sqlite'), MASTER)).toBeNull();
    expect(claimEarlyKdf(env['TESSERA_VAULT']!, MASTER)).toBeNull();
    expect(await startEarlyUnlock(['account', 'list'], env, WEAK_KDF_ALLOWED)).toBe(true);
    const started = claimEarlyKdf(env['TESSERA_VAULT']!, MASTER);
    expect(started).not.toBeNull();
    expect(await started!.key).toBeInstanceOf(Uint8Array);
    expect(claimEarlyKdf(env['TESSERA_VAULT']!, MASTER)).toBeNull();
  });

  it('starts from the KDF parameters the last unlock remembered; stale or garbled ones still unlock and are replaced', async () => {
    const withHome = { ...env, HOME: sandbox.home };
    const header = (() => {
      const vault = Vault.open(env['TESSERA_VAULT']!, { idleLockMs: 0, allowWeakKdf: true });
      try {
        return vault.kdfParamsText();
      } finally {
        vault.close();
      }
    })();
    expect((await sandbox.run(['unlock-check'], { env })).code).toBe(0);
    expect(rememberedKdfParams(env['TESSERA_VAULT']!, withHome)).toBe(header);
    expect(rememberedKdfParams(sandbox.path('other.sqlite'), withHome)).toBeNull();

    const stale = JSON.stringify({ ...JSON.parse(header), salt: Buffer.alloc(16, 7).toString('base64') });
    for (const remembered of [stale, '{"not":"kdf parameters"}']) {
      rememberKdfParams(env['TESSERA_VAULT']!, withHome, remembered);
      expect(rememberedKdfParams(env['TESSERA_VAULT']!, withHome)).toBe(remembered);
      expect(await startEarlyUnlock(['unlock-check'], withHome, WEAK_KDF_ALLOWED)).toBe(true);
      expect((await sandbox.run(['unlock-check'], { env })).code).toBe(0);
      expect(dropUnclaimedEarlyKdf()).toBe(false);
      expect(rememberedKdfParams(env['TESSERA_VAULT']!, withHome)).toBe(header);
    }
  });

  it('does not start without a vault file, for --version, or at a KDF below the floor without the test policy', async () => {
    expect(await startEarlyUnlock(['account', 'list'], { ...env, TESSERA_VAULT: sandbox.path('missing.sqlite') }, WEAK_KDF_ALLOWED)).toBe(false);
    expect(await startEarlyUnlock(['--version'], env, WEAK_KDF_ALLOWED)).toBe(false);
    expect(await startEarlyUnlock(['account', 'list'], env)).toBe(false);
    expect(dropUnclaimedEarlyKdf()).toBe(false);
  });
});
