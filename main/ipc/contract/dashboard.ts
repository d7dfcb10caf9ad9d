// The dashboard: distribution of security levels, missing milestones, and password health
// (weak, reused by keyed fingerprint, old). Names and ids only; never a password.
import { z } from 'zod';
import { channel } from './define';
import type { DashboardView } from '../../dashboard/dashboard-view';

export type { DashboardView } from '../../dashboard/dashboard-view';
export type { AccountRef, PasswordHealth } from '../../dashboard/password-health';
export type { LevelOverview } from '../../milestones/milestones';

export const dashboardChannels = {
  'dashboard.overview': channel<DashboardView>()(z.strictObject({})),
};
