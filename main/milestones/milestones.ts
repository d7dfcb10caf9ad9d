// The five milestones of docs/architecture.md and the security level they add up to, computed from
// facts about one account. Pure: the one facts service (main/milestones/facts-service.ts)
// gathers the facts from the vault, logins, inbox, sharing and rotation; this module only
// decides what they mean and what would complete each milestone. A milestone is awarded only
// on proof (a verified login, a valid TOTP key, a managed address that received mail, a real
// grant, a policy that can run), and what failed is reported as failed, never as "not yet".

export const MILESTONE_IDS = ['credentials', 'managedContact', 'managedMfa', 'shared', 'rotation'] as const;
export type MilestoneId = (typeof MILESTONE_IDS)[number];

export const MILESTONE_TITLES: Record<MilestoneId, string> = {
  credentials: 'Credentials correct',
  managedContact: 'Managed email/phone',
  managedMfa: 'Managed MFA',
  shared: 'Shared',
  rotation: 'Automatic rotation',
};

/** What lowers "credentials correct" to a warning even after a successful login. */
export type PasswordIssue = 'weak' | 'reused' | 'breached-format';

/** Why an enabled policy covering the account cannot rotate it. */
export type RotationBlocker = 'no-url' | 'no-password';

/** What Tessera knows about an account that bears on its milestones. */
export type AccountFacts = {
  /**
   * The last login that checked the credentials: automated, or (`by: 'person'`) one a person
   * made in their browser with the extension; null if none ever ran.
   */
  lastVerification: { succeeded: boolean; at: number; by?: 'person' } | null;
  /** Issues of the current password ([] none); 'pending' while its strength is still being scored. */
  passwordIssues: PasswordIssue[] | 'pending';
  managedEmail: string;
  managedPhone: string;
  /** When the managed address or number last received a message routed to the account; null: never. */
  contactConfirmedAt: number | null;
  /** The stored TOTP: a usable authenticator key, a secret that cannot be one, none, or not read yet. */
  totp: 'valid' | 'invalid' | 'none' | 'pending';
  /** The site offers no TOTP; its codes come to the managed email or phone (the account records which). */
  codesBy: '' | 'email' | 'sms';
  /** When a one-time code last arrived at the managed address or number; null: never. */
  lastCodeAt: number | null;
  /** Other people holding a role on the account (directly, through a team or a partner). */
  otherRoleHolders: number;
  /** Whether an enabled password policy covers the account. */
  rotationPolicy: boolean;
  /** What keeps a covering policy from rotating it ([] when it can run). */
  rotationBlockers: RotationBlocker[];
  /** The last rotation job that finished (done or failed); null if none did. */
  lastRotation: { failed: boolean; at: number } | null;
};

/** The one thing a person can do in the app today to complete a milestone. */
export type MilestoneAction = 'set-managed-contact' | 'add-totp';

/**
 * achieved: proven. warning: it works but something lowers it (weak password). failed: it was
 * tried or configured and does not work. pending: the proof is being computed. missing: not set up.
 * Only `achieved` counts toward the level.
 */
export type MilestoneStatus = 'achieved' | 'warning' | 'failed' | 'pending' | 'missing';

export type MilestoneState = {
  id: MilestoneId;
  title: string;
  /** Same as `status === 'achieved'`. */
  achieved: boolean;
  status: MilestoneStatus;
  /** Why it is achieved (achieved) or what is wrong or missing, in one or two sentences. */
  detail: string;
  /** Null when nothing in the app can complete it yet; `detail` then says what will. */
  action: MilestoneAction | null;
  /** When `detail` names a day (UTC, YYYY-MM-DD): the moment it refers to, for the app to show in the person's locale. */
  at?: number;
};

export type AttentionReason = 'verification-failed' | 'password-issues' | 'totp-invalid' | 'rotation-failed';

