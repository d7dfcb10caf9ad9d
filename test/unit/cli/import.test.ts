// `tessera import` through the CLI (in-process, runCli) on a real vault file: a dry run
// changes nothing, an import reports what it did in --json and warns about the plaintext
// file, a second run skips duplicates, --on-duplicate update updates, and a bad file exits 4
// with its code while the vault keeps what it had. Passwords never reach stderr.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/import', name);

interface ImportReport {
  format: string;
  dryRun: boolean;
  toCreate: number;
  created: string[];
  updated: string[];
  duplicates: { where: string; existingName: string }[];
  skipped: { where: string; reason: string }[];
}

describe('tessera import', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  const count = async () => jsonValue<unknown[]>(await sandbox.run(['--json', 'account', 'list'], { env })).length;

  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault());
    for (const secret of ['Tw1tter-Team-Pass!', 'V3ndor#Portal', 'C0nsole-Admin!', 'JBSWY3DPEHPK3PXP']) sandbox.secret(secret);
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('shows what a dry run would import and changes nothing', async () => {
    const run = await sandbox.run(['--json', 'import', fixture('bitwarden.json'), '--dry-run'], { env });
    const report = jsonValue<ImportReport>(run);
    expect(report).toMatchObject({ format: 'bitwarden-json', dryRun: true, toCreate: 2, created: [] });
    expect(report.skipped.map((s) => s.where)).toEqual(['item 3 (Wi-Fi note)', 'item 4 (Company card)', 'item 5 (Broken TOTP)']);
    expect(run.stderr).toMatch(/Bitwarden JSON, 2 account\(s\) read, 3 item\(s\) left out/);
    expect(await count()).toBe(0);
  });

  it('imports, warns that the file holds plain-text passwords, and the TOTP code is the source app\'s', async () => {
    const run = await sandbox.run(['--json', 'import', fixture('bitwarden.json')], { env });
    expect(jsonValue<ImportReport>(run).created).toHaveLength(2);
    expect(run.stderr).toMatch(/warning: .*plain text\. Delete it/);
    expect(await count()).toBe(2);
    const shown = jsonValue<{ password: string; totp: { secret: string } | null }>(await sandbox.run(['--json', 'account', 'show', 'Team Twitter', '--reveal'], { env }));
    expect(shown.password).toBe('Tw1tter-Team-Pass!');
    const code = jsonValue<{ code: string }>(await sandbox.run(['--json', 'totp', 'Vendor Portal'], { env }));
    expect(code.code).toMatch(/^\d{6}$/);
  });

  it('skips what is already in the vault on a second run, and updates it with --on-duplicate update', async () => {
    const again = jsonValue<ImportReport>(await sandbox.run(['--json', 'import', fixture('bitwarden.json')], { env }));
    expect(again).toMatchObject({ created: [], updated: [] });
    expect(again.duplicates.map((d) => d.existingName)).toEqual(['Team Twitter', 'Vendor Portal']);
    expect(await count()).toBe(2);
    const update = jsonValue<ImportReport>(await sandbox.run(['--json', 'import', fixture('bitwarden.json'), '--on-duplicate', 'update'], { env }));
    expect(update.updated).toHaveLength(2);
    expect(await count()).toBe(2);
  });

  it('reads another format named with --format', async () => {
    const report = jsonValue<ImportReport>(await sandbox.run(['--json', 'import', fixture('1password.csv'), '--format', '1password-csv'], { env }));
    expect(report).toMatchObject({ format: '1password-csv', created: [expect.any(String), expect.any(String)] });
    expect(await count()).toBe(4);
  });

  it('exports as Bitwarden JSON, which reads back as Bitwarden JSON', async () => {
    const file = sandbox.path('leaving.json');
    const run = await sandbox.run(['--json', 'export', '--plaintext', file, '--format', 'bitwarden-json', '--i-understand'], { env });
    expect(jsonValue<{ accounts: number }>(run).accounts).toBe(4);
    const again = jsonValue<ImportReport>(await sandbox.run(['--json', 'import', file, '--dry-run'], { env }));
    expect(again).toMatchObject({ format: 'bitwarden-json', toCreate: 0 });
    expect(again.duplicates).toHaveLength(4);
  });

  it('exits 4 with a stable code on a bad file, and the vault keeps what it had', async () => {
    const truncated = sandbox.file('cut.json', '{"encrypted": false, "items": [{"type": 1, "name": "Half');
    const cut = await sandbox.run(['--json', 'import', truncated], { env });
    expect(cut.code).toBe(4);
    expect(jsonError(cut)).toMatchObject({ code: 'IMPORT_INVALID', message: expect.stringMatching(/cut short or damaged/) });
    const unknown = await sandbox.run(['--json', 'import', sandbox.file('odd.csv', 'a,b\n1,2\n')], { env });
    expect(jsonError(unknown).code).toBe('IMPORT_INVALID');
    const missing = await sandbox.run(['--json', 'import', sandbox.path('nope.csv')], { env });
    expect(jsonError(missing)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/There is no file/) });
    const badChoice = await sandbox.run(['import', fixture('chrome.csv'), '--on-duplicate', 'merge'], { env });
    expect(badChoice.code).toBe(2);
    expect(await count()).toBe(4);
  });

  it('opens a KeePass database with its password from a file (or the environment) and its key file', async () => {
    const dryRun = (args: string[], extraEnv: Record<string, string> = {}) => sandbox.run(['--json', 'import', ...args, '--dry-run'], { env: { ...env, ...extraEnv } });
    const noPassword = await dryRun([fixture('keepassxc-argon2.kdbx')]);
    expect(jsonError(noPassword)).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/--source-password-file FILE or set TESSERA_IMPORT_PASSWORD/) });
    const passwordFile = sandbox.file('kdbx-password.txt', 'kdbx-fixture-password\n');
    expect(jsonValue<ImportReport>(await dryRun([fixture('keepassxc-argon2.kdbx'), '--source-password-file', passwordFile]))).toMatchObject({ format: 'kdbx', toCreate: 2 });
    expect(jsonValue<ImportReport>(await dryRun([fixture('keepassxc.kdbx')], { TESSERA_IMPORT_PASSWORD: 'kdbx-fixture-password' }))).toMatchObject({ format: 'kdbx', toCreate: 2 });
    expect(jsonError(await dryRun([fixture('keepassxc-keyfile.kdbx'), '--source-password-file', passwordFile])).code).toBe('IMPORT_INVALID');
    expect(jsonValue<ImportReport>(await dryRun([fixture('keepassxc-keyfile.kdbx'), '--source-password-file', passwordFile, '--key-file', fixture('keepassxc.key')]))).toMatchObject({ format: 'kdbx', toCreate: 2 });
    // A 1Password 1PUX and a password-protected Bitwarden export come in the same way.
    expect(jsonValue<ImportReport>(await dryRun([fixture('1password.1pux')]))).toMatchObject({ format: '1password-1pux', toCreate: 2 });
    expect(jsonValue<ImportReport>(await dryRun([fixture('bitwarden-protected-argon2.json')], { TESSERA_IMPORT_PASSWORD: 'bitwarden-export-password' }))).toMatchObject({ format: 'bitwarden-json' });
  });
});
