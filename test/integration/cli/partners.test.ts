// Partners through the CLI (in-process, runCli), two vaults and a relay on 127.0.0.1: the host
// creates a partnership, admits the partner's Manager into it (invite, join, the six digits
// confirmed with --partner --manager), shares an account with the partner by name (only as
// Collaborator); the Manager sees the partner as theirs and the account as Collaborator, and
// may not invite into the workspace itself; the host lists who holds the account through the
// partner and ends the partnership, which queues the account's rotation; the Manager's next
// sync round finds the account gone. (The Manager's own people: integration/sharing/partners-over-relay.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

const PASSWORD = 'Partner-Portal-Password-5531';
const PARTNER = 'Acme Agency';

interface PartnerJson {
  partnerId: string;
  name: string;
  kind: string;
  youManage: boolean;
  people: { memberId: string; manager: boolean; outside: boolean }[];
  accounts: { accountId: string; holders: string[] }[];
}

describe('tessera partner', () => {
  let relay: RunningRelay;
  let host: { sandbox: CliSandbox; env: Record<string, string> };
  let manager: { sandbox: CliSandbox; env: Record<string, string> };
  const h = (args: string[], input?: string) => host.sandbox.run(['--json', ...args], { env: host.env, ...(input !== undefined ? { input } : {}) });
  const m = (args: string[]) => manager.sandbox.run(['--json', ...args], { env: manager.env });

  beforeAll(async () => {
    host = await sandboxWithVault();
    manager = await sandboxWithVault();
    relay = await startRelay({ dbPath: host.sandbox.path('relay.db'), host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(async () => {
    await relay.close();
    for (const s of [host, manager]) {
      s.sandbox.secret(PASSWORD);
      s.sandbox.expectNoSecretOnStderr();
      s.sandbox.cleanup();
    }
  });

  it('admits a Manager into a partnership, shares with the partner as Collaborator, and ends it with a rotation queued', async () => {
    const { workspaceId: agency } = jsonValue<{ workspaceId: string }>(await m(['workspace', 'create', '--relay', relay.url, '--name', 'Agency']));
    jsonValue(await h(['workspace', 'create', '--relay', relay.url]));
    const { id: accountId } = jsonValue<{ id: string }>(await h(['account', 'add', '--name', 'Vendor portal', '--url', 'https://vendor.test', '--username', 'ops', '--password-stdin'], PASSWORD));
    jsonValue(await h(['policy', 'add', '--name', 'Offboarding', '--on', 'member_removed']));
    const { partnerId } = jsonValue<{ partnerId: string }>(await h(['partner', 'create', PARTNER, '--guest-workspace', agency]));

    const { code } = jsonValue<{ code: string }>(await h(['workspace', 'invite']));
    const [joining] = await Promise.all([m(['workspace', 'join', code]), h(['workspace', 'invite', '--answer', '60s'])]);
    const joined = jsonValue<{ memberId: string; sas: string; workspaceId: string }>(joining);
    expect(jsonError(await h(['workspace', 'invite', '--confirm', joined.sas, '--manager']))).toMatchObject({ code: 'USAGE' });
    expect(jsonValue(await h(['workspace', 'invite', '--confirm', joined.sas, '--partner', PARTNER, '--manager']))).toMatchObject({ admitted: joined.memberId, role: 'guest' });

    // A partner is only ever a Collaborator. The refusal comes before the account's doc is started: a doc
    // published and then lost with the failed command made the next share's records replays for everyone else.
    expect(jsonError(await h(['share', accountId, '--with', `partner:${PARTNER}`, '--role', 'owner']))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(jsonValue(await h(['share', accountId, '--with', `partner:${PARTNER}`, '--role', 'collaborator']))).toMatchObject({ principal: `partner:${partnerId}`, role: 'collaborator' });

    const seen = jsonValue<{ workspaceRole: string; sharedAccounts: { accountId: string; role: string }[] }>(await m(['sync', 'status', '--workspace', joined.workspaceId]));
    expect(seen).toMatchObject({ workspaceRole: 'guest', sharedAccounts: [{ accountId, role: 'collaborator' }] });
    expect(jsonValue<PartnerJson[]>(await m(['partner', 'list', '--workspace', joined.workspaceId]))).toEqual([expect.objectContaining({ partnerId, name: PARTNER, kind: 'host-guest', youManage: true })]);
    // The Manager admits people into the partner only, and cannot end it.
    expect(jsonError(await m(['workspace', 'invite', '--workspace', joined.workspaceId]))).toMatchObject({ code: 'NOT_PERMITTED' });
    expect(jsonError(await m(['partner', 'end', PARTNER, '--workspace', joined.workspaceId]))).toMatchObject({ code: 'NOT_PERMITTED' });

    const [listed] = jsonValue<PartnerJson[]>(await h(['partner', 'list']));
    expect(listed).toMatchObject({ people: [{ memberId: joined.memberId, manager: true, outside: true }], accounts: [{ accountId, holders: [joined.memberId] }] });

    expect(jsonValue(await h(['partner', 'end', PARTNER]))).toEqual({ partnerId, removedMembers: 1, rotationJobs: 1 });
    expect(jsonValue<{ jobs: { accountId: string }[] }>(await h(['jobs'])).jobs.map((j) => j.accountId)).toEqual([accountId]);
    const after = jsonValue<{ admitted: boolean; sharedAccounts: unknown[] }>(await m(['sync', 'status', '--workspace', joined.workspaceId]));
    expect(after).toMatchObject({ admitted: false, sharedAccounts: [] });
    expect(jsonValue<Array<{ id: string }>>(await m(['account', 'list'])).map((x) => x.id)).not.toContain(accountId);
  }, 120_000);
});
