// Password rotation on the account page (Owners): "Rotate password" asks in a Radix dialog,
// then shows every journal state and step live from `rotation.progress`, and the final state:
// rotated (old password in history), unchanged (the old one still works, and why), or
// "needs reconciling" with a choice of which password works on the site. "Log out
// everywhere…" (Universal Logout) signs out every session on the site first, then rotates.
import { useCallback, useEffect, useState } from 'react';
import type { FailureView, LogoutEverywhereView, RotationProgressView, RotationState, RotationStatusView } from '../../../main/ipc/contract/rotation';
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

export const SIGNED_OUT_LABEL: Record<LogoutEverywhereView['logout'], string> = {
  signed_out: 'Every session on the site was signed out.',
  no_other_sessions: 'The site has no other session to sign out: this login was the only one.',
  unconfirmed: 'The site was asked to sign out every session but did not confirm it.',
  not_found: 'The site shows no “sign out of all sessions” control; the password was still rotated.',
  login_failed: 'Tessera could not log in to sign out the sessions.',
  error: 'Signing out the sessions stopped on an error.',
};

export function RotationPanel({ accountId, accountName, site, onFinished }: { accountId: string; accountName: string; site: string; onFinished?: () => void }) {
  const [status, setStatus] = useState<RotationStatusView | null>(null);
  const [confirming, setConfirming] = useState<'rotate' | 'logout' | null>(null);
  const [running, setRunning] = useState<'rotate' | 'logout' | null>(null);
  const [live, setLive] = useState<RotationProgressView[]>([]);
  const [result, setResult] = useState<{ state?: RotationState; reasons: string[]; failure?: FailureView } | null>(null);
  const [signedOut, setSignedOut] = useState<LogoutEverywhereView['logout'] | null>(null);
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

  async function start(kind: 'rotate' | 'logout') {
    setConfirming(null);
    setRunning(kind);
    setLive([]);
    setResult(null);
    setSignedOut(null);
    setError(null);
    try {
      if (kind === 'rotate') {
        setResult(await unwrap(tessera().rotation.rotate({ id: accountId })));
      } else {
        const [report] = (await unwrap(tessera().rotation.logoutEverywhere({ ids: [accountId] }))).reports;
        if (report?.error) setError(report.error.message);
        if (report) {
          setSignedOut(report.logout);
          setResult({ ...(report.state ? { state: report.state } : {}), reasons: report.reasons, ...(report.failure ? { failure: report.failure } : {}) });
        }
      }
      onFinished?.();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setRunning(null);
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
        <button type="button" className="primary" disabled={running !== null || status?.inProgress === true || status?.needsReconcile === true} onClick={() => setConfirming('rotate')}>
          {running === 'rotate' ? 'Rotating…' : 'Rotate password'}
        </button>
        <button type="button" disabled={running !== null || status?.inProgress === true || status?.needsReconcile === true} onClick={() => setConfirming('logout')}>
          {running === 'logout' ? 'Logging out everywhere…' : 'Log out everywhere…'}
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
      {signedOut && (
        <p className={signedOut === 'signed_out' || signedOut === 'no_other_sessions' ? 'notice' : 'notice warning'} role="status" data-testid="logout-result" data-outcome={signedOut}>
          {SIGNED_OUT_LABEL[signedOut]}
        </p>
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
      <ConfirmDialog open={confirming === 'rotate'} onOpenChange={(open) => setConfirming(open ? 'rotate' : null)} title={`Rotate the password of ${accountName}?`} confirmLabel="Rotate password" onConfirm={() => void start('rotate')}>
        <p>Tessera logs in to {site || 'the site'} with the current password, changes it to a new generated one and checks that the new one works. The old password stays in the history; if anything goes wrong, the password that works is kept.</p>
      </ConfirmDialog>
      <ConfirmDialog open={confirming === 'logout'} onOpenChange={(open) => setConfirming(open ? 'logout' : null)} title={`Log out everywhere on ${accountName}?`} confirmLabel="Log out everywhere" onConfirm={() => void start('logout')}>
        <p>Tessera logs in to {site || 'the site'}, uses its “sign out of all sessions” control, which ends every session — yours and everyone else&apos;s — and then rotates the password so nobody can log back in with the old one. Policies that rotate on a Universal Logout count this as one.</p>
      </ConfirmDialog>
    </section>
  );
}
