// Issue 20, phase 3: the relay's state besides the log — share links (with workspaces' SMTP
// servers), SCIM and Universal Logout, and the memory of accepted request signatures — behind
// interfaces (relay/open-relay-state.ts), and the same contract run against both stores: SQLite
// files and memory (the default) and PostgreSQL (a throwaway server: test/support/postgres-server.ts).
// Then, for PostgreSQL only, what several relay nodes on one database need: each node's state
// opened on its own pool, racing on the same link, code, user and signature.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRelayState } from '../../../relay/open-relay-state';
import type { RelayState, SeenSignatureBounds } from '../../../relay/relay-state';
import { SCHEMA_VERSION } from '../../../relay/postgres-log-store';
import { CODE_TRIES, CODE_TTL_MS } from '../../../relay/share-link-store';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

let server: PostgresServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-relay-state-'));
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty place for one test, and how to open the relay's state on it (again, or as several nodes at once). */
interface Place {
  open(seen?: SeenSignatureBounds): Promise<RelayState>;
}

let made = 0;
const backends: [string, () => Promise<Place>][] = [
  ['sqlite', async () => {
    const dbPath = join(dir, `relay-${++made}.db`);
    return { open: (seen) => openRelayState({ dbPath }, seen) };
  }],
  ['postgres', async () => {
    const url = await server.createDatabase();
    return { open: (seen) => openRelayState({ dbPath: ':memory:', store: url }, seen) };
  }],
];

const HOUR = 3_600_000;
const T0 = 1_800_000_000_000;
const link = (over: Partial<{ expiresAt: number; once: boolean; emails: string[]; domains: string[] }> = {}) =>
  ({ ciphertext: 'c2VhbGVk', expiresAt: T0 + HOUR, once: false, emails: [], domains: [], ...over });
const user = (userName: string, email = userName, externalId: string | null = null) => ({ userName, email, externalId, displayName: null, active: true });
const wrongFor = (code: string) => (code === '000000' ? '111111' : '000000');

/** Runs `test` on the state of a new place and closes it after. */
async function withState(backend: () => Promise<Place>, test: (state: RelayState, place: Place) => Promise<void>, seen?: SeenSignatureBounds): Promise<void> {
  const place = await backend();
  const state = await place.open(seen);
  try {
    await test(state, place);
  } finally {
    await state.close();
  }
}

