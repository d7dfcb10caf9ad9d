// The five milestones are judged only from stored facts; a fact Tessera does not hold yet
// never counts as achieved.
import { describe, expect, it } from 'vitest';
import { computeMilestones, overviewOf, type AccountFacts, type MilestoneId } from '../../../main/milestones/milestones';
import { coveredByRotation, enabledPolicyScopes, factsFromSummary } from '../../../main/milestones/account-facts';

const bare: AccountFacts = {
  lastVerification: null,
  managedEmail: '',
  managedPhone: '',
  hasTotp: false,
  otherRoleHolders: 0,
  rotationPolicy: false,
};
const DAY = Date.UTC(2026, 10, 2);

const cases: Array<{ name: string; facts: Partial<AccountFacts>; achieved: MilestoneId[]; action?: Partial<Record<MilestoneId, string | null>>; detail?: RegExp }> = [
  { name: 'a bare account has level 0 and says what each milestone needs', facts: {}, achieved: [],
    action: { credentials: null, managedContact: 'set-managed-contact', managedMfa: 'add-totp', shared: null, rotation: null } },
  { name: 'no verification ever ran: not verified', facts: {}, achieved: [], detail: /Not verified/ },
  { name: 'a successful verification achieves credentials', facts: { lastVerification: { succeeded: true, at: DAY } }, achieved: ['credentials'], detail: /succeeded \(2026-11-02\)/ },
  { name: 'a failed verification does not', facts: { lastVerification: { succeeded: false, at: DAY } }, achieved: [], detail: /failed \(2026-11-02\)/ },
  { name: 'a managed email alias achieves managed contact', facts: { managedEmail: 'acme+x@team.test' }, achieved: ['managedContact'], detail: /acme\+x@team\.test/ },
  { name: 'a managed phone achieves managed contact', facts: { managedPhone: '+1 555 0100' }, achieved: ['managedContact'] },
  { name: 'a stored TOTP achieves managed MFA', facts: { hasTotp: true }, achieved: ['managedMfa'] },
  { name: 'another role holder achieves shared', facts: { otherRoleHolders: 2 }, achieved: ['shared'], detail: /2 other people or teams/ },
  { name: 'a rotation policy achieves rotation', facts: { rotationPolicy: true }, achieved: ['rotation'] },
  { name: 'everything held gives level 5', facts: { lastVerification: { succeeded: true, at: DAY }, managedEmail: 'a@t.test', hasTotp: true, otherRoleHolders: 1, rotationPolicy: true },
    achieved: ['credentials', 'managedContact', 'managedMfa', 'shared', 'rotation'] },
];

describe('computeMilestones', () => {
  it.each(cases)('$name', ({ facts, achieved, action, detail }) => {
    const result = computeMilestones({ ...bare, ...facts });
    expect(result.milestones.map((m) => m.id)).toEqual(['credentials', 'managedContact', 'managedMfa', 'shared', 'rotation']);
    expect(result.milestones.filter((m) => m.achieved).map((m) => m.id)).toEqual(achieved);
    expect(result.level).toBe(achieved.length);
    for (const [id, expected] of Object.entries(action ?? {})) {
      expect(result.milestones.find((m) => m.id === id)?.action).toBe(expected);
    }
    if (detail) expect(result.milestones.map((m) => m.detail).join(' ')).toMatch(detail);
    for (const m of result.milestones) if (m.achieved) expect(m.action).toBeNull();
  });

  it('flags a failed verification as needing attention, and nothing else', () => {
    expect(computeMilestones({ ...bare, lastVerification: { succeeded: false, at: DAY } }).attention).toEqual(['verification-failed']);
    expect(computeMilestones({ ...bare, lastVerification: { succeeded: true, at: DAY } }).attention).toEqual([]);
    expect(computeMilestones(bare).attention).toEqual([]);
  });
});

describe('facts from what the vault stores', () => {
  it('holds managed contact and TOTP; verification and policy only when given; no shares yet', () => {
    expect(factsFromSummary({ managedEmail: 'a@t.test', managedPhone: '', hasTotp: true })).toEqual({
      ...bare, managedEmail: 'a@t.test', hasTotp: true,
    });
    expect(factsFromSummary({ managedEmail: '', managedPhone: '', hasTotp: false }, { succeeded: true, at: DAY }, true)).toEqual({
      ...bare, lastVerification: { succeeded: true, at: DAY }, rotationPolicy: true,
    });
  });

  it('finds an account covered by an enabled policy scope: everything, its id, a tag or a host', () => {
    const account = { id: 'a1', tags: ['Social'], hosts: ['eu.github.com'] };
    const scope = (s: Partial<{ accountIds: string[]; tags: string[]; hosts: string[] }>) => ({ accountIds: [], tags: [], hosts: [], ...s });
    expect(coveredByRotation([])(account)).toBe(false);
    expect(coveredByRotation([scope({})])(account)).toBe(true);
    expect(coveredByRotation([scope({ accountIds: ['a1'] })])(account)).toBe(true);
    expect(coveredByRotation([scope({ tags: ['social'] })])(account)).toBe(true);
    expect(coveredByRotation([scope({ hosts: ['github.com'] })])(account)).toBe(true);
    expect(coveredByRotation([scope({ tags: ['vendor'], hosts: ['gitlab.com'] })])(account)).toBe(false);
    expect(enabledPolicyScopes({ policies: () => [{ enabled: false, scope: scope({}) }, { enabled: true, scope: scope({ tags: ['x'] }) }] })).toEqual([scope({ tags: ['x'] })]);
  });
});

describe('overviewOf', () => {
  it('counts accounts per level, per missing milestone and needing attention', () => {
    const overview = overviewOf([
      computeMilestones(bare),
      computeMilestones({ ...bare, hasTotp: true }),
      computeMilestones({ ...bare, hasTotp: true, managedEmail: 'a@t.test', lastVerification: { succeeded: false, at: DAY } }),
    ]);
    expect(overview).toEqual({
      total: 3,
      distribution: [1, 1, 1, 0, 0, 0],
      missing: { credentials: 3, managedContact: 2, managedMfa: 1, shared: 3, rotation: 3 },
      needsAttention: 1,
    });
  });
});
