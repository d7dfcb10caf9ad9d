// Approval notices (issue 19 item 2) on a real vault, scheduler and decrypt approvals. The OS
// notification itself is Electron's and cannot run here: a stand-in records each notice and
// answers as a person would (Approve, Later, a click, closing it).
import { describe, expect, it } from 'vitest';
import { ApprovalNotices, noticeFor, type ApprovalNotice, type NoticeAnswer } from '../../../main/rotation/approvals/approval-notices';
import { DecryptApprovals } from '../../../main/rotation/approvals/decrypt-approvals';
import { PolicyScheduler } from '../../../main/rotation/schedule/policy-scheduler';
import { createTestVault } from '../vault/helpers';

const HOUR = 3_600_000;

async function setup(answers: NoticeAnswer[]) {
  const now = { value: Date.UTC(2025, 5, 1, 12) };
  const { vault } = await createTestVault({ now: () => now.value });
  const names = ['Alpha', 'Beta', 'Gamma'];
  const ids = names.map((name, i) => vault.accounts.create({ name, urls: [`https://${name.toLowerCase()}.test`], username: 'u', password: `pw-${i}`, tags: [i < 2 ? 'finance' : 'ops'] }).id);
  const scheduler = new PolicyScheduler({ vault: () => vault, now: () => now.value });
  const approvals = new DecryptApprovals(() => vault, scheduler.jobs);
  const shown: ApprovalNotice[] = [];
  const badges: number[] = [];
  const opened: number[] = [];
  const notices = new ApprovalNotices({
    pending: () => approvals.pending(),
    decide: (jobId, decision) => approvals.decide(jobId, decision),
    show: async (notice) => {
      shown.push(notice);
      return answers.shift() ?? 'closed';
    },
    badge: (count) => badges.push(count),
    openApprovals: () => opened.push(now.value),
    warn: () => {},
    now: () => now.value,
  });
  const daily = (name: string, tag: string) => scheduler.addPolicy({ name, schedule: { type: 'interval', every: 1, unit: 'days', startAt: now.value + HOUR }, scope: { tags: [tag] } });
  return { now, vault, ids, names, scheduler, approvals, notices, shown, badges, opened, daily };
}

describe('approval notices: the badge and the OS notification (stand-in for Electron\'s Notification)', () => {
  it('announces newly waiting jobs once, without account names, and Approve approves exactly those (audited)', async () => {
    const { now, vault, names, scheduler, approvals, notices, shown, badges, daily } = await setup(['approve']);
    daily('Finance daily', 'finance');
    now.value += 2 * HOUR;
    scheduler.tick();
    expect(approvals.pending()).toHaveLength(2);

    await notices.update();
    expect(shown).toEqual([noticeFor(2, 2)]);
    expect(shown[0]!.title).toBe('2 password rotations wait for your approval');
    for (const name of names) expect(JSON.stringify(shown)).not.toContain(name);
    expect(approvals.pending()).toEqual([]);
    expect(scheduler.jobs.list().map((job) => job.status)).toEqual(['queued', 'queued']);
    expect(badges).toEqual([2, 0]);
    expect(vault.audit.entries().filter((e) => e.kind === 'approval.grant')).toHaveLength(2);

    // Nothing new waits: no second notice.
    await notices.update();
    expect(shown).toHaveLength(1);
  });

  it('Later asks again only after an hour, and a job that starts waiting meanwhile gets its own notice', async () => {
    const { now, scheduler, approvals, notices, shown, daily } = await setup(['later', 'later', 'later']);
    daily('Finance daily', 'finance');
    now.value += 2 * HOUR;
    scheduler.tick();
    await notices.update();
    expect(shown).toHaveLength(1);

    await notices.update();
    now.value += 30 * 60_000;
    await notices.update();
    expect(shown).toHaveLength(1);

    // The ops policy's job starts waiting two hours later; by then the finance jobs' hour of
    // quiet has passed too, so one notice announces all three.
    daily('Ops daily', 'ops');
    now.value += 2 * HOUR;
    scheduler.tick();
    await notices.update();
    expect(shown[1]).toEqual(noticeFor(3, 3));
    expect(approvals.pending()).toHaveLength(3);
  });

  it('a click opens the app\'s approvals and decides nothing; a job decided in the app meanwhile is left as decided', async () => {
    const { now, scheduler, approvals, notices, opened, daily } = await setup(['open']);
    daily('Finance daily', 'finance');
    now.value += 2 * HOUR;
    scheduler.tick();
    await notices.update();
    expect(opened).toHaveLength(1);
    expect(approvals.pending()).toHaveLength(2);

    // Approve arrives after the person denied one job in the app: only the other is approved.
    const later = await setup([]);
    let answer: (value: NoticeAnswer) => void = () => {};
    const slow = new ApprovalNotices({
      pending: () => later.approvals.pending(),
      decide: (jobId, decision) => later.approvals.decide(jobId, decision),
      show: () => new Promise<NoticeAnswer>((resolve) => (answer = resolve)),
      badge: () => {},
      openApprovals: () => {},
      warn: () => {},
      now: () => later.now.value,
    });
    later.daily('Finance daily', 'finance');
    later.now.value += 2 * HOUR;
    later.scheduler.tick();
    const showing = slow.update();
    const [denied, kept] = later.approvals.pending();
    later.approvals.decide(denied!.id, 'deny');
    answer('approve');
    await showing;
    expect(later.scheduler.jobs.get(denied!.id).status).toBe('denied');
    expect(later.scheduler.jobs.get(kept!.id).status).toBe('queued');
  });

  it('clears the badge on lock and announces what still waits after the next unlock', async () => {
    const { now, scheduler, notices, shown, badges, daily } = await setup(['later', 'later']);
    daily('Finance daily', 'finance');
    now.value += 2 * HOUR;
    scheduler.tick();
    await notices.update();
    notices.reset();
    expect(badges.at(-1)).toBe(0);
    await notices.update();
    expect(shown).toHaveLength(2);
  });
});
