// The summary line of a bulk rotation: how many accounts were rotated, kept unchanged,
// need reconciling or failed. Pure, so the grouping is unit-tested.
import type { AccountRotationView } from '../../../main/ipc/contract/rotation';

/** Every report falls in exactly one group; a report without an outcome counts as failed. */
export function summarize(reports: readonly AccountRotationView[]) {
  const count = (test: (r: AccountRotationView) => boolean) => reports.filter(test).length;
  return {
    rotated: count((r) => !r.error && r.outcome === 'rotated'),
    unchanged: count((r) => !r.error && r.outcome === 'unchanged'),
    reconcile: count((r) => !r.error && r.outcome === 'reconcile'),
    failed: count((r) => r.error !== undefined || r.outcome === undefined),
  };
}
