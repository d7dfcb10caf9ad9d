// The dashboard's "Do next" ranking: failures first, then approvals, weak passwords, then the
// milestones most accounts miss.
import { describe, expect, it } from 'vitest';
import { doNext } from '../../../renderer/src/accounts/do-next';
import type { DashboardView } from '../../../main/ipc/contract/dashboard';

const ref = (name: string) => ({ id: `id-${name}`, name });

function view(overrides: Partial<{ failed: number; pending: number; weak: number; missing: Partial<Record<string, number>> }> = {}): DashboardView {
  const missing = { credentials: 0, managedContact: 0, managedMfa: 0, shared: 0, rotation: 0, ...overrides.missing };
  return {
    levels: { total: 10, distribution: [0, 0, 0, 0, 0, 10], missing, needsAttention: overrides.failed ?? 0 },
    missingExamples: Object.fromEntries(Object.entries(missing).map(([id, n]) => [id, n ? [ref(`${id}-first`)] : []])),
    passwords: { checked: 10, weak: Array.from({ length: overrides.weak ?? 0 }, (_, i) => ref(`weak-${i}`)), reused: [], old: [] },
    passwordCheck: { scored: 10, total: 10 },
    attention: {
      failedVerifications: { total: overrides.failed ?? 0, latest: overrides.failed ? [{ ...ref('broken'), at: 1 }] : [] },
      pendingApprovals: { total: overrides.pending ?? 0, oldest: overrides.pending ? [{ ...ref('waiting'), jobId: 'j', dueAt: 1 }] : [] },
      upcomingRotations: { total: 0, days: 14, perDay: [], soonest: [] },
    },
  } as unknown as DashboardView;
}

describe('Do next', () => {
  it('is empty when every account is at level 5 and nothing failed', () => {
    expect(doNext(view())).toEqual([]);
  });

  it('ranks failures, approvals and weak passwords before milestones, and milestones by how many miss them', () => {
    const steps = doNext(view({ failed: 2, pending: 1, weak: 3, missing: { shared: 4, managedMfa: 9, rotation: 4 } }), 10);
    expect(steps.map((s) => s.key)).toEqual(['failed', 'approvals', 'weak', 'managedMfa', 'shared', 'rotation']);
    expect(steps[0]).toMatchObject({ text: '2 logins failed last time: check the username and password', action: 'Fix the login', account: ref('broken') });
    expect(steps[3]).toMatchObject({ text: 'Turn on MFA for 9 accounts', account: ref('managedMfa-first') });
  });

  it('keeps to the limit', () => {
    expect(doNext(view({ missing: { credentials: 1, managedContact: 1, managedMfa: 1, shared: 1, rotation: 1 } }), 3)).toHaveLength(3);
  });
});
