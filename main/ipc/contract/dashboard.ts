// The dashboard: distribution of security levels, missing milestones, password health
// (weak, reused by keyed fingerprint, old), failed verifications, pending approvals and
// upcoming rotations. Names and ids only; never a password.
import { z } from 'zod';
import { channel } from './define';
import type { DashboardView } from '../../dashboard/dashboard-view';

export type { DashboardView } from '../../dashboard/dashboard-view';
export type { AccountRef, PasswordHealth } from '../../dashboard/password-health';
export type { LevelOverview } from '../../milestones/milestones';
export type { Attention, FailedVerification, PendingApproval, UpcomingRotation } from '../../dashboard/attention';

export const dashboardChannels = {
  'dashboard.overview': channel<DashboardView>()(z.strictObject({})),
};
