// The five milestones are awarded only on proof; what failed is reported as failed, never as
// "not yet"; a fact Tessera does not hold yet never counts as achieved.
import { describe, expect, it } from 'vitest';
import { computeMilestones, overviewOf, type AccountFacts, type MilestoneId, type MilestoneStatus } from '../../../main/milestones/milestones';
import { coveredByRotation, enabledPolicyScopes } from '../../../main/milestones/account-facts';
import { hasBreachedFormat, totpKeyStatus } from '../../../main/milestones/secret-checks';

const bare: AccountFacts = {
  lastVerification: null,
  passwordIssues: [],
  managedEmail: '',
  managedPhone: '',
  contactConfirmedAt: null,
  totp: 'none',
  codesBy: '',
  lastCodeAt: null,
  otherRoleHolders: 0,
  rotationPolicy: false,
  rotationBlockers: [],
  lastRotation: null,
};
const DAY = Date.UTC(2026, 10, 2);
const verified = { lastVerification: { succeeded: true, at: DAY } };

type Case = { name: string; facts: Partial<AccountFacts>; achieved: MilestoneId[]; status?: Partial<Record<MilestoneId, MilestoneStatus>>; action?: Partial<Record<MilestoneId, string | null>>; detail?: RegExp };
const cases: Case[] = [
  { name: 'a bare account has level 0 and says what each milestone needs', facts: {}, achieved: [],
    status: { credentials: 'missing', managedContact: 'missing', managedMfa: 'missing', shared: 'missing', rotation: 'missing' },
    action: { credentials: null, managedContact: 'set-managed-contact', managedMfa: 'add-totp', shared: null, rotation: null } },
  { name: 'no verification ever ran: not verified', facts: {}, achieved: [], detail: /Not verified/ },
  { name: 'a successful verification with a strong, unique password achieves credentials', facts: verified, achieved: ['credentials'], detail: /The last automated login succeeded \(2026-11-02\)/ },
  { name: 'a person\'s own login in their browser counts for credentials, and says it was theirs', facts: { lastVerification: { succeeded: true, at: DAY, by: 'person' } }, achieved: ['credentials'], detail: /The last login \(by a person, in their browser\) succeeded \(2026-11-02\) and the password is strong/ },
  { name: 'a failed verification is a failure, not "not yet"', facts: { lastVerification: { succeeded: false, at: DAY } }, achieved: [], status: { credentials: 'failed' }, detail: /failed \(2026-11-02\)/ },
  { name: 'a weak password lowers a verified login to a warning', facts: { ...verified, passwordIssues: ['weak'] }, achieved: [], status: { credentials: 'warning' }, detail: /weak/ },
  { name: 'a reused, breach-shaped password lowers it too', facts: { ...verified, passwordIssues: ['reused', 'breached-format'] }, achieved: [], status: { credentials: 'warning' }, detail: /another account.*breach lists/ },
  { name: 'while the strength is being checked, credentials are pending', facts: { ...verified, passwordIssues: 'pending' }, achieved: [], status: { credentials: 'pending' } },
  { name: 'a managed alias that was only typed in earns nothing', facts: { managedEmail: 'acme+x@team.test' }, achieved: [], status: { managedContact: 'missing' }, action: { managedContact: null }, detail: /has not received anything yet/ },
  { name: 'a managed alias that received mail achieves managed contact', facts: { managedEmail: 'acme+x@team.test', contactConfirmedAt: DAY }, achieved: ['managedContact'], detail: /acme\+x@team\.test, which received mail on 2026-11-02/ },
  { name: 'a managed phone that received a text achieves it too', facts: { managedPhone: '+1 555 0100', contactConfirmedAt: DAY }, achieved: ['managedContact'] },
  { name: 'a valid TOTP key achieves managed MFA', facts: { totp: 'valid' }, achieved: ['managedMfa'] },
  { name: 'a junk TOTP secret is a failure', facts: { totp: 'invalid' }, achieved: [], status: { managedMfa: 'failed' }, action: { managedMfa: 'add-totp' }, detail: /not a usable authenticator key/ },
  { name: 'a TOTP key not read yet is pending, never achieved', facts: { totp: 'pending' }, achieved: [], status: { managedMfa: 'pending' } },
  { name: 'emailed codes count where the site offers no TOTP, once a code arrived', facts: { codesBy: 'email', managedEmail: 'a@t.test', contactConfirmedAt: DAY, lastCodeAt: DAY }, achieved: ['managedContact', 'managedMfa'], detail: /no authenticator app/ },
  { name: 'emailed codes before any code arrived earn nothing', facts: { codesBy: 'email', managedEmail: 'a@t.test' }, achieved: [], status: { managedMfa: 'missing' }, detail: /no code has arrived/ },
  { name: 'SMS codes without a managed phone ask for one', facts: { codesBy: 'sms', managedEmail: 'a@t.test', lastCodeAt: DAY }, achieved: [], action: { managedMfa: 'set-managed-contact' } },
  { name: 'another role holder achieves shared', facts: { otherRoleHolders: 2 }, achieved: ['shared'], detail: /2 other people hold/ },
  { name: 'an unshared account says how to share it', facts: {}, achieved: [], detail: /Share it with a teammate/ },
  { name: 'a rotation policy that can run achieves rotation', facts: { rotationPolicy: true }, achieved: ['rotation'] },
  { name: 'a policy covering an account with no URL or password is a failure', facts: { rotationPolicy: true, rotationBlockers: ['no-url', 'no-password'] }, achieved: [], status: { rotation: 'failed' }, detail: /no login URL and it has no password/ },
  { name: 'a failed last rotation is a failure', facts: { rotationPolicy: true, lastRotation: { failed: true, at: DAY } }, achieved: [], status: { rotation: 'failed' }, detail: /last automatic rotation failed/ },
  { name: 'everything proven gives level 5', facts: { ...verified, managedEmail: 'a@t.test', contactConfirmedAt: DAY, totp: 'valid', otherRoleHolders: 1, rotationPolicy: true, lastRotation: { failed: false, at: DAY } },
    achieved: ['credentials', 'managedContact', 'managedMfa', 'shared', 'rotation'] },
];