describe.each(backends)('%s share-link store', (_name, backend) => {
  it('opens until it expires, then never, and drops the ciphertext', () =>
    withState(backend, async ({ links }) => {
      const id = await links.create('ws', link(), T0);
      expect(await links.open(id, {}, T0 + 1)).toEqual({ ok: true, ciphertext: 'c2VhbGVk', expiresAt: T0 + HOUR });
      expect(await links.open(id, {}, T0 + HOUR)).toEqual({ ok: false, reason: 'expired' });
      await links.purge(T0 + HOUR);
      expect(await links.list('ws', T0 + HOUR)).toEqual([expect.objectContaining({ linkId: id, state: 'expired', views: [{ at: T0 + 1, email: null }] })]);
      expect(await links.info('no-such-link', T0)).toBeUndefined();
      expect(await links.open('not a link id!', {}, T0)).toEqual({ ok: false, reason: 'not-found' });
    }));

  it('opens a one-time link once', () =>
    withState(backend, async ({ links }) => {
      const id = await links.create('ws', link({ once: true }), T0);
      expect((await links.open(id, {}, T0 + 1)).ok).toBe(true);
      expect(await links.open(id, {}, T0 + 2)).toEqual({ ok: false, reason: 'used' });
      expect(await links.info(id, T0 + 2)).toMatchObject({ state: 'used' });
    }));

  it('revokes only within its workspace, and lists a workspace\'s links newest first with their views', () =>
    withState(backend, async ({ links }) => {
      const first = await links.create('ws', link(), T0);
      const second = await links.create('ws', link({ emails: ['cy@agency.test'], once: true }), T0 + 1);
      await links.create('other', link(), T0 + 2);
      expect(await links.revoke('other', first)).toBe(false);
      expect(await links.revoke('ws', first)).toBe(true);
      expect(await links.open(first, {}, T0 + 3)).toEqual({ ok: false, reason: 'revoked' });
      expect(await links.list('ws', T0 + 3)).toEqual([
        { linkId: second, createdAt: T0 + 1, expiresAt: T0 + HOUR, once: true, emails: ['cy@agency.test'], domains: [], state: 'open', views: [] },
        { linkId: first, createdAt: T0, expiresAt: T0 + HOUR, once: false, emails: [], domains: [], state: 'revoked', views: [] },
      ]);
    }));

  it('needs the emailed code of an allowed address; five wrong codes lock the link, and a new code does not give tries back', () =>
    withState(backend, async ({ links }) => {
      const id = await links.create('ws', link({ domains: ['agency.test'] }), T0);
      expect(await links.rule(id, T0)).toEqual({ workspaceId: 'ws', emails: [], domains: ['agency.test'] });
      expect(await links.open(id, {}, T0)).toEqual({ ok: false, reason: 'email-required' });
      expect(await links.open(id, { email: 'cy@agency.test', code: '123456' }, T0)).toEqual({ ok: false, reason: 'no-code' });
      const code = await links.issueCode(id, 'cy@agency.test', T0);
      expect(await links.open(id, { email: 'cy@agency.test', code: wrongFor(code) }, T0)).toEqual({ ok: false, reason: 'wrong-code', triesLeft: CODE_TRIES - 1 });
      const fresh = await links.issueCode(id, 'cy@agency.test', T0);
      for (let i = 2; i < CODE_TRIES; i++) expect(await links.open(id, { email: 'cy@agency.test', code: wrongFor(fresh) }, T0)).toMatchObject({ reason: 'wrong-code', triesLeft: CODE_TRIES - i });
      expect(await links.open(id, { email: 'cy@agency.test', code: wrongFor(fresh) }, T0)).toEqual({ ok: false, reason: 'locked' });
      expect(await links.open(id, { email: 'cy@agency.test', code: fresh }, T0)).toEqual({ ok: false, reason: 'locked' });
      expect(await links.info(id, T0)).toEqual({ state: 'locked', expiresAt: T0 + HOUR, needsEmail: true });
      expect(await links.rule(id, T0)).toBeUndefined();
    }));

  it('takes the right code once, within ten minutes', () =>
    withState(backend, async ({ links }) => {
      const id = await links.create('ws', link({ emails: ['cy@agency.test'] }), T0);
      const late = await links.issueCode(id, 'cy@agency.test', T0);
      expect(await links.open(id, { email: 'cy@agency.test', code: late }, T0 + CODE_TTL_MS)).toEqual({ ok: false, reason: 'no-code' });
      const code = await links.issueCode(id, 'cy@agency.test', T0 + CODE_TTL_MS);
      expect(await links.open(id, { email: ' CY@agency.test ', code }, T0 + CODE_TTL_MS + 1)).toMatchObject({ ok: true });
      expect(await links.open(id, { email: 'cy@agency.test', code }, T0 + CODE_TTL_MS + 2)).toEqual({ ok: false, reason: 'no-code' });
      expect((await links.list('ws', T0 + CODE_TTL_MS + 2))[0]!.views).toEqual([{ at: T0 + CODE_TTL_MS + 1, email: 'cy@agency.test' }]);
    }));

  it("keeps a workspace's SMTP server until it is cleared", () =>
    withState(backend, async ({ links }) => {
      const smtp = { host: 'smtp.example.com', port: 587, secure: false, from: 'links@host.test', user: 'u', password: 'p4ss' };
      expect(await links.smtp('ws')).toBeUndefined();
      await links.setSmtp('ws', smtp);
      await links.setSmtp('ws', { ...smtp, port: 2525 });
      expect(await links.smtp('ws')).toEqual({ ...smtp, port: 2525 });
      expect(await links.smtp('other')).toBeUndefined();
      await links.setSmtp('ws', undefined);
      expect(await links.smtp('ws')).toBeUndefined();
    }));

  it('keeps links, codes and views across a reopen', () =>
    withState(backend, async ({ links }, place) => {
      const id = await links.create('ws', link({ emails: ['cy@agency.test'] }), T0);
      const again = await place.open();
      try {
        expect(await again.links.info(id, T0)).toEqual({ state: 'open', expiresAt: T0 + HOUR, needsEmail: true });
        const code = await again.links.issueCode(id, 'cy@agency.test', T0);
        expect(await again.links.open(id, { email: 'cy@agency.test', code }, T0 + 1)).toMatchObject({ ok: true });
        expect((await again.links.list('ws', T0 + 1))[0]!.views).toEqual([{ at: T0 + 1, email: 'cy@agency.test' }]);
      } finally {
        await again.close();
      }
    }));
});

