// Password rotation on the account page (Owners): "Rotate password" asks in a Radix dialog,
// then shows every journal state and step live from `rotation.progress`, and the final state:
// rotated (old password in history), unchanged (the old one still works, and why), or
// "needs reconciling" with a choice of which password works on the site.
import { useCallback, useEffect, useState } from 'react';
import type { RotationProgressView, RotationResultView, RotationStatusView } from '../../../main/ipc/contract/rotation';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from './ConfirmDialog';
import { FailureDetails } from './FailureDetails';

export const STATE_LABEL: Record<string, string> = {
  PREPARE: 'Preparing a new password',
  LOGIN_OLD: 'Logging in with the current password',
  IN_DOUBT: 'Submitting the change',
  VERIFY_NEW: 'Checking the new password',
  VERIFY_OLD: 'Checking the old password',
  COMMITTED: 'Rotated: the new password works; the old one is in the history',
  ROLLED_BACK: 'Not rotated: the site kept the old password, which still works',
  ABORTED: 'Not rotated: nothing was changed on the site',
  RECONCILE: 'Needs reconciling: neither password could be confirmed',
};

export function RotationPanel({ accountId, accountName, site, onFinished }: { accountId: string; accountName: string; site: string; onFinished?: () => void }) {
  const [status, setStatus] = useState<RotationStatusView | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [running, setRunning] = useState(false);
  const [live, setLive] = useState<RotationProgressView[]>([]);
  const [result, setResult] = useState<RotationResultView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setStatus(await unwrap(tessera().rotation.status({ id: accountId })));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [accountId]);

  useEffect(() => {
    void load();
    return tessera().on('rotation.progress', (event) => {
      if (event.accountId === accountId) setLive((events) => [...events, event]);
    });
  }, [accountId, load]);

  async function rotate() {
    setConfirming(false);
    setRunning(true);
    setLive([]);
    setResult(null);
    setError(null);
    try {
      setResult(await unwrap(tessera().rotation.rotate({ id: accountId })));
      onFinished?.();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setRunning(false);
      await load();
    }
  }

  async function resolve(working: 'new' | 'old') {
    const rotationId = status?.last?.rotationId;
    if (!rotationId) return;
    try {
      setResult(await unwrap(tessera().rotation.resolve({ rotationId, working })));
      onFinished?.();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      await load();
    }
  }

  const finalState = result?.state ?? (running ? undefined : status?.last?.state);
  const reasons = result?.reasons ?? status?.last?.reasons ?? [];
  const failure = finalState === 'COMMITTED' ? undefined : (result?.failure ?? status?.last?.failure);
  const failedRotation = status?.last?.hasScreenshot ? status.last.rotationId : undefined;
  return (
    <section className="rotation-panel" aria-labelledby="rotation-title" data-testid="rotation-panel">
      <h2 id="rotation-title">Password rotation</h2>
      <div className="details-actions">
        <button type="button" className="primary" disabled={running || status?.inProgress === true || status?.needsReconcile === true} onClick={() => setConfirming(true)}>
          {running ? 'Rotating…' : 'Rotate password'}
        </button>
      </div>
      {live.length > 0 && (
        <ol className="automation-steps" aria-label="Rotation progress" aria-live="polite" data-testid="rotation-steps">
          {live.filter((event) => event.step === undefined || event.status !== 'start').map((event, index) => (
            <li key={`${event.state}-${event.step ?? ''}-${index}`} data-status={event.status}>
              <span aria-hidden="true">{event.step === undefined ? '•' : event.status === 'ok' ? '✓' : '✗'}</span>{' '}
              {event.step ?? STATE_LABEL[event.state] ?? event.state}
              {event.detail && <span className="muted"> — {event.detail}</span>}
            </li>
          ))}
        </ol>
      )}
      {finalState && ['COMMITTED', 'ROLLED_BACK', 'ABORTED', 'RECONCILE'].includes(finalState) && (
        <p className={finalState === 'COMMITTED' ? 'notice' : 'notice warning'} role="status" data-testid="rotation-result" data-state={finalState}>
          {STATE_LABEL[finalState]}
          {finalState !== 'COMMITTED' && reasons.length > 0 && <span className="muted"> ({reasons.at(-1)})</span>}
        </p>
      )}
      {!running && failure && (
        <FailureDetails
          failure={failure}
          {...(failedRotation ? { loadScreenshot: async () => (await unwrap(tessera().rotation.failureScreenshot({ id: accountId, rotationId: failedRotation }))).dataUrl } : {})}
        />
      )}
      {status?.needsReconcile && (
        <div className="details-actions">
          <span>Which password logs in on {site || 'the site'}?</span>
          <button type="button" onClick={() => void resolve('new')}>The new password works</button>
          <button type="button" onClick={() => void resolve('old')}>The old password works</button>
        </div>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      <ConfirmDialog open={confirming} onOpenChange={setConfirming} title={`Rotate the password of ${accountName}?`} confirmLabel="Rotate password" onConfirm={() => void rotate()}>
        <p>Tessera logs in to {site || 'the site'} with the current password, changes it to a new generated one and checks that the new one works. The old password stays in the history; if anything goes wrong, the password that works is kept.</p>
      </ConfirmDialog>
    </section>
  );
}
