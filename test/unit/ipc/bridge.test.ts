import { describe, expect, it } from 'vitest';
import { buildTesseraApi } from '../../../main/ipc/bridge';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../main/ipc/contract/channel-names';

describe('window.tessera builder', () => {
  it('exposes one function per channel, grouped by domain, that invokes that channel', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = buildTesseraApi(CHANNEL_NAMES, EVENT_NAMES, async (channel, input) => {
      calls.push([channel, input]);
      return { ok: true, value: null };
    }, () => () => {});
    await api.vault.unlock({ password: 'x' });
    await api.app.info();
    expect(calls).toEqual([['vault.unlock', { password: 'x' }], ['app.info', {}]]);
    const fns = Object.entries(api as unknown as Record<string, Record<string, unknown>>)
      .flatMap(([domain, methods]) => (typeof methods === 'object' ? Object.keys(methods).map((m) => `${domain}.${m}`) : []));
    expect(fns.sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('returns an unsubscribe function from on(), and refuses unknown events', () => {
    const listeners = new Set<(p: unknown) => void>();
    const api = buildTesseraApi(CHANNEL_NAMES, EVENT_NAMES, async () => ({ ok: true, value: null }), (_event, listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    });
    const seen: unknown[] = [];
    const off = api.on('vault.locked', (p) => seen.push(p));
    for (const l of listeners) l({ reason: 'idle' });
    off();
    for (const l of listeners) l({ reason: 'manual' });
    expect(seen).toEqual([{ reason: 'idle' }]);
    expect(() => (api.on as (e: string, l: () => void) => void)('vault.everything', () => {})).toThrow(/Unknown Tessera event/);
  });
});
