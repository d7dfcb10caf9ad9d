// A person's second device through the CLI (in-process, runCli), two vaults and a relay this
// test starts on 127.0.0.1: Bob's first vault creates a workspace and prints a link code; the
// new vault runs `device accept` (it prints six digits, then waits) while the first answers;
// `device link --confirm` with those digits links it, and the new vault is Bob in the
// workspace. `device list` shows both; `device remove` takes the new one out again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

describe('tessera device', () => {
  let relay: RunningRelay;
  let first: { sandbox: CliSandbox; env: Record<string, string> };
  let laptop: { sandbox: CliSandbox; env: Record<string, string> };
  const bob = (args: string[]) => first.sandbox.run(['--json', ...args], { env: first.env });

  beforeAll(async () => {
    first = await sandboxWithVault();
    laptop = await sandboxWithVault();
    relay = await startRelay({ dbPath: ':memory:', host: '127.0.0.1', port: 0 });
  }, 120_000);
  afterAll(async () => {
    await relay.close();
    for (const s of [first, laptop]) {
      s.sandbox.expectNoSecretOnStderr();
      s.sandbox.cleanup();
    }
  });

  it('links a new vault with a code and six digits, lists both devices and removes the new one', async () => {
    const created = jsonValue<{ workspaceId: string; memberId: string }>(await bob(['workspace', 'create', '--relay', relay.url, '--my-name', 'Bob Okafor', '--email', 'bob@acme.test']));
    const { code } = jsonValue<{ code: string }>(await bob(['device', 'link', '--expires', '10m']));
    expect(code).toMatch(/^tessera-link:/);

    let digits: string | null = null;
    const accepting = laptop.sandbox.run(['--json', 'device', 'accept', code, '--wait', '60s'], {
      env: laptop.env,
      onStderr: (text) => {
        digits ??= /confirm these six digits: (\d{3} \d{3})/.exec(text)?.[1] ?? null;
      },
    });
    // The first device answers the new one's commitment while it is online.
    expect(jsonValue(await bob(['device', 'link', '--answer', '60s']))).toEqual({ waiting: 1 });
    await expect.poll(() => digits, { timeout: 30_000 }).not.toBeNull();
    const wrong = await bob(['device', 'link', '--confirm', digits === '000 000' ? '111111' : '000000']);
    expect(jsonError(wrong).code).toBe('INVITATION_INVALID');
    const linked = jsonValue<{ linked: string; workspaces: number }>(await bob(['device', 'link', '--confirm', digits!.replace(' ', '')]));
    expect(linked.workspaces).toBe(1);
    const accepted = jsonValue<{ workspaces: number; memberId: string; sas: string }>(await accepting);
    expect(accepted).toEqual({ workspaces: 1, memberId: created.memberId, sas: digits });

    // The new vault is Bob: the workspace lists him, as "you", by his name.
    const members = jsonValue<Array<{ name: string | null; you: boolean; role: string }>>(await laptop.sandbox.run(['--json', 'workspace', 'members'], { env: laptop.env }));
    expect(members).toEqual([expect.objectContaining({ name: 'Bob Okafor', you: true, role: 'owner' })]);
    const devices = jsonValue<Array<{ deviceId: string; thisDevice: boolean }>>(await bob(['device', 'list']));
    expect(devices.map((d) => ({ id: d.deviceId, thisDevice: d.thisDevice }))).toEqual([{ id: expect.any(String), thisDevice: true }, { id: linked.linked, thisDevice: false }]);

    // The device in use cannot remove itself; the lost one is removed by a unique id prefix.
    // Ids are base64url and may begin with "-", so they go after "--".
    expect(jsonError(await bob(['device', 'remove', '--', devices[0]!.deviceId])).code).toBe('INVALID_INPUT');
    const removed = jsonValue<{ removed: string; workspaces: number }>(await bob(['device', 'remove', '--', linked.linked.slice(0, 10)]));
    expect(removed).toMatchObject({ removed: linked.linked, workspaces: 1 });
    expect(jsonValue<unknown[]>(await bob(['device', 'list']))).toHaveLength(1);
  });
});