export type AccountMilestones = {
  /** 0–5: one point per achieved milestone. */
  level: number;
  milestones: MilestoneState[];
  attention: AttentionReason[];
};

/** `at`: the moment behind the day `detail` names (UTC, YYYY-MM-DD), so the app can show it in the person's locale. */
type Judgement = { status: MilestoneStatus; detail: string; action: MilestoneAction | null; at?: number };

export function computeMilestones(facts: AccountFacts): AccountMilestones {
  const milestones = MILESTONE_IDS.map((id) => {
    const judged = judge(id, facts);
    return { id, title: MILESTONE_TITLES[id], achieved: judged.status === 'achieved', ...judged };
  });
  const attention: AttentionReason[] = [];
  if (facts.lastVerification?.succeeded === false) attention.push('verification-failed');
  if (Array.isArray(facts.passwordIssues) && facts.passwordIssues.length > 0) attention.push('password-issues');
  if (facts.totp === 'invalid') attention.push('totp-invalid');
  if (facts.lastRotation?.failed) attention.push('rotation-failed');
  return { level: milestones.filter((m) => m.achieved).length, milestones, attention };
}

const ISSUE_TEXT: Record<PasswordIssue, string> = {
  weak: 'weak (easy to guess)',
  reused: 'used by another account too',
  'breached-format': 'shaped like passwords in breach lists (a word, digits and a symbol)',
};

function judge(id: MilestoneId, facts: AccountFacts): Judgement {
  switch (id) {
    case 'credentials':
      return judgeCredentials(facts);
    case 'managedContact':
      return judgeContact(facts);
    case 'managedMfa':
      return judgeMfa(facts);
    case 'shared':
      return facts.otherRoleHolders > 0
        ? { status: 'achieved', detail: `${facts.otherRoleHolders} other ${facts.otherRoleHolders === 1 ? 'person holds' : 'people hold'} a role on it.`, action: null }
        : { status: 'missing', detail: 'Only you can use it. Share it with a teammate or a team (Share on the account page, or tessera share).', action: null };
    case 'rotation':
      return judgeRotation(facts);
  }
}

function judgeCredentials(facts: AccountFacts): Judgement {
  const last = facts.lastVerification;
  if (last === null) return { status: 'missing', detail: 'Not verified: no automated login has checked these credentials yet. Use Verify on the account page (or tessera login verify).', action: null };
  const login = last.by === 'person' ? 'The last login (by a person, in their browser)' : 'The last automated login';
  if (!last.succeeded) return { status: 'failed', detail: `${login} failed (${isoDate(last.at)}). Check the password and username, then verify again.`, action: null, at: last.at };
  if (facts.passwordIssues === 'pending') return { status: 'pending', detail: `${login} succeeded (${isoDate(last.at)}); the password's strength is still being checked.`, action: null, at: last.at };
  if (facts.passwordIssues.length > 0) {
    return { status: 'warning', detail: `${login} succeeded (${isoDate(last.at)}), but the password is ${facts.passwordIssues.map((i) => ISSUE_TEXT[i]).join(' and ')}. Rotate it to a generated one.`, action: null, at: last.at };
  }
  return { status: 'achieved', detail: `${login} succeeded (${isoDate(last.at)}) and the password is strong and unique.`, action: null, at: last.at };
}

function judgeContact(facts: AccountFacts): Judgement {
  const held = [facts.managedEmail && `email ${facts.managedEmail}`, facts.managedPhone && `phone ${facts.managedPhone}`].filter(Boolean).join(' and ');
  if (!held) return { status: 'missing', detail: 'Recovery and 2FA messages go to an address the team does not manage. Set a managed email alias or phone number.', action: 'set-managed-contact' };
  if (facts.contactConfirmedAt === null) {
    return { status: 'missing', detail: `The managed ${held} is set but has not received anything yet. Change the site's recovery address to it, then have the site send a message (a code or a test mail).`, action: null };
  }
  return { status: 'achieved', detail: `Recovery goes to the team-managed ${held}, which received mail on ${isoDate(facts.contactConfirmedAt)}.`, action: null, at: facts.contactConfirmedAt };
}

