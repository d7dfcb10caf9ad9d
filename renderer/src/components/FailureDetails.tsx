// Why an automated rotation or MFA enrolment stopped, for a person to act on: the failed step,
// why, the last page the browser looked at (URL and title), what was tried and what to do, with
// the masked screenshot of that page on request.
import { useState } from 'react';
import type { FailureView } from '../../../main/ipc/contract/rotation';

export function FailureDetails({ failure, loadScreenshot }: { failure: FailureView; loadScreenshot?: () => Promise<string> }) {
  const [screenshot, setScreenshot] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="failure-details" data-testid="failure-details" data-step={failure.step} data-code={failure.code}>
      <dl className="details-grid">
        <dt>Stopped at</dt>
        <dd data-testid="failure-step">{failure.step} <span className="muted">({failure.code})</span></dd>
        <dt>Why</dt>
        <dd data-testid="failure-why">{failure.why}</dd>
        <dt>Last page</dt>
        <dd data-testid="failure-page">
          {failure.lastPage ? <>{failure.lastPage.title && <>{failure.lastPage.title} — </>}<code>{failure.lastPage.url}</code></> : <span className="muted">none</span>}
        </dd>
        <dt>What to do</dt>
        <dd data-testid="failure-advice">{failure.advice}</dd>
      </dl>
      {failure.tried.length > 0 && (
        <details>
          <summary>What was tried ({failure.tried.length} steps)</summary>
          <ol className="automation-steps" data-testid="failure-tried">
            {failure.tried.map((line, index) => <li key={`${index}-${line}`}>{line}</li>)}
          </ol>
        </details>
      )}
      {loadScreenshot && !screenshot && (
        <div className="details-actions">
          <button type="button" onClick={() => void loadScreenshot().then(setScreenshot, (e: unknown) => setError(e instanceof Error ? e.message : String(e)))}>
            Show the page (password fields masked)
          </button>
        </div>
      )}
      {screenshot && <img src={screenshot} style={{ maxWidth: '100%', border: '1px solid var(--border)' }} alt={`The page the run stopped on: ${failure.lastPage?.url ?? ''}`} data-testid="failure-screenshot" />}
      {error && <p className="form-error" role="alert">{error}</p>}
    </div>
  );
}
