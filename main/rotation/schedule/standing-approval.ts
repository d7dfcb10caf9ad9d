// A standing approval, pure: an Owner's decrypt approval given once, ahead of time, for one
// policy's runs during a bounded period (1 hour – 30 days), instead of per job. It lives in the
// policy's sealed record. Unless "keep while locked" was chosen it counts only during the unlock
// in which it was given (the vault names each unlock in memory), so locking — or the app
// quitting — ends it without anything being written.
import { z } from 'zod';

export const STANDING_APPROVAL_MIN_MS = 60 * 60_000;
export const STANDING_APPROVAL_MAX_MS = 30 * 86_400_000;

export const StandingApprovalSchema = z.object({
  grantedAt: z.number().int().min(0),
  expiresAt: z.number().int().min(0),
  keepWhileLocked: z.boolean(),
  /** The unlock it was given in; null when it keeps while locked. */
  unlockId: z.string().min(1).max(64).nullable(),
});
export type StandingApproval = z.output<typeof StandingApprovalSchema>;

/** The standing approval stored with a policy's data, or null (none, or unreadable). */
export function standingApprovalOf(policyData: unknown): StandingApproval | null {
  if (typeof policyData !== 'object' || policyData === null) return null;
  const parsed = StandingApprovalSchema.safeParse((policyData as { standingApproval?: unknown }).standingApproval);
  return parsed.success ? parsed.data : null;
}

/** Why it does not count now (expired, the vault locked since), or null while it does. */
export function whyNotStanding(approval: StandingApproval, now: number, unlockId: string | null): string | null {
  if (now >= approval.expiresAt) return 'it expired';
  if (!approval.keepWhileLocked && (unlockId === null || approval.unlockId !== unlockId)) return 'the vault was locked since';
  return null;
}

export function isStanding(approval: StandingApproval | null, now: number, unlockId: string | null): boolean {
  return approval !== null && whyNotStanding(approval, now, unlockId) === null;
}
