// Workspaces and sharing through the CLI (in-process, runCli), two vaults and a relay this test starts on
// 127.0.0.1: create a workspace, invite and join (the six-digit code confirmed on the
// inviter's side), share an account as Collaborator (several at once: all or none), see it in `sync status` and the account
// list on the other vault (whose CLI refuses to reveal or export it), list members, manage a
// team and share with it by name (a Member is refused), ask for a member's Universal Logout
// (confirmation needed; a Member is refused), and remove the member (a rotation is
// queued by the event policy). The commands run on the app's services, so the roles those check
// hold here too (a Collaborator cannot share the account on or put it under a rotation policy,
// a Member cannot remove anyone). The relay's database holds no plaintext, nor the team's name.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

const SHARED_PASSWORD = 'Shared-Quokka-Password-9920';
const ACCOUNT_NAME = 'Quokka supplier portal';
const TEAM_NAME = 'Quokka buyers';

describe('tessera workspace, share and sync', () => {
  let relay: RunningRelay;
  let alice: { sandbox: CliSandbox; env: Record<string, string> };
  let bob: { sandbox: CliSandbox; env: Record<string, string> };
  let dbPath: string;
  const a = (args: string[], input?: string) => alice.sandbox.run(['--json', ...args], { env: alice.env, ...(input !== undefined ? { input } : {}) });
  const b = (args: string[]) => bob.sandbox.run(['--json', ...args], { env: bob.env });

  beforeAll(async () => {
    alice = await sandboxWithVault();
    bob = await sandboxWithVault();
    dbPath = alice.sandbox.path('relay.db');
    relay = await startRelay({ dbPath, host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(async () => {
    await relay.close();
    for (const s of [alice, bob]) {
      s.sandbox.secret(SHARED_PASSWORD);
      s.sandbox.expectNoSecretOnStderr();
      s.sandbox.cleanup();
    }
  });

  // Member ids are base64url and may start with "-": they go after "--" (or in --with=ID), as a person would write them.
  it('creates, invites, joins, shares as collaborator, syncs, lists and removes', async () => {
    const created = jsonValue<{ workspaceId: string; memberId: string }>(await a(['workspace', 'create', '--relay', relay.url]));
    const { id: accountId } = jsonValue<{ id: string }>(await a(['account', 'add', '--name', ACCOUNT_NAME, '--url', 'https://quokka.test', '--username', 'ops', '--password-stdin'], SHARED_PASSWORD));
    jsonValue(await a(['policy', 'add', '--name', 'Offboarding', '--on', 'member_removed']));

    const { code } = jsonValue<{ code: string }>(await a(['workspace', 'invite']));
    expect(code).toMatch(/^tessera-invite:/);
    // The joiner's device waits for the inviter's answer to its commitment: the inviter stays online meanwhile.
    const [joining, answered] = await Promise.all([b(['workspace', 'join', code]), a(['workspace', 'invite', '--answer', '60s'])]);
    expect(jsonValue(answered)).toEqual({ waiting: 1 });
    const joined = jsonValue<{ workspaceId: string; memberId: string; sas: string }>(joining);
    expect(joined.workspaceId).toBe(created.workspaceId);
    expect(joined.sas).toMatch(/^\d{3} ?\d{3}$/);

    const wrong = await a(['workspace', 'invite', '--confirm', joined.sas === '000000' ? '111111' : '000000']);
    expect(wrong.code).toBe(4);
    const admitted = jsonValue<{ admitted: string; role: string }>(await a(['workspace', 'invite', '--confirm', joined.sas]));
    expect(admitted).toMatchObject({ admitted: joined.memberId, role: 'member' });

    const before = jsonValue<{ admitted: boolean; workspaceRole: string }>(await b(['sync', 'status']));
    expect(before).toMatchObject({ admitted: true, workspaceRole: 'member' });

    const shared = jsonValue<{ accountId: string; role: string }>(await a(['share', accountId, `--with=${joined.memberId.slice(0, 10)}`, '--role', 'collaborator']));
    expect(shared).toMatchObject({ accountId, role: 'collaborator' });

    const status = jsonValue<{ admitted: boolean; members: number; sharedAccounts: Array<{ accountId: string; name: string | null; role: string | null }> }>(await b(['sync', 'status']));
    expect(status.members).toBe(2);
    expect(status.sharedAccounts).toEqual([{ accountId, name: ACCOUNT_NAME, role: 'collaborator' }]);
    // The round also put the account in B's list (a Collaborator: listed, password refused).
    expect(jsonValue<Array<{ id: string }>>(await b(['account', 'list'])).map((x) => x.id)).toEqual([accountId]);
    expect(jsonError(await b(['account', 'show', accountId, '--reveal']))).toMatchObject({ code: 'NOT_PERMITTED' });
    const exported = bob.sandbox.path('export.json');
    expect(jsonValue<{ accounts: number }>(await b(['export', '--plaintext', exported, '--i-understand']))).toMatchObject({ accounts: 0 });
    expect(readFileSync(exported, 'utf8')).not.toContain(SHARED_PASSWORD);

    // Roles are checked in the services the app uses too: a Collaborator cannot pass the account
    // on, and a Member cannot remove anyone (refused on this device, before anything is sent).
    expect(jsonError(await b(['share', accountId, `--with=${created.memberId}`, '--role', 'owner']))).toMatchObject({ code: 'NOT_PERMITTED' });
    // Several accounts at once are all or none: Bob's own account listed with Alice's is refused as a whole and stays unshared.
    const { id: bobsOwn } = jsonValue<{ id: string }>(await b(['account', 'add', '--name', 'Bob own portal', '--generate']));
    expect(jsonError(await b(['share', bobsOwn, accountId, `--with=${created.memberId}`, '--role', 'collaborator'])))
      .toMatchObject({ code: 'NOT_PERMITTED', message: expect.stringContaining('not an Owner of 1 of these 2 accounts, so none was shared') });
    expect(jsonValue<{ sharedAccounts: Array<{ accountId: string }> }>(await b(['sync', 'status'])).sharedAccounts.map((x) => x.accountId)).toEqual([accountId]);
    expect(jsonError(await b(['workspace', 'remove', '--', created.memberId]))).toMatchObject({ code: 'NOT_PERMITTED' });
    expect(jsonError(await b(['policy', 'add', '--name', 'Mine', '--every', '30', '--account', accountId]))).toMatchObject({ code: 'NOT_PERMITTED' });

    const members = jsonValue<Array<{ memberId: string; role: string; active: boolean }>>(await a(['workspace', 'members']));
    expect(members.map((m) => [m.memberId, m.role, m.active]).sort()).toEqual([[created.memberId, 'owner', true], [joined.memberId, 'member', true]].sort());

    // Teams: Alice creates one, adds Bob, shares with it by name; Bob, a Member, may not manage teams.
    const { teamId } = jsonValue<{ teamId: string }>(await a(['workspace', 'team', 'create', 'Buyers']));
    expect(jsonValue(await a(['workspace', 'team', 'rename', 'Buyers', TEAM_NAME]))).toEqual({ teamId, name: TEAM_NAME });
    expect(jsonValue(await a(['workspace', 'team', 'add', '--', TEAM_NAME, joined.memberId.slice(0, 10)]))).toEqual({ teamId, memberId: joined.memberId });
    expect(jsonValue<Array<{ teamId: string; name: string; members: Array<{ memberId: string }> }>>(await a(['workspace', 'team', 'list']))).toEqual([
      { teamId, name: TEAM_NAME, members: [expect.objectContaining({ memberId: joined.memberId, role: 'member' })] },
    ]);
    expect(jsonValue(await a(['share', accountId, '--with', `team:${TEAM_NAME}`, '--role', 'collaborator']))).toMatchObject({ principal: `team:${teamId}` });
    expect(jsonError(await b(['workspace', 'team', 'create', 'Mine']))).toMatchObject({ code: 'NOT_PERMITTED' });
    // Bob keeps his direct grant, so leaving the team exposes nothing to rotate.
    expect(jsonValue(await a(['workspace', 'team', 'rm', '--', teamId, joined.memberId]))).toEqual({ teamId, memberId: joined.memberId, rotationJobs: 0 });

    // Universal Logout of a member: a Member may not; an Owner is asked first (a script passes --yes),
    // and nothing was signed out or queued meanwhile (integration/sharing/member-logout-over-relay runs it on a site).
    expect(jsonError(await b(['workspace', 'logout', '--', created.memberId]))).toMatchObject({ code: 'NOT_PERMITTED' });
    expect(jsonError(await a(['workspace', 'logout', '--', joined.memberId]))).toMatchObject({ code: 'USAGE', message: expect.stringContaining('--yes') });
    expect(jsonValue<{ jobs: unknown[] }>(await a(['jobs'])).jobs).toEqual([]);

    const removed = jsonValue<{ removed: string; exposedAccounts: string[]; rotationJobs: string[] }>(await a(['workspace', 'remove', '--', joined.memberId]));
    expect(removed).toMatchObject({ removed: joined.memberId, exposedAccounts: [accountId] });
    expect(removed.rotationJobs).toHaveLength(1);

    // Several of Alice's accounts with the team in one command (one pass): one doc started, one already there.
    const { id: secondId } = jsonValue<{ id: string }>(await a(['account', 'add', '--name', 'Quokka billing', '--generate']));
    expect(jsonValue(await a(['share', accountId, secondId, '--with', `team:${TEAM_NAME}`, '--role', 'collaborator']))).toMatchObject({
      accounts: [{ accountId }, { accountId: secondId }], principal: `team:${teamId}`, role: 'collaborator', started: 1,
    });

    const relayBytes = readFileSync(dbPath);
    for (const secret of [SHARED_PASSWORD, ACCOUNT_NAME, TEAM_NAME]) expect(relayBytes.includes(Buffer.from(secret))).toBe(false);
  }, 120_000);

  it('admits one person per invitation, refuses an expired code on the joiner\'s side, and bounds --expires', async () => {
    const carol = await sandboxWithVault();
    const dave = await sandboxWithVault();
    const c = (args: string[]) => carol.sandbox.run(['--json', ...args], { env: carol.env });
    const d = (args: string[]) => dave.sandbox.run(['--json', ...args], { env: dave.env });
    try {
      const issued = jsonValue<{ code: string; expiresAt: string }>(await a(['workspace', 'invite']));
      // Open 24 hours by default.
      expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
      const [carolJoining] = await Promise.all([c(['workspace', 'join', issued.code]), a(['workspace', 'invite', '--answer', '60s'])]);
      const carolJoined = jsonValue<{ memberId: string; sas: string }>(carolJoining);
      expect(jsonValue(await a(['workspace', 'invite', '--confirm', carolJoined.sas]))).toMatchObject({ admitted: carolJoined.memberId });

      // Someone else holding the same code (forwarded, intercepted) can post a request, but no one admits it.
      // The inviter's device no longer answers for the used code, so the other joiner never gets six digits.
      const [daveJoining, daveAnswered] = await Promise.all([d(['workspace', 'join', issued.code, '--wait', '5s']), a(['workspace', 'invite', '--answer', '5s'])]);
      expect(jsonError(daveJoining)).toMatchObject({ code: 'RELAY_UNAVAILABLE', message: expect.stringMatching(/inviter's device did not answer/) });
      expect(jsonValue(daveAnswered)).toEqual({ waiting: 0 });
      const members = jsonValue<{ memberId: string; active: boolean }[]>(await a(['workspace', 'members']));
      expect(members.filter((m) => m.active).map((m) => m.memberId)).toContain(carolJoined.memberId);
      expect(members.filter((m) => m.active)).toHaveLength(2);

      // The joiner refuses a code whose time ran out (the inviter's device refuses it too: its copy says so).
      const payload = JSON.parse(Buffer.from(issued.code.slice('tessera-invite:'.length), 'base64url').toString('utf8')) as Record<string, unknown>;
      const expired = `tessera-invite:${Buffer.from(JSON.stringify({ ...payload, x: Math.floor(Date.now() / 1000) - 60 })).toString('base64url')}`;
      const late = await sandboxWithVault();
      try {
        const lateJoin = await late.sandbox.run(['--json', 'workspace', 'join', expired], { env: late.env });
        expect(lateJoin.code).toBe(1);
        expect(jsonError(lateJoin)).toMatchObject({ code: 'INVITATION_EXPIRED' });
      } finally {
        late.sandbox.cleanup();
      }

      expect(jsonError(await a(['workspace', 'invite', '--expires', '8d']))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/1m to 7d/) });
      const short = jsonValue<{ expiresAt: string }>(await a(['workspace', 'invite', '--expires', '30m']));
      expect(Date.parse(short.expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    } finally {
      carol.sandbox.cleanup();
      dave.sandbox.cleanup();
    }
  }, 120_000);
});
