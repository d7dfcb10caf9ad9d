// MFA on the account page: the method in use, the live code, backup codes (values for
// Owners, on request), "Turn on MFA" with live steps from `mfa.progress`, the secret a failed
// enrolment kept as pending, the last enrolment's steps and masked screenshots, and imports
// by paste, from a text file, from a QR image file, or from a region of the screen
// (ScreenQrDialog). Self-contained: it talks to
// window.tessera only and tells the page when the account changed.
import { FailureDetails } from './FailureDetails';
import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { MfaStatus } from '../../../main/ipc/contract/mfa';
import type { StepEvent } from '../../../main/ipc/contract/automation';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from './ConfirmDialog';
import { ScreenQrDialog } from './ScreenQrDialog';
import { formatDateTime } from '../format';

const METHOD_LABEL: Record<MfaStatus['method'], string> = {
  totp: 'Authenticator app (TOTP held by Tessera)',
  email: 'Codes by email to the managed inbox',
  sms: 'Codes by SMS to the managed phone',
  none: 'None managed by Tessera',
};

const OUTCOME_LABEL: Record<string, string> = {
  enabled: 'MFA is on and a login with a TOTP code worked',
  'enabled-unverified': 'MFA is on and saved, but the login that should prove it did not succeed',
  'already-enabled': 'The site already has two-factor authentication on: import its secret instead',
  'login-failed': 'The login failed, so nothing was changed',
  'settings-not-found': 'Tessera could not find the two-factor settings on this site',
  'secret-not-found': 'Tessera could not read the secret on the setup page',
  'code-rejected': 'The site rejected the confirmation code; the secret is kept as pending',
  failed: 'The run failed',
  cancelled: 'Cancelled',
  timeout: 'Timed out',
};

/** Base64 of a file, without the data: URL prefix. */
function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

const MAX_IMAGE_BYTES = 700_000;

