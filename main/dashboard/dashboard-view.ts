// What the dashboard shows, as plain data (no I/O imports, so the IPC contract can re-export it).
import type { LevelOverview, MilestoneId } from '../milestones/milestones';
import type { AccountRef, PasswordHealth } from './password-health';
import type { Attention } from './attention';

export type DashboardView = {
  levels: LevelOverview;
  /** Per milestone, the first accounts (by name) that miss it. */
  missingExamples: Record<MilestoneId, AccountRef[]>;
  passwords: PasswordHealth;
  /** Failed verifications, pending approvals and upcoming rotations. */
  attention: Attention;
};
