// `tessera account …` through the CLI (in-process, runCli) on a real vault file: the add/list/show/edit/rm/
// restore round trip in --json, generated and piped passwords, TOTP URIs, duplicate warnings,
// masking and audited reveal, and resolving accounts by id or unique name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNRESTRICTED_POLICY, defaultPasswordLength, policyViolations } from '../../../main/passwords';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

interface Shown {
  id: string;
  version: number;
  name: string;
  urls: string[];
  username: string;
  hasPassword: boolean;
  password: string | null;
  totp: { issuer: string; digits: number; period: number; secret: string | null } | null;
  notes: string | null;
  tags: string[];
  passwordHistory: number;
  deletedAt: string | null;
}

const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
const TOTP_URI = `otpauth://totp/Example:alice@example.com?secret=${TOTP_SECRET}&issuer=Example`;

describe('tessera account', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  const run = (args: string[], input?: string) => sandbox.run(['--json', ...args], { env, ...(input === undefined ? {} : { input }) });

  beforeAll(async () => {
    ({ sandbox, env } = await sandboxWithVault());
    sandbox.secret(TOTP_SECRET);
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('adds, lists, shows, edits, deletes and restores an account (--json round trip)', async () => {
    const password = sandbox.secret('piped-Pa55word!');
    // The master password comes from --password-file, so stdin carries only the account password.
    const masterFile = sandbox.file('master.txt', `${env['TESSERA_PASSWORD']}\n`);
    const added = await sandbox.run(
      ['--json', '--password-file', masterFile, 'account', 'add', '--name', 'Round Trip', '--url', 'https://roundtrip.example/login', '--username', 'rita', '--password-stdin', '--tag', 'ops', '--tag', 'shared'],
      { env: { TESSERA_VAULT: env['TESSERA_VAULT']! }, input: `${password}\n` },
    );
    const { id } = jsonValue<{ id: string; duplicates: string[] }>(added);

    const listed = jsonValue<{ id: string; name: string; tags: string[] }[]>(await run(['account', 'list', '--search', 'roundtrip']));
    expect(listed[0]).toMatchObject({ id, name: 'Round Trip', tags: ['ops', 'shared'] });

    const shown = jsonValue<Shown>(await run(['account', 'show', id]));
    expect(shown).toMatchObject({ id, name: 'Round Trip', username: 'rita', urls: ['https://roundtrip.example/login'], hasPassword: true, password: null });
    const revealed = jsonValue<Shown>(await run(['account', 'show', 'round trip', '--reveal']));
    expect(revealed.password).toBe(password); // the trailing newline was dropped

    const edited = jsonValue<{ version: number; changed: string[] }>(await run(['account', 'edit', id, '--name', 'Round Trip 2', '--username', 'rita2', '--generate', '--notes', 'see wiki']));
    expect(edited.changed.sort()).toEqual(['name', 'notes', 'password', 'username']);
    const afterEdit = jsonValue<Shown>(await run(['account', 'show', id, '--reveal']));
    expect(afterEdit).toMatchObject({ name: 'Round Trip 2', username: 'rita2', notes: 'see wiki', passwordHistory: 1 });
    expect(afterEdit.password).not.toBe(password);
    sandbox.secret(afterEdit.password!);
    // The first search kept a search snapshot; the edit made it stale, so this one sees the new name.
    const searched = jsonValue<{ id: string; name: string; username: string }[]>(await run(['account', 'list', '--search', 'rita2']));
    expect(searched).toMatchObject([{ id, name: 'Round Trip 2', username: 'rita2' }]);

    const removed = jsonValue<{ restorableUntil: string }>(await run(['account', 'rm', id]));
    expect(Date.parse(removed.restorableUntil) - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    const human = await sandbox.run(['account', 'list'], { env });
    expect(human.stdout).not.toContain(id);
    expect(jsonValue<{ id: string }[]>(await run(['account', 'list', '--search', 'round trip'])).map((a) => a.id)).not.toContain(id);
    const trash = jsonValue<{ id: string }[]>(await run(['account', 'list', '--deleted']));
    expect(trash.map((a) => a.id)).toEqual([id]);

    jsonValue(await run(['account', 'restore', 'round trip 2']));
    const live = jsonValue<{ id: string }[]>(await run(['account', 'list']));
    expect(live.map((a) => a.id)).toContain(id);
  });

  it('--generate stores a password that meets the generator defaults, and never prints it', async () => {
    const added = await run(['account', 'add', '--name', 'Generated', '--url', 'https://gen.example', '--username', 'gina', '--generate']);
    const { id } = jsonValue<{ id: string }>(added);
    expect(added.stdout).not.toMatch(/"password"/);
    const { password } = jsonValue<Shown>(await run(['account', 'show', id, '--reveal']));
    sandbox.secret(password!);
    expect(password).toHaveLength(defaultPasswordLength(UNRESTRICTED_POLICY));
    expect(policyViolations(UNRESTRICTED_POLICY, password!)).toEqual([]);
    for (const characterClass of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/]) expect(password).toMatch(characterClass);
  });

  it('shows secrets masked by default; --reveal shows them and records each reveal in the audit log', async () => {
    const password = sandbox.secret('masked-Secret-42');
    const { id } = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'Masked', '--password-stdin', '--totp', TOTP_URI, '--notes', 'door code 1234'], password));
    const masked = await sandbox.run(['account', 'show', id], { env });
    expect(masked.code).toBe(0);
    expect(masked.stdout).toMatch(/Password:\s+•+ \(hidden; add --reveal to show\)/);
    expect(masked.stdout).not.toContain(password);
    expect(masked.stdout).not.toContain(TOTP_SECRET);
    expect(masked.stdout).not.toContain('door code');

    const revealed = await sandbox.run(['account', 'show', id, '--reveal'], { env });
    expect(revealed.stdout).toContain(password);
    expect(revealed.stdout).toContain(TOTP_SECRET);
    const audit = jsonValue<{ kind: string; accountId: string | null; details: { field?: string } }[]>(await run(['audit']));
    const reveals = audit.filter((e) => e.kind === 'account.reveal' && e.accountId === id).map((e) => e.details.field);
    expect(reveals.sort()).toEqual(['notes', 'password', 'totpSecret']);
  });

  it('stores a valid otpauth URI; a malformed one exits 4 and adds nothing', async () => {
    const { id } = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'With TOTP', '--generate', '--totp', TOTP_URI]));
    const shown = jsonValue<Shown>(await run(['account', 'show', id]));
    expect(shown.totp).toMatchObject({ issuer: 'Example', digits: 6, period: 30, secret: null });

    const before = jsonValue<unknown[]>(await run(['account', 'list'])).length;
    for (const uri of ['otpauth://totp/x?secret=0OI1', 'https://example.com/?secret=ABCDEFGH', 'otpauth://totp/x']) {
      const bad = await run(['account', 'add', '--name', 'Bad TOTP', '--generate', '--totp', uri]);
      expect(bad.code).toBe(4);
      expect(jsonError(bad).code).toBe('OTPAUTH_INVALID');
      expect(bad.stderr).toMatch(/tessera: /);
    }
    expect(jsonValue<unknown[]>(await run(['account', 'list']))).toHaveLength(before);

    const removed = jsonValue<{ changed: string[] }>(await run(['account', 'edit', id, '--no-totp']));
    expect(removed.changed).toEqual(['totp']);
    expect(jsonValue<Shown>(await run(['account', 'show', id])).totp).toBeNull();
  });

  it('warns on stderr about the same username on the same host, and keeps both', async () => {
    const first = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'Dup A', '--url', 'https://dup.example/login', '--username', 'Dana', '--generate']));
    const second = await run(['account', 'add', '--name', 'Dup B', '--url', 'https://www.dup.example/', '--username', 'dana', '--generate']);
    const { duplicates } = jsonValue<{ duplicates: string[] }>(second);
    expect(duplicates).toEqual([first.id]);
    expect(second.stderr).toMatch(/warning: the same username on the same site/);
    expect(second.stderr).toContain(first.id);
  });

  it('names an account by id or unique case-insensitive name; ambiguous or unknown names exit 4 listing candidates', async () => {
    const one = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'Twin', '--username', 'first', '--generate']));
    const two = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'twin', '--username', 'second', '--generate']));
    const ambiguous = await run(['account', 'show', 'TWIN']);
    expect(ambiguous.code).toBe(4);
    expect(ambiguous.stderr).toContain(one.id);
    expect(ambiguous.stderr).toContain(two.id);
    expect(jsonValue<Shown>(await run(['account', 'show', two.id])).username).toBe('second');

    const unknown = await run(['account', 'show', 'twi']);
    expect(unknown.code).toBe(4);
    expect(jsonError(unknown).code).toBe('ITEM_NOT_FOUND');
    expect(unknown.stderr).toMatch(/Close matches:/);
  });
});
