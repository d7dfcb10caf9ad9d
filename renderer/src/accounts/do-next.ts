// The dashboard's "Do next": what would raise the most accounts' level soonest, ranked. Pure,
// so the ranking is unit-tested. Failures first (they may hide a broken login), then waiting
// approvals, weak passwords, then missing milestones by how many accounts miss each.
import type { AccountRef, DashboardView } from '../../../main/ipc/contract/dashboard';
import type { MilestoneId } from '../../../main/ipc/contract/milestones';

export type DoNext = { key: string; text: string; action: string; account: AccountRef; count: number };

const MILESTONE_STEP: Record<MilestoneId, { text: (n: number) => string; action: string }> = {
  credentials: { text: (n) => `Verify the login of ${n} ${n === 1 ? 'account' : 'accounts'}`, action: 'Verify' },
  managedContact: { text: (n) => `Give ${n} ${n === 1 ? 'account' : 'accounts'} a managed email or phone`, action: 'Set managed email' },
  managedMfa: { text: (n) => `Turn on MFA for ${n} ${n === 1 ? 'account' : 'accounts'}`, action: 'Turn on MFA' },
  shared: { text: (n) => `Share ${n} ${n === 1 ? 'account' : 'accounts'} with a teammate`, action: 'Share' },
  rotation: { text: (n) => `Add ${n} ${n === 1 ? 'account' : 'accounts'} to a rotation policy`, action: 'Add to a policy' },
};

export function doNext(view: DashboardView, limit = 5): DoNext[] {
  const steps: DoNext[] = [];
  const { failedVerifications: failed, pendingApprovals: pending } = view.attention;
  if (failed.total > 0 && failed.latest[0]) {
    steps.push({ key: 'failed', count: failed.total, account: failed.latest[0], action: 'Fix the login',
      text: `${failed.total} ${failed.total === 1 ? 'login' : 'logins'} failed last time: check the username and password` });
  }
  if (pending.total > 0 && pending.oldest[0]) {
    steps.push({ key: 'approvals', count: pending.total, account: pending.oldest[0], action: 'Review',
      text: `${pending.total} ${pending.total === 1 ? 'rotation waits' : 'rotations wait'} for your approval` });
  }
  const weak = view.passwords?.weak ?? [];
  if (weak[0]) {
    steps.push({ key: 'weak', count: weak.length, account: weak[0], action: 'Change it',
      text: `Replace ${weak.length} weak ${weak.length === 1 ? 'password' : 'passwords'}` });
  }
  const missing = (Object.keys(MILESTONE_STEP) as MilestoneId[])
    .map((id) => ({ id, count: view.levels.missing[id], first: view.missingExamples[id][0] }))
    .filter((m) => m.count > 0 && m.first)
    // Most accounts first; ties keep the milestones' own order.
    .sort((a, b) => b.count - a.count);
  for (const m of missing) steps.push({ key: m.id, count: m.count, account: m.first!, action: MILESTONE_STEP[m.id].action, text: MILESTONE_STEP[m.id].text(m.count) });
  return steps.slice(0, limit);
}