export function MfaPanel({ accountId, onChanged }: { accountId: string; onChanged: () => void }) {
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [live, setLive] = useState<StepEvent[]>([]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [paste, setPaste] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const [screenshot, setScreenshot] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [scanning, setScanning] = useState(false);

  const load = useCallback(async () => {
    try {
      setStatus(await unwrap(tessera().mfa.status({ id: accountId })));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [accountId]);

  useEffect(() => {
    void load();
    setCodes(null);
    return tessera().on('mfa.progress', (progress) => {
      if (progress.accountId === accountId) setLive((events) => [...events, progress.event]);
    });
  }, [accountId, load]);

  async function act(work: () => Promise<unknown>, done?: string) {
    setError(null);
    setInfo(null);
    try {
      await work();
      // The message comes with the new state, never before it (the method shown must already say it).
      await load();
      if (done) setInfo(done);
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function enable() {
    setRunning(true);
    setLive([]);
    await act(async () => setStatus(await unwrap(tessera().mfa.enable({ id: accountId }))));
    setRunning(false);
  }

  async function importFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.type.startsWith('image/')) {
      if (file.size > MAX_IMAGE_BYTES) return setError('The image is too large. Crop it to the QR code (under 700 KB).');
      await act(async () => {
        const imported = await unwrap(tessera().mfa.importQr({ id: accountId, imageBase64: await readAsBase64(file) }));
        return imported;
      }, 'The QR code was imported.');
    } else {
      if (file.size > 20_000) return setError('That file is too large for an authenticator link or export.');
      const text = await file.text();
      await act(() => unwrap(tessera().mfa.importText({ id: accountId, text })), 'The authenticator secret was imported.');
    }
  }

  if (!status) return <section className="mfa" aria-labelledby="mfa-title"><h2 id="mfa-title">Multi-factor authentication</h2><p className="muted">Loading…</p></section>;
  const run = status.lastRun;
  const steps = running ? live : (run?.steps ?? []);
  const stepLines = steps.filter((event, index) => event.status !== 'start' || !steps.slice(index + 1).some((later) => later.step === event.step));

  return (
    <section className="mfa" aria-labelledby="mfa-title" data-testid="mfa-panel">
      <h2 id="mfa-title">Multi-factor authentication</h2>
      <dl className="details-grid">
        <dt>Method</dt>
        <dd data-testid="mfa-method">{METHOD_LABEL[status.method]}</dd>
        {/* The live code itself stands once, with the credentials above. */}
        {status.totp && (<><dt>Code</dt><dd className="muted" data-testid="mfa-code-note">Shown live under Credentials, next to the password.</dd></>)}
        {status.totp && (<><dt>Issuer</dt><dd>{[status.totp.issuer, status.totp.label].filter(Boolean).join(' / ') || <span className="muted">—</span>}</dd></>)}
        <dt>Backup codes</dt>
        <dd>
          {status.backupCodeCount === 0 ? <span className="muted">None stored</span> : (
            <>
              <span>{status.backupCodeCount} stored</span>
              <button type="button" aria-pressed={codes !== null} onClick={() => (codes ? setCodes(null) : void act(async () => setCodes((await unwrap(tessera().mfa.backupCodes({ id: accountId }))).codes)))}>
                {codes ? 'Hide' : 'Show'}
              </button>
            </>
          )}
        </dd>
      </dl>
      {codes && <ul className="secret backup-codes" aria-label="Backup codes">{codes.map((code) => <li key={code}>{code}</li>)}</ul>}

      {status.pending && (
        <div className="notice" role="status" data-testid="mfa-pending">
          <p>A secret captured on {formatDateTime(status.pending.createdAt)} ({status.pending.source}) is kept as pending: the site did not confirm it.
            If you finished the setup on the site yourself, use it; otherwise discard it and try again.</p>
          <div className="details-actions">
            <button type="button" onClick={() => act(() => unwrap(tessera().mfa.usePending({ id: accountId })), 'The pending secret is now the account\'s TOTP.')}>Use pending secret</button>
            <button type="button" onClick={() => act(() => unwrap(tessera().mfa.discardPending({ id: accountId })))}>Discard</button>
          </div>
        </div>
      )}

      {!status.totp && (
        <div className="details-actions">
          <button type="button" className="primary" disabled={running} onClick={() => setConfirming(true)}>Turn on MFA</button>
          {running && <button type="button" onClick={() => void tessera().mfa.cancel({ id: accountId })}>Cancel</button>}
        </div>
      )}
      {running && <p role="status" className="muted">Turning on MFA: logging in and looking for the two-factor settings…</p>}
      {!running && run && (
        <p role="status" className={run.outcome === 'enabled' ? 'notice' : 'notice error'} data-testid="mfa-outcome">
          {OUTCOME_LABEL[run.outcome] ?? run.outcome}. {run.reasons.join('; ')}
        </p>
      )}
      {!running && run?.failure && run.outcome !== 'enabled' && <FailureDetails failure={run.failure} />}
      {stepLines.length > 0 && (
        <ol className="automation-steps" aria-label="MFA steps" data-testid="mfa-steps">
          {stepLines.map((event, index) => (
            <li key={`${event.step}-${index}`} data-status={event.status}>
              <span aria-hidden="true">{event.status === 'ok' ? '✓' : event.status === 'fail' ? '✗' : '…'}</span> {event.step}
              {event.detail && <span className="muted"> — {event.detail}</span>}
            </li>
          ))}
        </ol>
      )}
      {!running && run && run.screenshots.length > 0 && (
        <div className="details-actions">
          {run.screenshots.map((shot, index) => (
            <button type="button" key={`${shot.name}-${shot.at}`} onClick={() => act(async () => setScreenshot((await unwrap(tessera().mfa.screenshot({ id: accountId, runId: run.id, index }))).dataUrl))}>
              Screenshot {index + 1} ({shot.name})
            </button>
          ))}
        </div>
      )}
      {screenshot && <img src={screenshot} alt="Enrolment screenshot with secrets masked" style={{ maxWidth: '100%', border: '1px solid var(--border)' }} />}

      <h3>Import a secret</h3>
      <label htmlFor="mfa-paste">Paste an otpauth:// link or a Google Authenticator export</label>
      <textarea id="mfa-paste" rows={2} value={paste} spellCheck={false} autoComplete="off" onChange={(e) => setPaste(e.target.value)} />
      <div className="details-actions">
        <button type="button" disabled={!paste.trim()} onClick={() => act(async () => {
          await unwrap(tessera().mfa.importText({ id: accountId, text: paste }));
          setPaste('');
        }, 'The authenticator secret was imported.')}>Import</button>
        {/* The app's own button opens the file chooser; the native control stays hidden (its look differs per OS). */}
        <button type="button" onClick={() => fileInput.current?.click()}>From a file or QR image…</button>
        <input ref={fileInput} type="file" hidden tabIndex={-1} aria-hidden accept="image/png,image/jpeg,text/plain,.txt" onChange={importFile} data-testid="mfa-file" />
        <button type="button" onClick={() => setScanning(true)}>Scan QR from screen…</button>
      </div>
      {info && <p role="status" className="notice">{info}</p>}
      {error && <p role="alert" className="notice error">{error}</p>}
      <ScreenQrDialog open={scanning} onOpenChange={setScanning} accountId={accountId} accountName={status.accountName} replacesTotp={status.totp !== null}
        onImported={(imported) => void act(async () => imported, `Saved the authenticator of ${imported.issuer || imported.label || 'the QR code'} as this account's TOTP.`)} />
      <ConfirmDialog open={confirming} onOpenChange={setConfirming} title={`Turn on MFA for ${status.accountName}?`} confirmLabel="Turn on MFA"
        onConfirm={() => {
          setConfirming(false);
          void enable();
        }}>
        <p>Tessera decrypts the password of {status.accountName}, logs in to {status.site || 'its site'} in a hidden browser,
          turns on two-factor authentication with an authenticator app, and keeps the secret and backup codes in the vault.
          The secret is saved before the site is asked to confirm it, so a failure loses nothing.</p>
      </ConfirmDialog>
    </section>
  );
}
