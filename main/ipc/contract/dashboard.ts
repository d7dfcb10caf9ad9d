// The dashboard: distribution of security levels, missing milestones, password health
// (weak, reused by keyed fingerprint, old), failed verifications, pending approvals and
// upcoming rotations. Names and ids only; never a password.
import { z } from 'zod';
import { channel } from './define';
import type { DashboardView } from '../../milestones/dashboard/dashboard-view';

export type { DashboardView } from '../../milestones/dashboard/dashboard-view';
export type { AccountRef, PasswordHealth } from '../../milestones/dashboard/password-health';
export type { LevelOverview } from '../../milestones/milestones';
export type { Attention, FailedVerification, PendingApproval, UpcomingRotation } from '../../milestones/dashboard/attention';

export const dashboardChannels = {
  'dashboard.overview': channel<DashboardView>()(z.strictObject({})),
};
