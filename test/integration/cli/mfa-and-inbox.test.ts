// `tessera mfa` and `tessera inbox` through the CLI (in-process, runCli): imports (URI, QR file, into an
// account or as a new one), enrolment on a fixture site with --yes and its refusal without a
// terminal, the team mailbox on a real Dovecot: connect, list, and a code waited for, and the
// team's Twilio account (against a local Twilio-shaped server) with a number mapped to an account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { startDovecot, type DovecotServer } from '../../support/dovecot';
import { start as startEnrollRejects } from '../../fixtures/sites/mfa-enroll-rejects-code/server';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { codeMail } from '../inbox/inbox-harness';
import { startTwilioLikeServer } from '../../support/twilio-like-server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

const URI = 'otpauth://totp/Quokka%20Bank:ops%40quokka.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Quokka%20Bank';

let sandbox: CliSandbox;
let env: Record<string, string>;
beforeAll(async () => {
  ({ sandbox, env } = await sandboxWithVault());
  sandbox.secret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
});
afterAll(() => {
  sandbox.expectNoSecretOnStderr();
  sandbox.cleanup();
});

describe('tessera mfa import', () => {
  it('creates an account named after the issuer from a URI, or imports a QR file into a named account', async () => {
    const created = jsonValue<{ accountId: string; issuer: string }>(await sandbox.run(['--json', 'mfa', 'import', URI], { env }));
    expect(created).toMatchObject({ issuer: 'Quokka Bank', label: 'ops@quokka.example' });
    const shown = jsonValue<{ name: string; totp: unknown }>(await sandbox.run(['--json', 'account', 'show', created.accountId], { env }));
    expect(shown.name).toBe('Quokka Bank');

    jsonValue(await sandbox.run(['--json', 'account', 'add', '--name', 'Wombat', '--generate'], { env }));
    const png = sandbox.file('qr.png', '');
    await QRCode.toFile(png, URI.replaceAll('Quokka%20Bank', 'Wombat'));
    const human = await sandbox.run(['mfa', 'import', '--qr', png, '--account', 'Wombat'], { env });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^imported into [0-9a-f-]+: Wombat \/ ops@quokka\.example/);
  });

  it('refuses a malformed URI (exit 4) and a URI together with --qr (exit 2)', async () => {
    const bad = await sandbox.run(['--json', 'mfa', 'import', 'otpauth://totp/x?secret=***'], { env });
    expect(bad.code).toBe(4);
    expect(jsonError(bad).code).toBe('OTPAUTH_INVALID');
    expect((await sandbox.run(['mfa', 'import', URI, '--qr', 'x.png'], { env })).code).toBe(2);
  });
});

describe('tessera mfa enable', () => {
  it('asks for --yes when there is no terminal; with it prints the steps, and a rejected code keeps the secret pending (exit 1)', async () => {
    const site = await startEnrollRejects();
    try {
      jsonValue(await sandbox.run(['--json', 'account', 'add', '--name', 'Enroll', '--url', site.url, '--username', FIXTURE_USERNAME, '--password-stdin'], { env, input: FIXTURE_PASSWORD }));
      const refused = await sandbox.run(['mfa', 'enable', 'Enroll'], { env });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--yes');
      expect(site.state.attempts).toBe(0);

      const run = await sandbox.run(['mfa', 'enable', 'Enroll', '--yes'], { env });
      expect(run.code, run.stderr).toBe(1);
      expect(run.stdout).toMatch(/✓ save-pending-secret/);
      expect(run.stdout).toMatch(/✗ confirm-code/);
      expect(run.stderr).toMatch(/code-rejected: .*saved as pending/);
      expect(site.state.mfaSecret).toBeNull();
      if (site.state.offeredSecret) sandbox.secret(site.state.offeredSecret);
    } finally {
      await site.close();
    }
  }, 40_000);
});

