// The five milestones of docs/architecture.md and the security level they add up to, computed from
// stored facts about one account. Pure: the caller gathers the facts (main/milestones/
// account-facts.ts); this module only decides what they mean and what would complete each
// milestone. A milestone is never achieved on a fact Tessera does not hold yet.

export const MILESTONE_IDS = ['credentials', 'managedContact', 'managedMfa', 'shared', 'rotation'] as const;
export type MilestoneId = (typeof MILESTONE_IDS)[number];

export const MILESTONE_TITLES: Record<MilestoneId, string> = {
  credentials: 'Credentials correct',
  managedContact: 'Managed email/phone',
  managedMfa: 'Managed MFA',
  shared: 'Shared',
  rotation: 'Automatic rotation',
};

/** What Tessera knows about an account that bears on its milestones. */
export type AccountFacts = {
  /** The last automated login that checked the credentials; null if none ever ran. */
  lastVerification: { succeeded: boolean; at: number } | null;
  managedEmail: string;
  managedPhone: string;
  hasTotp: boolean;
  /** Members, teams or partners other than you holding a role on the account. */
  otherRoleHolders: number;
  /** Whether a password policy covers the account. */
  rotationPolicy: boolean;
};

/** The one thing a person can do in the app today to complete a milestone. */
export type MilestoneAction = 'set-managed-contact' | 'add-totp';

export type MilestoneState = {
  id: MilestoneId;
  title: string;
  achieved: boolean;
  /** Why it is achieved (achieved) or what is missing (not achieved), in one sentence. */
  detail: string;
  /** Null when nothing in the app can complete it yet; `detail` then says what will. */
  action: MilestoneAction | null;
};

export type AttentionReason = 'verification-failed';

export type AccountMilestones = {
  /** 0–5: one point per achieved milestone. */
  level: number;
  milestones: MilestoneState[];
  attention: AttentionReason[];
};

export function computeMilestones(facts: AccountFacts): AccountMilestones {
  const milestones = MILESTONE_IDS.map((id) => ({ id, title: MILESTONE_TITLES[id], ...judge(id, facts) }));
  return {
    level: milestones.filter((m) => m.achieved).length,
    milestones,
    attention: facts.lastVerification?.succeeded === false ? ['verification-failed'] : [],
  };
}

function judge(id: MilestoneId, facts: AccountFacts): { achieved: boolean; detail: string; action: MilestoneAction | null } {
  switch (id) {
    case 'credentials': {
      const last = facts.lastVerification;
      if (last === null) {
        return { achieved: false, detail: 'Not verified: no automated login has checked these credentials yet. Use Verify on the account page (or tessera login verify).', action: null };
      }
      return last.succeeded
        ? { achieved: true, detail: `The last automated login succeeded (${isoDate(last.at)}).`, action: null }
        : { achieved: false, detail: `The last automated login failed (${isoDate(last.at)}). Check the password and username.`, action: null };
    }
    case 'managedContact': {
      const held = [facts.managedEmail && `email ${facts.managedEmail}`, facts.managedPhone && `phone ${facts.managedPhone}`].filter(Boolean);
      return held.length > 0
        ? { achieved: true, detail: `Recovery goes to the team-managed ${held.join(' and ')}.`, action: null }
        : { achieved: false, detail: 'Recovery and 2FA messages go to an address the team does not manage. Set a managed email alias or phone number.', action: 'set-managed-contact' };
    }
    case 'managedMfa':
      return facts.hasTotp
        ? { achieved: true, detail: 'The vault holds the TOTP secret and generates the codes.', action: null }
        : { achieved: false, detail: 'No second factor is held by the vault. Add the TOTP secret (or otpauth:// link) from the site’s 2FA settings.', action: 'add-totp' };
    case 'shared':
      return facts.otherRoleHolders > 0
        ? { achieved: true, detail: `${facts.otherRoleHolders} other ${facts.otherRoleHolders === 1 ? 'person or team holds' : 'people or teams hold'} a role on it.`, action: null }
        : { achieved: false, detail: 'Only you can use it. Sharing with a member or team arrives with team sync.', action: null };
    case 'rotation':
      return facts.rotationPolicy
        ? { achieved: true, detail: 'A password policy rotates it automatically.', action: null }
        : { achieved: false, detail: 'No enabled password policy covers it yet. Add a rotation policy for this account, its tag or its site.', action: null };
  }
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export type LevelOverview = {
  total: number;
  /** distribution[n] = accounts at level n (n = 0…5). */
  distribution: number[];
  /** How many accounts miss each milestone. */
  missing: Record<MilestoneId, number>;
  needsAttention: number;
};

export function overviewOf(results: readonly AccountMilestones[]): LevelOverview {
  const distribution = Array.from({ length: MILESTONE_IDS.length + 1 }, () => 0);
  const missing = Object.fromEntries(MILESTONE_IDS.map((id) => [id, 0])) as Record<MilestoneId, number>;
  let needsAttention = 0;
  for (const result of results) {
    distribution[result.level]!++;
    for (const m of result.milestones) if (!m.achieved) missing[m.id]++;
    if (result.attention.length > 0) needsAttention++;
  }
  return { total: results.length, distribution, missing, needsAttention };
}
