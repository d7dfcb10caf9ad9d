// A guest learns nothing about accounts not shared with them (issue 14, item 5), over a real
// relay through the handler table: A (Owner) publishes "Vendor Portal" to the workspace (shared
// with a team the guest is not in) and shares "Guest Console" with guest B. B's device holds
// the workspace's docs (decrypted with the team key it has), yet neither B's account list,
// B's decrypted docs, B's data directory nor the relay's database contains the vendor
// account's name, username or URL; the account shared with B arrives with its name.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import { joinedPair, useRelayApps } from '../../support/relay-apps';

const VENDOR = { name: 'Vendor Portal Zeta', username: 'vendor-admin-7731', url: 'https://vendor-zeta.example/login' };
const VENDOR_STRINGS = [VENDOR.name, VENDOR.username, 'vendor-zeta.example'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

describe('guest isolation over a real relay', () => {
  const apps = useRelayApps('guest');

  it('a guest’s device, vault and relay traffic hold nothing of an account not shared with them', async () => {
    const { relay, relayDir, a, b } = apps;
    const vendor = await a.value<{ id: string }>('accounts.create', { name: VENDOR.name, username: VENDOR.username, urls: [VENDOR.url], password: 'Vendor-Secret-55!q' });
    const mine = await a.value<{ id: string }>('accounts.create', { name: 'Guest Console', username: 'guest-user', password: 'Guest-Secret-66!q' });
    const { workspaceId, bMemberId } = await joinedPair(a, b, relay.url, 'guest');
    const { teamId } = await a.value<{ teamId: string }>('sharing.createTeam', { workspaceId, name: 'Vendors' });
    await a.value('sharing.share', { workspaceId, accountId: vendor.id, principal: `team:${teamId}`, role: 'collaborator' });
    await a.value('sharing.share', { workspaceId, accountId: mine.id, principal: `member:${bMemberId}`, role: 'collaborator' });

    // B receives the account shared with it, and follows the vendor account's doc too.
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.map((x) => x.name), { timeout: 15_000 }).toEqual(['Guest Console']);
    const peer = b.services.sync.workspaces()[0]!.peer;
    await expect.poll(() => peer.accounts().length, { timeout: 15_000 }).toBe(2);
    await b.services.sync.idle(workspaceId);

    // Everything B's device can decrypt: the team doc and every account doc.
    const decrypted = JSON.stringify([peer.team.doc.doc.toJSON(), ...peer.accounts().map((doc) => doc.doc.toJSON())]);
    for (const text of VENDOR_STRINGS) expect(decrypted, text).not.toContain(text);
    expect(JSON.stringify(await b.value('accounts.list'))).not.toContain(VENDOR.name);

    // B's data directory (vault, WAL, settings, run records) and the relay's stored log.
    b.services.sync.saveNow(workspaceId);
    for (const file of [...filesUnder(b.dir), ...filesUnder(relayDir)]) {
      const bytes = readFileSync(file);
      for (const text of VENDOR_STRINGS) expect(bytes.includes(Buffer.from(text)), `${file} holds ${text}`).toBe(false);
    }
    // A, an Owner, still reads the vendor account's doc in full.
    const aDoc = a.services.sync.workspaces()[0]!.peer.accounts().find((doc) => doc.docId.endsWith(vendor.id))!;
    expect(aDoc.sealedMeta('name', aDoc.openItemKeys(a.services.sync.workspaces()[0]!.peer.workspace.device))).toBe(VENDOR.name);
  });
});
