// Bulk rotation of the accounts chosen in the list (Owners): a Radix confirmation naming the
// count and how many run at once, then a dialog with overall progress, each account's live
// state from `rotation.progress` / `rotation.result`, and a final summary of rotated,
// unchanged, needs-reconciling and failed accounts. Focus stays in the dialog until Close.
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState } from 'react';
import type { AccountRotationView } from '../../../main/ipc/contract/rotation';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { STATE_LABEL } from '../components/RotationPanel';
import { useReturnFocus } from '../components/use-return-focus';
import { summarize } from './bulk-rotation-summary';
import { DialogClose } from '../components/DialogClose';

/** How many rotations run at once (each drives its own browser page). */
export const BULK_CONCURRENCY = 4;

type Chosen = ReadonlyArray<{ id: string; name: string }>;
type Row = { id: string; name: string; state: string | null; report: AccountRotationView | null };

const OUTCOME_LABEL: Record<NonNullable<AccountRotationView['outcome']>, string> = {
  rotated: 'Rotated',
  unchanged: 'Unchanged: the old password still works',
  reconcile: 'Needs reconciling: open the account to say which password works',
};

function outcomeText(report: AccountRotationView): string {
  if (report.error) return `Failed: ${report.error.message}`;
  return report.outcome ? OUTCOME_LABEL[report.outcome] : 'Finished';
}

export function BulkRotation({ chosen, confirming, onConfirmingChange, onFinished, focusAfter }: {
  chosen: Chosen;
  confirming: boolean;
  onConfirmingChange: (open: boolean) => void;
  /** After the last account finished (the list reloads). */
  onFinished: () => void;
  /** Where focus goes when the progress dialog closes (it opens from the confirmation, which is gone by then). */
  focusAfter?: () => HTMLElement | null;
}) {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = useRef(new Set<string>());
  const returnFocus = useReturnFocus(rows !== null, focusAfter);

  useEffect(() => {
    const update = (accountId: string, patch: Partial<Row>) =>
      setRows((current) => current && current.map((row) => (row.id === accountId ? { ...row, ...patch } : row)));
    const offProgress = tessera().on('rotation.progress', (event) => {
      if (ids.current.has(event.accountId) && event.step === undefined) update(event.accountId, { state: event.state });
    });
    const offResult = tessera().on('rotation.result', (report) => {
      if (ids.current.has(report.accountId)) update(report.accountId, { report });
    });
    return () => {
      offProgress();
      offResult();
    };
  }, []);

  async function start() {
    onConfirmingChange(false);
    ids.current = new Set(chosen.map((c) => c.id));
    setRows(chosen.map((c) => ({ id: c.id, name: c.name, state: null, report: null })));
    setError(null);
    setRunning(true);
    try {
      const { reports } = await unwrap(tessera().rotation.rotateMany({ ids: chosen.map((c) => c.id), concurrency: BULK_CONCURRENCY }));
      // The reply is the authority: it also covers results whose event was missed.
      const byId = new Map(reports.map((r) => [r.accountId, r]));
      setRows((current) => current && current.map((row) => ({ ...row, report: byId.get(row.id) ?? row.report })));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setRunning(false);
      onFinished();
    }
  }

  const reports = (rows ?? []).flatMap((row) => (row.report ? [row.report] : []));
  const done = reports.length;
  const total = rows?.length ?? 0;
  const summary = summarize(reports);
  const plural = (n: number) => (n === 1 ? 'account' : 'accounts');

  return (
    <>
      <ConfirmDialog open={confirming} onOpenChange={onConfirmingChange} title={`Rotate the passwords of ${chosen.length} ${plural(chosen.length)}?`}
        confirmLabel={`Rotate ${chosen.length} ${plural(chosen.length)}`} onConfirm={() => void start()}>
        <p>
          {chosen.length === 1 ? 'Tessera logs' : chosen.length <= BULK_CONCURRENCY ? `Tessera rotates all ${chosen.length} side by side: for each, it logs` : `Tessera rotates ${BULK_CONCURRENCY} accounts at a time: for each, it logs`} in
          with the current password, changes it to a new generated one and checks that the new one works. Old passwords stay in each account's history; where anything
          goes wrong, the password that works is kept.
        </p>
      </ConfirmDialog>
      <Dialog.Root open={rows !== null} onOpenChange={(open) => { if (!open && !running) setRows(null); }}>
        <Dialog.Portal>
          <Dialog.Overlay className="dialog-overlay" />
          <Dialog.Content className="dialog wide" data-testid="bulk-rotation" onCloseAutoFocus={returnFocus}
            onEscapeKeyDown={(e) => { if (running) e.preventDefault(); }} onPointerDownOutside={(e) => e.preventDefault()}>
            <Dialog.Title>{running ? `Rotating ${total} ${plural(total)}…` : `Rotated ${summary.rotated} of ${total} ${plural(total)}`}</Dialog.Title>
            <Dialog.Description asChild>
              <div>
                <progress max={total} value={done} aria-label="Accounts finished" />
                <p role="status" data-testid="bulk-rotation-summary">
                  {done} of {total} finished: {summary.rotated} rotated, {summary.unchanged} unchanged, {summary.reconcile} to reconcile, {summary.failed} failed.
                  {!running && (summary.reconcile > 0 || summary.failed > 0) && ' Open those accounts to see why and what to do.'}
                </p>
              </div>
            </Dialog.Description>
            <ul className="bulk-rows" aria-label="Rotation of each account" data-testid="bulk-rotation-rows">
              {(rows ?? []).map((row) => (
                <li key={row.id} data-outcome={row.report ? (row.report.error ? 'failed' : row.report.outcome) : 'running'}>
                  <strong>{row.name}</strong>{' '}
                  <span className="muted">{row.report ? outcomeText(row.report) : row.state ? STATE_LABEL[row.state] ?? row.state : 'Waiting for its turn'}</span>
                </li>
              ))}
            </ul>
            {error && <p className="form-error" role="alert">{error}</p>}
            <div className="dialog-actions">
              <Dialog.Close asChild><button type="button" className="primary" disabled={running}>{running ? 'Rotating…' : 'Close'}</button></Dialog.Close>
            </div>
            <DialogClose />
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </>
  );
}