describe.each(backends)('%s SCIM store', (_name, backend) => {
  it('queues one event per deactivation or deletion, and none for a reactivation', () =>
    withState(backend, async ({ scim }) => {
      const ben = (await scim.create('ws', user('Ben@Host.test')))!;
      expect(await scim.create('ws', user('ben@host.test'))).toBeUndefined();
      expect(await scim.create('other', user('ben@host.test'))).toBeDefined();
      expect(await scim.update('ws', ben.id, { active: false }, 10)).toMatchObject({ id: ben.id, active: false, lastModified: 10 });
      await scim.update('ws', ben.id, { active: false }, 11);
      await scim.update('ws', ben.id, { active: true }, 12);
      expect(await scim.update('ws', 'nobody', { active: false }, 12)).toBeUndefined();
      expect(await scim.delete('ws', ben.id, 13)).toBe(true);
      expect(await scim.delete('ws', ben.id, 14)).toBe(false);
      const events = await scim.events('ws');
      expect(events.map((e) => [e.userName, e.email, e.reason, e.at])).toEqual([['Ben@Host.test', 'ben@host.test', 'deactivated', 10], ['Ben@Host.test', 'ben@host.test', 'deleted', 13]]);
      expect(await scim.events('other')).toEqual([]);
      expect(await scim.acknowledge('other', events[0]!.seq)).toBe(false);
      expect(await scim.acknowledge('ws', events[0]!.seq)).toBe(true);
      expect((await scim.events('ws')).map((e) => e.reason)).toEqual(['deleted']);
    }));

  it('lists, finds and changes users as the identity provider sent them', () =>
    withState(backend, async ({ scim }) => {
      const ada = (await scim.create('ws', { userName: 'ada@host.test', email: 'Ada@Host.test', externalId: '00u1', displayName: 'Ada', active: true }, 100))!;
      const cy = (await scim.create('ws', user('cy@tenant.onmicrosoft.com', 'cy@host.test', 'cy'), 200))!;
      expect(ada).toEqual({ id: ada.id, userName: 'ada@host.test', email: 'ada@host.test', externalId: '00u1', displayName: 'Ada', active: true, created: 100, lastModified: 100 });
      expect((await scim.list('ws')).map((u) => u.id)).toEqual([ada.id, cy.id]);
      expect((await scim.list('ws', 'CY@tenant.onmicrosoft.com')).map((u) => u.id)).toEqual([cy.id]);
      expect(await scim.get('ws', cy.id)).toEqual(cy);
      expect(await scim.get('other', cy.id)).toBeUndefined();
      expect(await scim.update('ws', cy.id, { displayName: 'Cy', email: 'CY@Host.test' }, 300)).toMatchObject({ displayName: 'Cy', email: 'cy@host.test', lastModified: 300, created: 200 });
      expect(await scim.emailOfExternalId('ws', '00u1')).toBe('ada@host.test');
      expect(await scim.emailOfExternalId('ws', 'nobody')).toBeUndefined();
      expect(await scim.knowsEmail('ws', 'cy@host.test')).toBe(true);
      expect(await scim.knowsEmail('ws', 'eve@host.test')).toBe(false);
      // A workspace that provisions nobody by SCIM: the relay cannot tell.
      expect(await scim.knowsEmail('other', 'eve@host.test')).toBe(true);
    }));

  it('accepts only the current token of the workspace', () =>
    withState(backend, async ({ scim }) => {
      const sha = (token: string) => createHash('sha256').update(token).digest();
      expect(await scim.tokenMatches('ws', 'tscim_anything')).toBe(false);
      await scim.setTokenHash('ws', sha('tscim_first'));
      expect(await scim.tokenMatches('ws', 'tscim_first')).toBe(true);
      expect(await scim.tokenMatches('other', 'tscim_first')).toBe(false);
      await scim.setTokenHash('ws', sha('tscim_second'));
      expect([await scim.tokenMatches('ws', 'tscim_first'), await scim.tokenMatches('ws', 'tscim_second')]).toEqual([false, true]);
    }));

  it('keeps Okta settings, takes each jti once until an hour past its expiry, and hands out logouts after a number', () =>
    withState(backend, async ({ scim }) => {
      const okta = { issuer: 'https://host.okta.test', audience: 'tessera', jwksUri: 'https://host.okta.test/keys' };
      expect(await scim.oktaSettings('ws')).toBeUndefined();
      await scim.setOktaSettings('ws', okta);
      expect(await scim.oktaSettings('ws')).toEqual(okta);
      const nowS = T0 / 1000;
      expect(await scim.useJti('ws', 'jti-1', nowS + 60, T0)).toBe(true);
      expect(await scim.useJti('ws', 'jti-1', nowS + 60, T0)).toBe(false);
      expect(await scim.useJti('other', 'jti-1', nowS + 60, T0)).toBe(true);
      // Forgotten once its token is more than an hour past expiry (it would be refused as expired anyway).
      expect(await scim.useJti('ws', 'jti-1', nowS + 60, T0 + 2 * HOUR)).toBe(true);

      await scim.queueLogout('ws', 'ben@host.test', T0);
      await scim.queueLogout('other', 'eve@host.test', T0);
      await scim.queueLogout('ws', 'cy@host.test', T0 + 1);
      const all = await scim.logouts('ws', 0);
      expect(all.map((l) => [l.email, l.at])).toEqual([['ben@host.test', T0], ['cy@host.test', T0 + 1]]);
      expect(all[1]!.seq).toBeGreaterThan(all[0]!.seq);
      expect(await scim.logouts('ws', all[0]!.seq)).toEqual([all[1]]);
      expect(await scim.logouts('ws', all[1]!.seq)).toEqual([]);
      expect(await scim.logouts('ws', 1e20)).toEqual([]);
      // Kept seven days.
      await scim.queueLogout('ws', 'dee@host.test', T0 + 8 * 24 * HOUR);
      expect((await scim.logouts('ws', 0)).map((l) => l.email)).toEqual(['dee@host.test']);
    }));
});

