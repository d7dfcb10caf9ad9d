// The vault lifecycle through the `tessera` CLI (in-process, runCli): init, unlock-check, passwd, recover,
// the master password sources, and the exit codes of wrong passwords and missing vaults.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliSandbox, MASTER, jsonError, jsonValue } from '../../support/cli-harness';

const RECOVERY_KEY_SHAPE = /^[0-9A-Z]{5}(-[0-9A-Z]{5}){10}$/;

describe('tessera init, unlock-check, passwd and recover', () => {
  let sandbox: CliSandbox;
  beforeAll(() => {
    sandbox = new CliSandbox();
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('init creates the vault file and prints the recovery key once, on stdout, with a warning to store it', async () => {
    const vault = sandbox.path('nested/folder/vault.sqlite');
    const result = await sandbox.run(['--vault', vault, 'init'], { env: { TESSERA_PASSWORD: MASTER } });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(vault)).toBe(true);
    const key = sandbox.secret(result.stdout.match(/[0-9A-Z]{5}(?:-[0-9A-Z]{5}){10}/)?.[0] ?? '');
    expect(key).toMatch(RECOVERY_KEY_SHAPE);
    expect(result.stdout).toContain('shown only this once');
    expect(result.stderr).toMatch(/store the recovery key now/);

    const again = await sandbox.run(['--vault', vault, 'init'], { env: { TESSERA_PASSWORD: MASTER } });
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('already exists');
  });

  it('unlock-check takes the master password from --password-file (first line) or TESSERA_PASSWORD; a wrong one exits 3 without echoing it', async () => {
    const vault = sandbox.path('check.sqlite');
    const init = jsonValue<{ recoveryKey: string; path: string }>(await sandbox.run(['--vault', vault, '--json', 'init'], { env: { TESSERA_PASSWORD: MASTER } }));
    sandbox.secret(init.recoveryKey);
    expect(init.path).toBe(vault);

    const passwordFile = sandbox.file('master.txt', `${MASTER}\nsecond line is ignored\n`);
    expect((await sandbox.run(['--vault', vault, '--password-file', passwordFile, 'unlock-check'])).code).toBe(0);
    const viaEnv = jsonValue<{ accounts: number }>(await sandbox.run(['--vault', vault, 'unlock-check', '--json'], { env: { TESSERA_PASSWORD: MASTER } }));
    expect(viaEnv.accounts).toBe(0);

    const wrongPassword = sandbox.secret('Tr0ub4dor&3-wrong');
    const wrong = await sandbox.run(['--vault', vault, 'unlock-check'], { env: { TESSERA_PASSWORD: wrongPassword } });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/master password is wrong/);
    expect(wrong.stderr + wrong.stdout).not.toContain(wrongPassword);

    const wrongJson = await sandbox.run(['--vault', vault, '--json', 'unlock-check'], { env: { TESSERA_PASSWORD: wrongPassword } });
    expect(wrongJson.code).toBe(3);
    expect(jsonError(wrongJson).code).toBe('WRONG_PASSWORD');
  });

  it('passwd changes the master password; recover sets a new one with the recovery key; wrong keys exit 3', async () => {
    const vault = sandbox.path('passwd.sqlite');
    const { recoveryKey } = jsonValue<{ recoveryKey: string }>(await sandbox.run(['--vault', vault, '--json', 'init'], { env: { TESSERA_PASSWORD: MASTER } }));
    sandbox.secret(recoveryKey);

    const second = sandbox.secret('second master password');
    const changed = await sandbox.run(['--vault', vault, 'passwd', '--new-password-file', sandbox.file('new.txt', `${second}\n`)], { env: { TESSERA_PASSWORD: MASTER } });
    expect(changed.code, changed.stderr).toBe(0);
    expect((await sandbox.run(['--vault', vault, 'unlock-check'], { env: { TESSERA_PASSWORD: MASTER } })).code).toBe(3);

    const wrongKey = await sandbox.run(['--vault', vault, 'recover', '--recovery-key-file', sandbox.file('bad-key.txt', recoveryKey.replace(/^...../, 'AAAAA')), '--new-password-file', sandbox.file('x.txt', 'whatever it is')]);
    expect(wrongKey.code).toBe(3);

    const third = sandbox.secret('third master password');
    const recovered = await sandbox.run(['--vault', vault, 'recover', '--recovery-key-file', sandbox.file('key.txt', `${recoveryKey}\n`), '--new-password-file', sandbox.file('third.txt', third)]);
    expect(recovered.code, recovered.stderr).toBe(0);
    expect((await sandbox.run(['--vault', vault, 'unlock-check'], { env: { TESSERA_PASSWORD: third } })).code).toBe(0);
    expect((await sandbox.run(['--vault', vault, 'unlock-check'], { env: { TESSERA_PASSWORD: second } })).code).toBe(3);
  });

  it('without a master password source and without a terminal, says how to give one and exits 2', async () => {
    const vault = sandbox.path('check.sqlite');
    const result = await sandbox.run(['--vault', vault, 'unlock-check']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--password-file FILE or set TESSERA_PASSWORD/);
  });

  it('a vault path with no vault exits 4 before asking for anything', async () => {
    const result = await sandbox.run(['--vault', sandbox.path('missing.sqlite'), 'unlock-check']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('No vault at');
  });
});

describe('tessera usage', () => {
  let sandbox: CliSandbox;
  beforeAll(() => {
    sandbox = new CliSandbox();
  });
  afterAll(() => sandbox.cleanup());

  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['unlock-check', '--bogus']],
    ['a missing argument', ['account', 'show']],
    ['no command at all', []],
    ['add without a password source', ['account', 'add', '--name', 'X']],
    ['add with two password sources', ['account', 'add', '--name', 'X', '--generate', '--password-stdin']],
    ['an audit format that does not exist', ['audit', '--format', 'xml']],
    ['--verify together with --format', ['audit', '--verify', '--format', 'csv']],
    ['a plaintext export without --i-understand', ['export', '--plaintext', 'out.json']],
  ])('exits 2 for %s', async (_what, args) => {
    const result = await sandbox.run(args, { env: { TESSERA_VAULT: sandbox.path('none.sqlite') } });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
  });

  it('with --json, a usage error is a JSON error on stdout as well', async () => {
    const result = await sandbox.run(['--json', 'account', 'add', '--name', 'X']);
    expect(result.code).toBe(2);
    expect(jsonError(result)).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--generate') });
  });

  it('says how to pass an id that begins with "-" (ids are base64url), and only for an option that could be one', async () => {
    const id = await sandbox.run(['--json', 'account', 'show', '-Ab3xQ']);
    expect(id.code).toBe(2);
    expect(jsonError(id)).toMatchObject({ code: 'USAGE', message: expect.stringContaining('If -Ab3xQ is an id, put -- before it') });
    const option = await sandbox.run(['--json', 'unlock-check', '--bogus']);
    expect(jsonError(option).message).not.toContain('is an id');
  });

  it('prints the version, and a help for every command that exits 0', async () => {
    const version = await sandbox.run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const commands = [[], ['init'], ['unlock-check'], ['passwd'], ['recover'], ['account'], ['account', 'add'], ['account', 'list'], ['account', 'show'],
      ['account', 'edit'], ['account', 'rm'], ['account', 'restore'], ['totp'], ['audit'], ['backup'], ['restore'], ['export']];
    const helps = await Promise.all(commands.map((command) => sandbox.run([...command, '--help'])));
    helps.forEach((help, i) => {
      expect(help.code, commands[i]?.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/^Usage: tessera/);
    });
    const top = await sandbox.run(['--help']);
    expect(top.stdout).toMatch(/Exit codes:/);
    expect(top.stdout).toMatch(/TESSERA_PASSWORD/);
  });
});
