// The list's levels (milestones.levels) never decrypt or score a password on the request (one
// account's page decrypts that account only and scores nothing): they
// answer from what the background checks already know, say `checking` until those are done, and
// an edited account is checked again. Real services, a real vault file; the strength scorer is
// the real one, wrapped to count its calls: on the main thread (the CLI's scoreNow) and the
// passwords handed to the scoring worker threads (the background).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spyDecryptions } from '../../support/decryption-spy';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import type { AccountLevel } from '../../../main/ipc/contract/milestones';
import type * as Strength from '../../../main/milestones/dashboard/password-strength';
import type * as Scoring from '../../../main/milestones/password-scoring';

const scored = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../main/milestones/dashboard/password-strength', async (importOriginal) => {
  const real = await importOriginal<typeof Strength>();
  return {
    ...real,
    passwordStrength: (...args: Parameters<typeof real.passwordStrength>) => {
      scored.count++;
      return real.passwordStrength(...args);
    },
  };
});

vi.mock('../../../main/milestones/password-scoring', async (importOriginal) => {
  const real = await importOriginal<typeof Scoring>();
  class CountingPool extends real.PasswordScoringPool {
    override score(items: Scoring.ScoringItem[]) {
      scored.count += items.length;
      return super.score(items);
    }
  }
  return { ...real, PasswordScoringPool: CountingPool };
});

type Levels = { accounts: AccountLevel[]; checking: boolean };

describe('account levels off the request path', () => {
  let h: ChannelHarness;
  const value = <T,>(channel: string, input: unknown = {}) => h.value<T>(channel, input);

  beforeEach(() => {
    h = openChannelHarness();
    scored.count = 0;
  });
  afterEach(() => h.close());

  it('answers the list from cached checks, reports checking, and checks an edited account again', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      // Two accounts share a password (reuse); the rest are unique; one holds a TOTP key.
      const password = i < 2 ? 'Shared-Pass-Of-Two-91!' : `unique-${i}-vT7#qLm2-${i * 7919}`;
      const totp = i === 5 ? { secret: 'JBSWY3DPEHPK3PXP' } : undefined;
      ids.push((await value<{ id: string }>('accounts.create', { name: `Site ${String(i).padStart(2, '0')}`, password, ...(totp ? { totp } : {}) })).id);
    }
    h.services.facts.clear();
    scored.count = 0;
    const accounts = h.services.vault.unlocked().accounts;
    const decrypted = spyDecryptions(accounts);

    const first = await value<Levels>('milestones.levels');
    expect(decrypted.ids()).toEqual([]);
    expect(scored.count).toBe(0);
    expect(first.checking).toBe(true);
    expect(first.accounts).toHaveLength(30);
    // Not known yet: neither the TOTP (pending, not achieved) nor reuse is claimed.
    expect(first.accounts.find((a) => a.id === ids[5])).toMatchObject({ level: 0, failed: [] });
    expect(first.accounts.every((a) => a.attention.length === 0)).toBe(true);

    // One account's page reads that account only, and scores nothing either.
    decrypted.clear();
    await value('milestones.forAccount', { id: ids[5] });
    expect(decrypted.ids()).toEqual([ids[5]]);
    expect(scored.count).toBe(0);

    await h.services.facts.checks.settled();
    expect(scored.count).toBe(30);
    const afterBackground = decrypted.ids().length;
    const done = await value<Levels>('milestones.levels');
    expect(decrypted.ids().length).toBe(afterBackground);
    expect(scored.count).toBe(30);
    expect(done.checking).toBe(false);
    expect(done.accounts.find((a) => a.id === ids[5])).toMatchObject({ level: 1 });
    const reused = done.accounts.filter((a) => a.attention.includes('password-issues')).map((a) => a.id);
    expect(reused.sort()).toEqual([ids[0], ids[1]].sort());

    // An edit makes a new version: that account is pending again, still without decrypting on the request.
    const version = (await value<{ version: number }>('accounts.get', { id: ids[1] })).version;
    await value('accounts.update', { id: ids[1], version, patch: { password: 'now-unique-Qw8#zT4-kept' } });
    const beforeRequest = decrypted.ids().length;
    const edited = await value<Levels>('milestones.levels');
    expect(decrypted.ids().length).toBe(beforeRequest);
    expect(edited.checking).toBe(true);
    await h.services.facts.checks.settled();
    expect(scored.count).toBe(31);
    const rechecked = await value<Levels>('milestones.levels');
    expect(rechecked.checking).toBe(false);
    expect(rechecked.accounts.filter((a) => a.attention.includes('password-issues'))).toEqual([]);
  });

  it('scores only the accounts asked for (a search\'s matches) and still finds reuse across all of them', async () => {
    await value('vault.create', { password: 'master-password-1' });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const password = i === 0 || i === 19 ? 'Shared-Pass-Of-Two-91!' : `unique-${i}-vT7#qLm2-${i * 7919}`;
      ids.push((await value<{ id: string }>('accounts.create', { name: `Site ${String(i).padStart(2, '0')}`, password })).id);
    }
    h.services.facts.clear();
    scored.count = 0;
    const decrypted = spyDecryptions(h.services.vault.unlocked().accounts);
    const results = h.services.facts.all({ scoreNow: true, only: new Set([ids[0]!]) });
    expect(scored.count).toBe(1);
    expect(results.map((r) => r.summary.id)).toEqual([ids[0]]);
    // Its password is reused by an account that was neither scored nor decrypted: the index's fingerprints show it.
    expect(results[0]!.milestones.attention).toContain('password-issues');
    expect(new Set(decrypted.ids())).toEqual(new Set([ids[0]]));
  });

  it('does not count the background checks as activity: the idle lock keeps counting down', async () => {
    await value('vault.create', { password: 'master-password-1' });
    for (let i = 0; i < 12; i++) await value('accounts.create', { name: `Site ${i}`, password: `unique-${i}-vT7#qLm2-${i * 7919}` });
    h.services.facts.clear();
    const idleLock = h.services.vault.unlocked().idleLock;
    expect(idleLock.running).toBe(true);
    const restarted = vi.spyOn(idleLock, 'start');
    await value('milestones.levels'); // the person's request: activity
    expect(restarted).toHaveBeenCalled();
    restarted.mockClear();
    await h.services.facts.checks.settled(); // every account read, scored and saved in the background
    expect(scored.count).toBe(12);
    expect(restarted).not.toHaveBeenCalled();
  });

  it('keeps finished scores in the sealed summaries: after a lock, nothing is scored again', async () => {
    await value('vault.create', { password: 'master-password-1' });
    for (let i = 0; i < 12; i++) await value('accounts.create', { name: `Site ${i}`, password: `unique-${i}-vT7#qLm2-${i * 7919}` });
    await value('milestones.levels');
    await h.services.facts.checks.settled();
    expect(scored.count).toBe(12);
    await value('vault.lock');
    await value('vault.unlock', { password: 'master-password-1' });
    scored.count = 0;
    await value('milestones.levels');
    await h.services.facts.checks.settled();
    const done = await value<Levels>('milestones.levels');
    expect(done.checking).toBe(false);
    expect(scored.count).toBe(0);
  });
});
