// tessera link through the CLI (in-process, runCli) with a relay on 127.0.0.1 that has no SMTP:
// a link for anyone is printed once, its ciphertext (fetched as the recipient's page does)
// opens with the key in the fragment and nothing else, the list shows its state and view,
// revoking it stops it; a link limited to an address is refused with LINK_EMAIL_UNAVAILABLE
// (this relay cannot email codes); a bad --expires is a usage error. A link that ended after a
// view fires the link_expired policy event once. `workspace scim-token` makes
// a SCIM token the relay accepts (and a new one replaces it). `workspace smtp` sets the
// workspace's own SMTP server for codes (then a link limited to an address can be made), shows
// it without its password, and clears it.
import { createDecipheriv } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../../protocol/canonical-encoding';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

const PASSWORD = 'Linked-Quokka-Password-4410';

function decrypt(ciphertext: string, key: string): { name: string; username: string; password: string } {
  const bytes = fromBase64Url(ciphertext);
  const decipher = createDecipheriv('aes-256-gcm', fromBase64Url(key), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8')) as { name: string; username: string; password: string };
}

describe('tessera link', () => {
  let relay: RunningRelay;
  let owner: { sandbox: CliSandbox; env: Record<string, string> };
  const run = (args: string[], input?: string) => owner.sandbox.run(['--json', ...args], { env: owner.env, ...(input !== undefined ? { input } : {}) });

  beforeAll(async () => {
    owner = await sandboxWithVault();
    relay = await startRelay({ dbPath: owner.sandbox.path('relay.db'), host: '127.0.0.1', port: 0, smtpPrivateHosts: true });
  }, 120_000);
  afterAll(async () => {
    await relay.close();
    owner.sandbox.secret(PASSWORD);
    owner.sandbox.expectNoSecretOnStderr();
    owner.sandbox.cleanup();
  });

  it('creates a link printed once, lists it with its view, and revokes it', async () => {
    jsonValue(await run(['workspace', 'create', '--relay', relay.url]));
    const { id: accountId } = jsonValue<{ id: string }>(await run(['account', 'add', '--name', 'Quokka portal', '--url', 'https://quokka.test', '--username', 'ops', '--password-stdin'], PASSWORD));
    jsonValue(await run(['policy', 'add', '--name', 'Links', '--on', 'link_expired']));

    expect(jsonError(await run(['link', 'create', 'Quokka portal', '--expires', '2w']))).toMatchObject({ code: 'USAGE' });
    expect(jsonError(await run(['link', 'create', 'Quokka portal', '--expires', '1d', '--email', 'cy@agency.test']))).toMatchObject({ code: 'LINK_EMAIL_UNAVAILABLE' });

    const created = jsonValue<{ url: string; linkId: string; accountId: string }>(await run(['link', 'create', 'Quokka portal', '--expires', '1d']));
    expect(created.accountId).toBe(accountId);
    const [address, key] = created.url.split('#') as [string, string];
    const opened = await (await fetch(`${address}/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json() as { ok: boolean; ciphertext: string };
    expect(opened.ok).toBe(true);
    expect(decrypt(opened.ciphertext, key)).toMatchObject({ name: 'Quokka portal', username: 'ops', password: PASSWORD });

    const listed = jsonValue<{ linkId: string; state: string; views: unknown[] }[]>(await run(['link', 'list', 'Quokka portal']));
    expect(listed).toEqual([expect.objectContaining({ linkId: created.linkId, state: 'open', views: [{ at: expect.any(Number), email: null }] })]);
    // The list never prints the key again.
    expect(JSON.stringify(listed)).not.toContain(key);

    // Link ids are base64url and may begin with "-", so they go after "--".
    expect(jsonValue(await run(['link', 'revoke', '--', created.linkId]))).toEqual({ linkId: created.linkId });
    expect(jsonValue<{ state: string }[]>(await run(['link', 'list']))[0]).toMatchObject({ state: 'revoked' });
    // It ended after someone opened it: the link_expired policy queued the password's rotation, once.
    jsonValue(await run(['link', 'list']));
    expect(jsonValue<{ jobs: { accountId: string; reason: string }[] }>(await run(['jobs'])).jobs).toEqual([expect.objectContaining({ accountId, reason: expect.stringMatching(/^link expired: a share link is revoked after 1 view/) })]);
    expect((await fetch(`${address}/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(410);
    expect(jsonError(await run(['link', 'revoke', 'no-such-link']))).toMatchObject({ code: 'INVALID_INPUT' });

    // The same relay answers the identity provider: a SCIM token made here works there, shown once.
    const scim = jsonValue<{ token: string; baseUrl: string }>(await run(['workspace', 'scim-token']));
    expect(scim.token).toMatch(/^tscim_[A-Za-z0-9_-]{43}$/);
    expect((await fetch(`${scim.baseUrl}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${scim.token}` } })).status).toBe(200);
    const replaced = jsonValue<{ token: string }>(await run(['workspace', 'scim-token']));
    expect((await fetch(`${scim.baseUrl}/Users`, { headers: { authorization: `Bearer ${scim.token}` } })).status).toBe(401);
    expect((await fetch(`${scim.baseUrl}/Users`, { headers: { authorization: `Bearer ${replaced.token}` } })).status).toBe(200);
  }, 120_000);

  it('workspace smtp: sets the server link codes go through, shows it without the password, clears it', async () => {
    const smtpPassword = 'Smtp-Cli-Secret-7781';
    owner.sandbox.secret(smtpPassword);
    const passwordFile = owner.sandbox.path('smtp-password.txt');
    writeFileSync(passwordFile, `${smtpPassword}\n`, { mode: 0o600 });
    expect(jsonValue(await run(['workspace', 'smtp']))).toEqual({ smtp: null, relayHasSmtp: false });
    expect(jsonError(await run(['workspace', 'smtp', '--port', '2525']))).toMatchObject({ code: 'USAGE' });
    expect(jsonError(await run(['workspace', 'smtp', '--host', 'mail.host.test']))).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--from') });

    const set = await run(['workspace', 'smtp', '--host', '127.0.0.1', '--port', '2525', '--from', 'Tessera <links@host.test>', '--user', 'links', '--smtp-password-file', passwordFile]);
    expect(jsonValue(set)).toEqual({ smtp: { host: '127.0.0.1', port: 2525, secure: false, from: 'Tessera <links@host.test>', user: 'links', hasPassword: true }, relayHasSmtp: false });
    expect(set.stdout).not.toContain(smtpPassword);
    // Now the relay can email codes for this workspace: a link limited to an address is made.
    expect(jsonValue<{ linkId: string }>(await run(['link', 'create', 'Quokka portal', '--expires', '1h', '--email', 'cy@agency.test'])).linkId).toBeTruthy();

    expect(jsonValue(await run(['workspace', 'smtp', '--clear']))).toEqual({ smtp: null, relayHasSmtp: false });
    expect(jsonError(await run(['link', 'create', 'Quokka portal', '--expires', '1h', '--email', 'cy@agency.test']))).toMatchObject({ code: 'LINK_EMAIL_UNAVAILABLE' });
  }, 120_000);
});
