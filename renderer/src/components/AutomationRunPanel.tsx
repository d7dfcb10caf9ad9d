// Automated login on the account page: "Verify" (a headless login that checks the
// credentials), "Open" (logs in inside the account's own browser window and hands it over),
// live step progress from `automation.progress`, Cancel, and the last runs with their steps
// and masked screenshots (password and code fields are painted over before anything is kept).
// Owners also get the evidence: the screenshots and "Save trace" (a Playwright trace, one part
// per stretch between secret steps, since tracing stops while secrets are typed).
import { useCallback, useEffect, useState } from 'react';
import type { RunSummary, StepEvent, StoredRun } from '../../../main/ipc/contract/automation';
import { messageOf, tessera, unwrap } from '../api';
import { OUTCOME_LABEL, RUN_KIND_LABEL, humanReasons, isTechnical } from '../accounts/run-outcome';
import { formatDateTime } from '../format';


/** What each step did, under "Details": step names and raw messages are for whoever helps. */
function StepList({ steps, label, open = false, raw = null }: { steps: StepEvent[]; label: string; open?: boolean; raw?: string | null }) {
  // One line per step: its end event, or its start while it is still running.
  const lines = steps.filter((event, index) => event.status !== 'start' || !steps.slice(index + 1).some((later) => later.step === event.step));
  return (
    <details className="run-details" open={open}>
      <summary>Details</summary>
      {raw && <p className="muted run-raw">What the browser said: {raw}</p>}
      <ol className="automation-steps" aria-label={label} data-testid="automation-steps">
        {lines.map((event, index) => (
          <li key={`${event.step}-${index}`} data-status={event.status}>
            <span aria-hidden="true">{event.status === 'ok' ? '✓' : event.status === 'fail' ? '✗' : '…'}</span> {event.step}
            {event.detail && <span className="muted"> — {event.detail}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}

export function AutomationRunPanel({ accountId, onFinished, evidence = true }: { accountId: string; onFinished?: () => void; evidence?: boolean }) {
  const [running, setRunning] = useState<'verify' | 'open' | 'assisted' | null>(null);
  const [live, setLive] = useState<StepEvent[]>([]);
  const [result, setResult] = useState<StoredRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [shown, setShown] = useState<StoredRun | null>(null);
  const [screenshot, setScreenshot] = useState<{ dataUrl: string; name: string } | null>(null);
  const [savedTrace, setSavedTrace] = useState<string | null>(null);

  const loadRuns = useCallback(async () => {
    try {
      setRuns((await unwrap(tessera().automation.runs({ id: accountId }))).runs);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [accountId]);

  useEffect(() => {
    void loadRuns();
    // Runs started elsewhere (the milestone's Verify now, the launcher) stream here too; the
    // list of runs reloads once their steps go quiet.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = tessera().on('automation.progress', (progress) => {
      if (progress.accountId !== accountId) return;
      setLive((events) => [...events, progress.event]);
      clearTimeout(timer);
      timer = setTimeout(() => void loadRuns(), 1000);
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [accountId, loadRuns]);

  async function start(kind: 'verify' | 'open' | 'assisted') {
    setRunning(kind);
    setLive([]);
    setResult(null);
    setError(null);
    try {
      const run = kind === 'verify'
        ? await unwrap(tessera().automation.verify({ id: accountId }))
        : await unwrap(tessera().automation.open({ id: accountId, assisted: kind === 'assisted' }));
      setResult(run);
      onFinished?.();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setRunning(null);
      await loadRuns();
    }
  }

  async function show(runId: string) {
    try {
      setShown(await unwrap(tessera().automation.run({ id: accountId, runId })));
      setScreenshot(null);
      setSavedTrace(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function showScreenshot(runId: string, index: number) {
    try {
      setScreenshot(await unwrap(tessera().automation.screenshot({ id: accountId, runId, index })));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function saveTrace(runId: string, part: number) {
    try {
      const result = await unwrap(tessera().automation.saveTrace({ id: accountId, runId, part }));
      setError(null);
      setSavedTrace(result.saved ? `Saved the trace as ${result.fileName}. It stays on your machine; send it to whoever helps you with this site.` : null);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function removeProfile() {
    try {
      await unwrap(tessera().automation.removeProfile({ id: accountId }));
      setError(null);
      setResult(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section className="automation" aria-labelledby="automation-title">
      <h2 id="automation-title">Automated login</h2>
      <div className="details-actions">
        <button type="button" className="primary" disabled={running !== null} onClick={() => start('verify')}>Verify</button>
        <button type="button" disabled={running !== null} onClick={() => start('open')}>Open</button>
        <button type="button" disabled={running !== null} onClick={() => start('assisted')}>Open assisted</button>
        {running && <button type="button" onClick={() => void tessera().automation.cancel({ id: accountId })}>Cancel</button>}
        <button type="button" disabled={running !== null} onClick={removeProfile}>Remove browser profile</button>
      </div>
      {running && <p role="status" className="muted">{running === 'verify' ? 'Verifying…' : 'Opening the site…'}</p>}
      {result && (
        <p role="status" className={result.report.outcome === 'success' ? 'notice ok' : 'notice error'} data-testid="automation-outcome">
          {OUTCOME_LABEL[result.report.outcome] ?? 'The login did not succeed'}. {humanReasons(result.report.reasons).join(' ')}
        </p>
      )}
      {live.length > 0 && <StepList steps={live} label="Login steps" open={running !== null} />}
      {error && <p role="alert" className="notice error">{error}</p>}
      <h3>Last runs</h3>
      {runs.length === 0 ? <p className="muted">No automated login has run for this account yet.</p> : (
        <ul className="history" data-testid="automation-runs">
          {runs.map((run) => (
            <li key={run.runId}>
              <button type="button" className="link" onClick={() => show(run.runId)} aria-pressed={shown?.runId === run.runId}>
                <span aria-hidden="true">{run.outcome === 'success' ? '✓' : '✕'}</span> {formatDateTime(run.startedAt)} · {RUN_KIND_LABEL[run.kind] ?? run.kind} · {OUTCOME_LABEL[run.outcome] ?? 'The login did not succeed'} ({(run.durationMs / 1000).toFixed(1)} s)
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown && (
        // A run the person picked from Last runs is opened to be read: its steps show at once.
        <div className="automation-run" data-testid="automation-run">
          <p>{humanReasons(shown.report.reasons).join(' ')} <span className="muted">{shown.report.recipe ? `Used the saved steps for ${shown.report.recipe}.` : 'Tessera found the login form by itself.'}</span></p>
          <StepList steps={shown.report.steps} label="Steps of the selected run" open raw={shown.report.reasons.some(isTechnical) ? shown.report.reasons.join('; ') : null} />
          {evidence && (
            <div className="details-actions">
              {shown.screenshots.map((shot, index) => (
                <button type="button" key={`${shot.name}-${shot.at}`} onClick={() => showScreenshot(shown.runId, index)}>Screenshot {index + 1} ({shot.name})</button>
              ))}
              {Array.from({ length: shown.traceChunks }, (_, index) => (
                <button type="button" key={`trace-${index}`} onClick={() => saveTrace(shown.runId, index + 1)}>
                  {shown.traceChunks === 1 ? 'Save trace…' : `Save trace part ${index + 1} of ${shown.traceChunks}…`}
                </button>
              ))}
            </div>
          )}
          {savedTrace && <p role="status" className="notice">{savedTrace}</p>}
          {screenshot && <img src={screenshot.dataUrl} alt={`Screenshot "${screenshot.name}" with password and code fields masked`} style={{ maxWidth: '100%', border: '1px solid var(--border)' }} />}
        </div>
      )}
    </section>
  );
}
