// Decrypt approval: scheduled and event-triggered rotations of locally vaulted
// accounts wait until a person approves decrypting the account. This dialog names the
// account, the site and the task of the first waiting job and offers: approve this job,
// approve its batch for one hour, or deny. It checks when mounted and on every
// `rotation.approvalNeeded` event, and shows nothing while no job waits. It opens by itself,
// with no trigger, so it gives focus back to whatever had it when it opened. When several
// jobs wait (e.g. after unlocking), one grouped dialog lists them all with one decision.
import * as Dialog from '@radix-ui/react-dialog';
import { useCallback, useEffect, useState } from 'react';
import type { JobView } from '../../../main/ipc/contract/rotation';
import { messageOf, tessera, unwrap } from '../api';
import { useReturnFocus } from './use-return-focus';
import { DialogClose } from './DialogClose';

const TASK_LABEL: Record<JobView['task'], string> = {
  rotate: 'change its password',
  'logout-and-rotate': 'sign out of all its sessions and change its password',
};

export function ApprovalDialog() {
  const [waiting, setWaiting] = useState<JobView[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setWaiting((await unwrap(tessera().rotation.jobs({ status: 'needs_approval' }))).jobs);
    } catch {
      setWaiting([]); // locked: nothing to approve
    }
  }, []);

  useEffect(() => {
    void load();
    return tessera().on('rotation.approvalNeeded', () => void load());
  }, [load]);

  async function decide(decision: 'approve-job' | 'approve-batch' | 'deny') {
    const job = waiting[0];
    if (!job) return;
    try {
      await unwrap(tessera().rotation.decide({ jobId: job.id, decision }));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
    await load();
  }

  /** Several jobs wait: one decision for all of them (a batch is approved once, for its hour). */
  async function decideAll(approve: boolean) {
    const batchesDone = new Set<string>();
    try {
      for (const job of waiting) {
        if (approve && job.batchId) {
          if (batchesDone.has(job.batchId)) continue;
          batchesDone.add(job.batchId);
          await unwrap(tessera().rotation.decide({ jobId: job.id, decision: 'approve-batch' }));
        } else {
          await unwrap(tessera().rotation.decide({ jobId: job.id, decision: approve ? 'approve-job' : 'deny' }));
        }
      }
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
    await load();
  }

  const job = waiting[0];
  const returnFocus = useReturnFocus(job !== undefined);
  const batchSize = job?.batchId ? waiting.filter((other) => other.batchId === job.batchId).length : 1;
  const grouped = waiting.length > 1;
  return (
    <Dialog.Root open={job !== undefined} onOpenChange={(open) => { if (!open) setWaiting([]); }}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        {job && grouped && (
          <Dialog.Content className="dialog wide" data-testid="approval-dialog" onCloseAutoFocus={returnFocus}>
            <Dialog.Title>Approve {waiting.length} password rotations?</Dialog.Title>
            <Dialog.Description asChild>
              <div>
                <p>Each rotation decrypts its account, logs in to the site and changes the password. Nothing runs until you approve.</p>
                <ul className="approval-list" data-testid="approval-list">
                  {waiting.map((w) => (
                    <li key={w.id}>
                      <strong>{w.accountName}</strong>{w.site && <span className="muted"> · {w.site}</span>}
                      <span className="muted"> · {TASK_LABEL[w.task]} · {w.reason}</span>
                    </li>
                  ))}
                </ul>
                {error && <p className="form-error" role="alert">{error}</p>}
              </div>
            </Dialog.Description>
            <div className="dialog-actions">
              <button type="button" className="danger" onClick={() => void decideAll(false)}>Deny all</button>
              <button type="button" className="primary" onClick={() => void decideAll(true)}>Approve all {waiting.length}</button>
            </div>
            <DialogClose />
          </Dialog.Content>
        )}
        {job && !grouped && (
          <Dialog.Content className="dialog wide" data-testid="approval-dialog" onCloseAutoFocus={returnFocus}>
            <Dialog.Title>Approve decrypting {job.accountName}?</Dialog.Title>
            <Dialog.Description asChild>
              <div>
                <p>
                  A rotation job wants to decrypt <strong>{job.accountName}</strong>
                  {job.site && <> and log in to <strong>{job.site}</strong></>} to {TASK_LABEL[job.task]}.
                </p>
                <p className="muted">Why: {job.reason}</p>
                {error && <p className="form-error" role="alert">{error}</p>}
              </div>
            </Dialog.Description>
            <div className="dialog-actions">
              <button type="button" className="danger" onClick={() => void decide('deny')}>Deny</button>
              {job.batchId && <button type="button" onClick={() => void decide('approve-batch')}>Approve this batch for one hour{batchSize > 1 ? ` (${batchSize} jobs)` : ''}</button>}
              <button type="button" className="primary" onClick={() => void decide('approve-job')}>Approve this job</button>
            </div>
            <DialogClose />
          </Dialog.Content>
        )}
      </Dialog.Portal>
    </Dialog.Root>
  );
}
