// The relay's SCIM store (a real SQLite file): a user going inactive or deleted queues one
// deprovisioning event each (a user switched back on queues none), events are acknowledged one
// by one, userNames are unique per workspace whatever their case, and the token is compared by
// its SHA-256.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ScimStore } from '../../../relay/scim-store';

describe('SCIM store', () => {
  let dir: string;
  let store: ScimStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-scim-'));
    store = new ScimStore(join(dir, 'relay.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const user = (userName: string, email = userName) => ({ userName, email, externalId: null, displayName: null, active: true });

  it('queues one event per deactivation or deletion, and none for a reactivation', () => {
    const ben = store.create('ws', user('Ben@Host.test'))!;
    expect(store.create('ws', user('ben@host.test'))).toBeUndefined();
    expect(store.create('other', user('ben@host.test'))).toBeDefined();
    store.update('ws', ben.id, { active: false }, 10);
    store.update('ws', ben.id, { active: false }, 11);
    store.update('ws', ben.id, { active: true }, 12);
    expect(store.delete('ws', ben.id, 13)).toBe(true);
    expect(store.delete('ws', ben.id, 14)).toBe(false);
    const events = store.events('ws');
    expect(events.map((e) => [e.email, e.reason, e.at])).toEqual([['ben@host.test', 'deactivated', 10], ['ben@host.test', 'deleted', 13]]);
    expect(store.events('other')).toEqual([]);
    expect(store.acknowledge('other', events[0]!.seq)).toBe(false);
    expect(store.acknowledge('ws', events[0]!.seq)).toBe(true);
    expect(store.events('ws').map((e) => e.reason)).toEqual(['deleted']);
  });

  it('accepts only the current token of the workspace', () => {
    expect(store.tokenMatches('ws', 'tscim_anything')).toBe(false);
    store.setTokenHash('ws', createHash('sha256').update('tscim_first').digest());
    expect(store.tokenMatches('ws', 'tscim_first')).toBe(true);
    expect(store.tokenMatches('other', 'tscim_first')).toBe(false);
    store.setTokenHash('ws', createHash('sha256').update('tscim_second').digest());
    expect([store.tokenMatches('ws', 'tscim_first'), store.tokenMatches('ws', 'tscim_second')]).toEqual([false, true]);
  });
});