describe.each(backends)('%s memory of accepted request signatures', (_name, backend) => {
  it('accepts a signature once', () =>
    withState(backend, async ({ seen }) => {
      expect(await seen.firstUse('sig-a', 1000)).toBe(true);
      expect(await seen.firstUse('sig-a', 1000)).toBe(false);
      expect(await seen.firstUse('sig-b', 1000)).toBe(true);
      expect(await seen.size()).toBe(2);
    }, { now: () => 0 }));

  it('makes room from expired signatures at the cap, and refuses while every remembered one is still timely', () => {
    let now = 0;
    return withState(backend, async ({ seen }) => {
      expect(await seen.firstUse('one', 100)).toBe(true);
      expect(await seen.firstUse('two', 200)).toBe(true);
      expect(await seen.firstUse('three', 300)).toBe(false); // full, nothing expired
      now = 150; // "one" is past its time
      expect(await seen.firstUse('three', 300)).toBe(true);
      expect(await seen.firstUse('two', 200)).toBe(false); // still remembered
      expect(await seen.size()).toBe(2);
    }, { now: () => now, max: 2 });
  });
});

describe('postgres: the state of several relay nodes on one database', () => {
  /** Two nodes' state on one new database, each on its own pool. */
  async function twoNodes(seen?: SeenSignatureBounds): Promise<{ url: string; nodes: [RelayState, RelayState]; close(): Promise<void> }> {
    const url = await server.createDatabase();
    const nodes = await Promise.all([0, 1].map(() => openRelayState({ dbPath: ':memory:', store: url }, seen))) as [RelayState, RelayState];
    // Every pooled connection open before the races start, so they race on the database, not on connecting.
    await Promise.all(nodes.flatMap((node) => Array.from({ length: 8 }, () => node.links.info('warm-up'))));
    return { url, nodes, close: async () => void (await Promise.all(nodes.map((n) => n.close()))) };
  }

  it('opens through one node a link created through another, with a code emailed by a third opening of the database', async () => {
    const { url, nodes: [a, b], close } = await twoNodes();
    try {
      const id = await a.links.create('ws', link({ emails: ['cy@agency.test'] }), T0);
      expect(await b.links.info(id, T0)).toEqual({ state: 'open', expiresAt: T0 + HOUR, needsEmail: true });
      const code = await a.links.issueCode(id, 'cy@agency.test', T0);
      // A node started later (the code key is the database's, not a process's).
      const c = await openRelayState({ dbPath: ':memory:', store: url });
      try {
        expect(await c.links.open(id, { email: 'cy@agency.test', code: wrongFor(code) }, T0)).toEqual({ ok: false, reason: 'wrong-code', triesLeft: CODE_TRIES - 1 });
        expect(await b.links.open(id, { email: 'cy@agency.test', code: wrongFor(code) }, T0)).toEqual({ ok: false, reason: 'wrong-code', triesLeft: CODE_TRIES - 2 });
        expect(await c.links.open(id, { email: 'cy@agency.test', code }, T0 + 1)).toEqual({ ok: true, ciphertext: 'c2VhbGVk', expiresAt: T0 + HOUR });
      } finally {
        await c.close();
      }
      expect((await a.links.list('ws', T0 + 2))[0]!.views).toEqual([{ at: T0 + 1, email: 'cy@agency.test' }]);
    } finally {
      await close();
    }
  });

  it('hands a one-time link to exactly one of many openings racing on two nodes, and spends each wrong code\'s try exactly once', async () => {
    const { nodes, close } = await twoNodes();
    try {
      const once = await nodes[0].links.create('ws', link({ once: true }), T0);
      const opened = await Promise.all(Array.from({ length: 10 }, (_, i) => nodes[i % 2]!.links.open(once, {}, T0 + 1)));
      expect(opened.filter((r) => r.ok)).toHaveLength(1);
      expect(opened.filter((r) => !r.ok)).toEqual(Array.from({ length: 9 }, () => ({ ok: false, reason: 'used' })));
      expect((await nodes[1].links.list('ws', T0 + 2))[0]!.views).toHaveLength(1);

      const checked = await nodes[0].links.create('ws', link({ domains: ['agency.test'] }), T0);
      const code = await nodes[1].links.issueCode(checked, 'dee@agency.test', T0);
      const wrong = await Promise.all(Array.from({ length: 8 }, (_, i) => nodes[i % 2]!.links.open(checked, { email: 'dee@agency.test', code: wrongFor(code) }, T0 + 1)));
      const left = wrong.map((r) => (r.ok ? -1 : r.reason === 'locked' ? 0 : r.triesLeft!)).sort((x, y) => y - x);
      // Four tries spent one by one, the fifth locks, and the rest find the link locked.
      expect(left).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
      expect(await nodes[0].links.open(checked, { email: 'dee@agency.test', code }, T0 + 2)).toEqual({ ok: false, reason: 'locked' });
    } finally {
      await close();
    }
  });

  it('creates a userName once when two nodes race, whatever its case, and queues one event for racing deactivations', async () => {
    const { nodes, close } = await twoNodes();
    try {
      const created = await Promise.all(Array.from({ length: 6 }, (_, i) => nodes[i % 2]!.scim.create('ws', user(i % 2 ? 'BEN@host.test' : 'ben@host.test'))));
      const made = created.filter((u) => u !== undefined);
      expect(made).toHaveLength(1);
      const id = made[0]!.id;
      await Promise.all(Array.from({ length: 6 }, (_, i) => nodes[i % 2]!.scim.update('ws', id, { active: false }, 10 + i)));
      expect((await nodes[1].scim.events('ws')).map((e) => e.reason)).toEqual(['deactivated']);
      expect(await nodes[0].scim.get('ws', id)).toMatchObject({ active: false });
    } finally {
      await close();
    }
  });

  it('accepts a signature on exactly one node when it is offered to both at once, and shares the cap', async () => {
    let now = 0;
    const { nodes, close } = await twoNodes({ now: () => now, max: 3 });
    try {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => nodes[i % 2]!.seen.firstUse('the-signature', 1000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await nodes[1].seen.firstUse('the-signature', 1000)).toBe(false);
      expect(await nodes[0].seen.firstUse('second', 1000)).toBe(true);
      expect(await nodes[1].seen.firstUse('third', 2000)).toBe(true);
      expect(await nodes[0].seen.firstUse('fourth', 2000)).toBe(false); // full across both nodes
      now = 1500;
      expect(await nodes[0].seen.firstUse('fourth', 2000)).toBe(true);
      expect(await nodes[1].seen.size()).toBe(2);
    } finally {
      await close();
    }
  });

  it('keeps the signature hash, not the signature, and migrates the schema once', async () => {
    const { url, nodes: [a], close } = await twoNodes();
    try {
      await a.seen.firstUse('a-very-recognisable-signature', Date.now() + 60_000);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const rows = (await client.query<{ signature_hash: Buffer }>('SELECT signature_hash FROM seen_signatures')).rows;
        expect(rows.map((r) => r.signature_hash)).toEqual([createHash('sha256').update('a-very-recognisable-signature').digest()]);
        expect((await client.query('SELECT version FROM schema_version')).rows).toEqual([{ version: SCHEMA_VERSION }]);
      } finally {
        await client.end();
      }
    } finally {
      await close();
    }
  });
});
