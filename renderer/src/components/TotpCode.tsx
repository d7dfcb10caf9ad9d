// The live TOTP code with a countdown; refreshes every second while shown.
import { useEffect, useState } from 'react';
import { tessera } from '../api';

export function TotpCode({ accountId, onCopy, testId = 'totp-code' }: { accountId: string; onCopy: () => void; testId?: string }) {
  const [code, setCode] = useState<{ code: string; remainingSeconds: number | null; period: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const tick = async () => {
      const result = await tessera().accounts.totp({ id: accountId });
      if (!alive) return;
      if (result.ok) {
        setCode(result.value);
        setError(null);
      } else setError(result.error.message);
    };
    void tick();
    const timer = setInterval(() => void tick(), 1000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [accountId]);

  if (error) return <span className="field-error">{error}</span>;
  if (!code) return <span className="muted">…</span>;
  const pretty = code.code.length === 6 ? `${code.code.slice(0, 3)} ${code.code.slice(3)}` : code.code;
  return (
    <span className="totp">
      <span className="totp-code" data-testid={testId} aria-label={`Current code ${code.code}`}>{pretty}</span>
      {code.remainingSeconds !== null && code.period !== null && (
        <span className="totp-countdown" aria-label={`${code.remainingSeconds} seconds left`}>
          <span className="totp-bar" style={{ width: `${(code.remainingSeconds / code.period) * 100}%` }} />
          <span className="muted">{code.remainingSeconds}s</span>
        </span>
      )}
      <button type="button" onClick={onCopy}>Copy code</button>
    </span>
  );
}
