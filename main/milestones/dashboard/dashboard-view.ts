// What the dashboard shows, as plain data (no I/O imports, so the IPC contract can re-export it).
import type { LevelOverview, MilestoneId } from '../milestones';
import type { AccountRef, PasswordHealth } from './password-health';
import type { Attention } from './attention';

export type DashboardView = {
  levels: LevelOverview;
  /** Per milestone, the first accounts (by name) that miss it. */
  missingExamples: Record<MilestoneId, AccountRef[]>;
  /** Null until every password is scored (the first time at 10k takes minutes); see passwordCheck. */
  passwords: PasswordHealth | null;
  /** How many of the stored passwords are scored so far. */
  passwordCheck: { scored: number; total: number };
  /** Failed verifications, pending approvals and upcoming rotations. */
  attention: Attention;
};