function judgeMfa(facts: AccountFacts): Judgement {
  if (facts.totp === 'pending') return { status: 'pending', detail: 'The second factor the vault holds is still being checked.', action: null };
  if (facts.totp === 'valid') return { status: 'achieved', detail: 'The vault holds the TOTP secret and generates the codes.', action: null };
  if (facts.totp === 'invalid') {
    return { status: 'failed', detail: 'The stored TOTP secret is not a usable authenticator key (too short or malformed). Import it again from the site’s 2FA settings.', action: 'add-totp' };
  }
  if (facts.codesBy) {
    const where = facts.codesBy === 'email' ? facts.managedEmail && `the managed email ${facts.managedEmail}` : facts.managedPhone && `the managed phone ${facts.managedPhone}`;
    if (!where) return { status: 'missing', detail: `The site sends its codes by ${facts.codesBy === 'email' ? 'email' : 'SMS'}, but the account has no managed ${facts.codesBy === 'email' ? 'email' : 'phone'}. Set one.`, action: 'set-managed-contact' };
    if (facts.lastCodeAt === null) return { status: 'missing', detail: `The site sends its codes to ${where}, but no code has arrived there yet. Verify the login once so the site sends one.`, action: null };
    return { status: 'achieved', detail: `The site offers no authenticator app; its codes arrive at ${where} (last on ${isoDate(facts.lastCodeAt)}) and logins read them.`, action: null, at: facts.lastCodeAt };
  }
  return { status: 'missing', detail: 'No second factor is held by the vault. Add the TOTP secret (or otpauth:// link) from the site’s 2FA settings.', action: 'add-totp' };
}

const BLOCKER_TEXT: Record<RotationBlocker, string> = { 'no-url': 'it has no login URL', 'no-password': 'it has no password' };

function judgeRotation(facts: AccountFacts): Judgement {
  if (!facts.rotationPolicy) return { status: 'missing', detail: 'No enabled password policy covers it yet. Add a rotation policy for this account, its tag or its site.', action: null };
  if (facts.rotationBlockers.length > 0) {
    return { status: 'failed', detail: `A policy covers it but cannot rotate it: ${facts.rotationBlockers.map((b) => BLOCKER_TEXT[b]).join(' and ')}.`, action: null };
  }
  if (facts.lastRotation?.failed) return { status: 'failed', detail: `The last automatic rotation failed (${isoDate(facts.lastRotation.at)}). Open its job to see why, then rotate again.`, action: null, at: facts.lastRotation.at };
  return { status: 'achieved', detail: 'A password policy rotates it automatically.', action: null };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export type LevelOverview = {
  total: number;
  /** distribution[n] = accounts at level n (n = 0…5). */
  distribution: number[];
  /** How many accounts miss each milestone (any status but achieved). */
  missing: Record<MilestoneId, number>;
  /** How many accounts have each milestone failed (a subset of `missing`). */
  failed: Record<MilestoneId, number>;
  needsAttention: number;
};

export function overviewOf(results: readonly AccountMilestones[]): LevelOverview {
  const distribution = Array.from({ length: MILESTONE_IDS.length + 1 }, () => 0);
  const zero = () => Object.fromEntries(MILESTONE_IDS.map((id) => [id, 0])) as Record<MilestoneId, number>;
  const missing = zero();
  const failed = zero();
  let needsAttention = 0;
  for (const result of results) {
    distribution[result.level]!++;
    for (const m of result.milestones) {
      if (!m.achieved) missing[m.id]++;
      if (m.status === 'failed') failed[m.id]++;
    }
    if (result.attention.length > 0) needsAttention++;
  }
  return { total: results.length, distribution, missing, failed, needsAttention };
}
