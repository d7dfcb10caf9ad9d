// Waiting decrypt approvals reach the person outside the app window: the app badge counts the
// jobs that wait, and each job that starts waiting is announced once in an OS notification
// with Approve and Later. Approve decides each announced job (`approve-job`, audited like the
// app's button); Later, or closing the notice, asks again after `snoozeMs` if the jobs still
// wait; a click opens the app's approvals. The notice names no account: an OS notification can
// show on a locked screen. What shows a notice and sets the badge is the platform's
// (main/app/approval-notifications.ts in Electron); this module decides when and what.
import type { Job } from '../schedule/job-queue';
import type { ApprovalDecision } from './decrypt-approvals';

export type NoticeAnswer = 'approve' | 'later' | 'open' | 'closed';

export interface ApprovalNotice {
  title: string;
  body: string;
}

export interface ApprovalNoticesOptions {
  /** Jobs waiting for a decrypt approval now. */
  pending(): Job[];
  decide(jobId: string, decision: ApprovalDecision): unknown;
  /** Shows the notice; resolves with what the person did with it. */
  show(notice: ApprovalNotice): Promise<NoticeAnswer>;
  /** The number on the app's icon (0 clears it). */
  badge(count: number): void;
  /** Brings the app's approvals forward. */
  openApprovals(): void;
  /** Logged, never thrown: a notice that could not be handled must not stop the scheduler. */
  warn(message: string, code: string): void;
  /** How long Later (or closing the notice) waits before asking again; default one hour. */
  snoozeMs?: number;
  now?: () => number;
}

export const NOTICE_SNOOZE_MS = 60 * 60_000;

export class ApprovalNotices {
  /** Job id → when it may be announced again (announced jobs wait for their snooze; approved ones leave the list). */
  readonly #quietUntil = new Map<string, number>();
  #showing = false;

  constructor(private readonly options: ApprovalNoticesOptions) {}

  get #now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * Sets the badge and announces the jobs that newly wait (or whose snooze ended). Called when
   * the scheduler says jobs wait and after any decision. Resolves once the notice is answered.
   */
  async update(): Promise<void> {
    const waiting = this.options.pending();
    this.options.badge(waiting.length);
    const waitingIds = new Set(waiting.map((job) => job.id));
    for (const id of this.#quietUntil.keys()) if (!waitingIds.has(id)) this.#quietUntil.delete(id);
    if (this.#showing) return;
    const now = this.#now;
    const fresh = waiting.filter((job) => (this.#quietUntil.get(job.id) ?? 0) <= now);
    if (fresh.length === 0) return;
    const snoozeMs = this.options.snoozeMs ?? NOTICE_SNOOZE_MS;
    for (const job of fresh) this.#quietUntil.set(job.id, now + snoozeMs);
    this.#showing = true;
    let answer: NoticeAnswer;
    try {
      answer = await this.options.show(noticeFor(fresh.length, waiting.length));
    } catch {
      this.options.warn('rotation: could not show the approval notification', 'NOTIFICATION_FAILED');
      return;
    } finally {
      this.#showing = false;
    }
    if (answer === 'open') this.options.openApprovals();
    if (answer !== 'approve') return;
    for (const job of fresh) {
      // A job approved or denied in the app meanwhile is left as the person decided it.
      if (!this.options.pending().some((p) => p.id === job.id)) continue;
      try {
        this.options.decide(job.id, 'approve-job');
      } catch {
        this.options.warn('rotation: a job could not be approved from the notification', 'APPROVAL_FAILED');
      }
    }
    this.options.badge(this.options.pending().length);
  }

  /** On lock: the badge clears, and the next unlock announces what still waits. */
  reset(): void {
    this.#quietUntil.clear();
    this.options.badge(0);
  }
}

/** What the notice says: how many new rotations wait, never which accounts. */
export function noticeFor(fresh: number, waiting: number): ApprovalNotice {
  const rotations = (n: number) => `${n} password rotation${n === 1 ? '' : 's'}`;
  return {
    title: `${rotations(fresh)} ${fresh === 1 ? 'waits' : 'wait'} for your approval`,
    body: `Approve lets Tessera decrypt ${fresh === 1 ? 'the account' : 'these accounts'} and change ${fresh === 1 ? 'its password' : 'their passwords'} now.${waiting > fresh ? ` ${rotations(waiting)} wait in all.` : ''} Open Tessera to see which.`,
  };
}
