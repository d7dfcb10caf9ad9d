// What each milestone means, in the words the first-run guide and the dashboard use.
import type { MilestoneId } from '../../../main/ipc/contract/milestones';

export const MILESTONE_GUIDE: ReadonlyArray<{ id: MilestoneId; title: string; explanation: string }> = [
  { id: 'credentials', title: 'Credentials correct', explanation: 'an automated login with a real browser proved the username and password work (Verify on the account page).' },
  { id: 'managedContact', title: 'Managed email/phone', explanation: 'recovery and 2FA messages go to a team-managed alias or number, not to one person.' },
  { id: 'managedMfa', title: 'Managed MFA', explanation: 'the vault holds the TOTP secret, so the team never loses the second factor.' },
  { id: 'shared', title: 'Shared', explanation: 'at least one other member or team holds a role on it (Share… on the account page).' },
  { id: 'rotation', title: 'Automatic rotation', explanation: 'an enabled password policy covers it, so the password is changed on schedule (Add to a policy on the account page).' },
];

export const MILESTONE_TITLE: Record<MilestoneId, string> = Object.fromEntries(MILESTONE_GUIDE.map((m) => [m.id, m.title])) as Record<MilestoneId, string>;