describe('computeMilestones', () => {
  it.each(cases)('$name', ({ facts, achieved, status, action, detail }) => {
    const result = computeMilestones({ ...bare, ...facts });
    expect(result.milestones.map((m) => m.id)).toEqual(['credentials', 'managedContact', 'managedMfa', 'shared', 'rotation']);
    expect(result.milestones.filter((m) => m.achieved).map((m) => m.id)).toEqual(achieved);
    expect(result.level).toBe(achieved.length);
    for (const m of result.milestones) expect(m.achieved).toBe(m.status === 'achieved');
    for (const [id, expected] of Object.entries(status ?? {})) expect(result.milestones.find((m) => m.id === id)?.status).toBe(expected);
    for (const [id, expected] of Object.entries(action ?? {})) expect(result.milestones.find((m) => m.id === id)?.action).toBe(expected);
    if (detail) expect(result.milestones.map((m) => m.detail).join(' ')).toMatch(detail);
    for (const m of result.milestones) if (m.achieved) expect(m.action).toBeNull();
  });

  it('flags failures and password issues as needing attention, and nothing else', () => {
    expect(computeMilestones({ ...bare, lastVerification: { succeeded: false, at: DAY } }).attention).toEqual(['verification-failed']);
    expect(computeMilestones({ ...bare, passwordIssues: ['weak'], totp: 'invalid', lastRotation: { failed: true, at: DAY } }).attention)
      .toEqual(['password-issues', 'totp-invalid', 'rotation-failed']);
    expect(computeMilestones({ ...bare, ...verified, passwordIssues: 'pending' }).attention).toEqual([]);
    expect(computeMilestones(bare).attention).toEqual([]);
  });
});

describe('secret checks', () => {
  const totp = (secret: string) => ({ type: 'totp' as const, secret, algorithm: 'SHA1' as const, digits: 6, period: 30, counter: 0, issuer: '', label: '' });
  it('accepts an authenticator key of 80 bits or more, and nothing shorter or malformed', () => {
    expect(totpKeyStatus(null)).toBe('none');
    expect(totpKeyStatus(totp('JBSWY3DPEHPK3PXP'))).toBe('valid');
    expect(totpKeyStatus(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'))).toBe('valid');
    // "not-a-secret" passes the vault's base32 character check (NOTASECRET) but is 6 bytes.
    expect(totpKeyStatus(totp('NOTASECRET'))).toBe('invalid');
    expect(totpKeyStatus(totp('JBSWY3DPEHPK3PX'))).toBe('invalid');
  });

  it('recognises the word-digits-symbol shape of breach lists', () => {
    for (const p of ['Summer2024!', 'password1', 'qwerty123', 'Welcome1!!', '123456']) expect(hasBreachedFormat(p), p).toBe(true);
    for (const p of ['x7#Kq9!mP2$vL', 'correct horse battery staple', 'Tr0ub4dor&3']) expect(hasBreachedFormat(p), p).toBe(false);
  });
});

describe('policy coverage', () => {
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
  it('counts accounts per level, per missing and per failed milestone, and needing attention', () => {
    const overview = overviewOf([
      computeMilestones(bare),
      computeMilestones({ ...bare, totp: 'valid' }),
      computeMilestones({ ...bare, totp: 'valid', managedEmail: 'a@t.test', contactConfirmedAt: DAY, lastVerification: { succeeded: false, at: DAY } }),
    ]);
    expect(overview).toEqual({
      total: 3,
      distribution: [1, 1, 1, 0, 0, 0],
      missing: { credentials: 3, managedContact: 2, managedMfa: 1, shared: 3, rotation: 3 },
      failed: { credentials: 1, managedContact: 0, managedMfa: 0, shared: 0, rotation: 0 },
      needsAttention: 1,
    });
  });
});