describe('tessera inbox', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot(['team']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('connects after testing the login, lists the inbox, and waits for a mailed code', async () => {
    const password = sandbox.secret(server.password('team'));
    const mailboxEnv = { ...env, TESSERA_MAILBOX_PASSWORD: password };
    const wrong = await sandbox.run(['--json', 'inbox', 'connect', '--host', server.host, '--port', String(server.imapPort), '--security', 'none', '--address', 'team@example.test', '--username', 'team'], { env: { ...env, TESSERA_MAILBOX_PASSWORD: 'wrong' } });
    expect(jsonError(wrong).code).toBe('MAILBOX_AUTH_FAILED');
    const connected = jsonValue<{ configured: boolean; settings: Record<string, unknown> }>(await sandbox.run(
      ['--json', 'inbox', 'connect', '--host', server.host, '--port', String(server.imapPort), '--security', 'none', '--address', 'team@example.test', '--username', 'team'],
      { env: mailboxEnv },
    ));
    expect(connected).toMatchObject({ configured: true, settings: { username: 'team', port: server.imapPort } });
    expect(JSON.stringify(connected)).not.toContain(password);

    const { id } = jsonValue<{ id: string }>(await sandbox.run(['--json', 'account', 'add', '--name', 'GitHub', '--url', 'https://github.com/login', '--generate'], { env }));
    const alias = `team+github-${id.replace(/[^a-z0-9]/g, '').slice(0, 6)}@example.test`;
    expect((await sandbox.run(['inbox', 'code', 'GitHub'], { env })).code).toBe(4);

    const waiting = sandbox.run(['inbox', 'code', 'GitHub', '--wait', '20'], { env });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await server.deliver('team', codeMail({ to: alias, code: '482913' }));
    const found = await waiting;
    expect(found.code, found.stderr).toBe(0);
    expect(found.stdout.trim()).toBe('482913');

    const listed = jsonValue<{ messages: { code: string | null; accountIds: string[] }[] }>(await sandbox.run(['--json', 'inbox', 'list', '--account', 'GitHub'], { env }));
    expect(listed.messages).toEqual([expect.objectContaining({ code: '482913', accountIds: [id] })]);
    const team = await sandbox.run(['inbox', 'list'], { env });
    expect(team.stdout).toContain('482913');
  }, 60_000);

  it('keeps the team\'s Twilio account once Twilio accepted its token (from a file), and maps a team number to an account', async () => {
    const SID = 'AC5e1f0000000000000000000000000c11';
    const token = sandbox.secret('twilio-token-numbat-2290');
    const twilio = await startTwilioLikeServer(SID, token);
    try {
      const args = ['--json', 'inbox', 'twilio', '--twilio-sid', SID, '--twilio-number', '+1 555 867 5310', '--twilio-api-url', twilio.baseUrl];
      expect(jsonError(await sandbox.run(args, { env: { ...env, TESSERA_TWILIO_TOKEN: 'wrong-token' } })).code).toBe('SMS_PROVIDER_AUTH_FAILED');
      const saved = jsonValue<{ settings: { twilio: unknown } }>(await sandbox.run([...args, '--twilio-token-file', sandbox.file('twilio-token', `${token}\n`)], { env }));
      expect(saved.settings.twilio).toEqual({ accountSid: SID, phoneNumbers: ['+15558675310'], apiBaseUrl: twilio.baseUrl });
      expect(JSON.stringify(saved)).not.toContain(token);
      expect(jsonValue(await sandbox.run(['--json', 'inbox', 'phone', 'GitHub', '+15558675310'], { env }))).toEqual({ phoneNumber: '+15558675310' });
      twilio.texts.push({ sid: 'SMcli1', from: '+15017122661', to: '+15558675310', body: 'Your GitHub code is 660217', sentAt: new Date(Date.now() - 1000) });
      const listed = await sandbox.run(['inbox', 'list', '--account', 'GitHub'], { env });
      expect(listed.stdout).toMatch(/^RECEIVED\s+VIA\s+KIND\s+FROM\s+SUBJECT\s+CODE$/m);
      expect(listed.stdout).toMatch(/ sms\s+verification_code\s+\+15017122661\s+Your GitHub code is 660217\s+660217$/m);
      const removed = jsonValue<{ settings: { twilio: unknown } }>(await sandbox.run(['--json', 'inbox', 'twilio', '--remove'], { env }));
      expect(removed.settings.twilio).toBeNull();
    } finally {
      await twilio.close();
    }
  }, 30_000);
});
