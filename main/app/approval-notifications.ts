// Electron's side of approval notices (main/rotation/approvals/approval-notices.ts): an OS
// notification with Approve and Later — buttons where the OS shows them (macOS); elsewhere a
// click on the notice opens the app, where the approval dialog asks — and the count of waiting
// approvals on the app's icon (macOS dock, Linux launchers that support it).
import { app, Notification } from 'electron';
import { ApprovalNotices, type ApprovalNotice, type NoticeAnswer } from '../rotation/approvals/approval-notices';
import type { Logger } from '../logger';
import type { Services } from '../services';

function showApprovalNotice(notice: ApprovalNotice): Promise<NoticeAnswer> {
  if (!Notification.isSupported()) return Promise.resolve('closed');
  return new Promise((resolve) => {
    const shown = new Notification({
      title: notice.title,
      body: notice.body,
      actions: [{ type: 'button', text: 'Approve' }, { type: 'button', text: 'Later' }],
      closeButtonText: 'Later',
      timeoutType: 'never',
    });
    shown.on('action', (_event, index) => resolve(index === 0 ? 'approve' : 'later'));
    shown.on('click', () => resolve('open'));
    shown.on('close', () => resolve('closed'));
    shown.on('failed', () => resolve('closed'));
    shown.show();
  });
}

/** Announces waiting approvals while the app runs; `showMain` brings the window (and its approval dialog) forward. */
export function startApprovalNotifications(services: Services, showMain: () => void, log: Logger): void {
  const notices = new ApprovalNotices({
    pending: () => services.rotation.approvals.pending(),
    decide: (jobId, decision) => services.rotation.approvals.decide(jobId, decision),
    show: showApprovalNotice,
    badge: (count) => app.setBadgeCount(count),
    openApprovals: () => {
      showMain();
      // The renderer's approval dialog opens on this event.
      const waiting = services.rotation.approvals.pending().length;
      if (waiting > 0) services.events.emit('rotation.approvalNeeded', { jobs: waiting });
    },
    warn: (message, code) => log.warn(message, { code }),
  });
  services.events.subscribe((event) => {
    if (event === 'vault.locked') notices.reset();
    else if (event === 'rotation.approvalNeeded' || event === 'rotation.result') {
      notices.update().catch(() => undefined); // a locked vault between the event and the read: the next event tries again
    }
  });
}
