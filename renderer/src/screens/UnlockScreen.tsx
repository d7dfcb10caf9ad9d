// Unlock with the master password, or with the recovery key (which sets a new password).
import { useState, type FormEvent } from 'react';
import { Field } from '../components/Field';
import { messageOf, tessera, unwrap } from '../api';

export function UnlockScreen({ onUnlocked, lockReason }: { onUnlocked: () => void; lockReason: string | null }) {
  const [mode, setMode] = useState<'password' | 'recovery'>('password');
  const [password, setPassword] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'password') await unwrap(tessera().vault.unlock({ password }));
      else await unwrap(tessera().vault.recover({ recoveryKey, newPassword }));
      onUnlocked();
    } catch (e) {
      setError(messageOf(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="center-card" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{mode === 'password' ? 'Unlock Tessera' : 'Recover with your recovery key'}</h1>
      {lockReason && <p className="muted" data-testid="lock-reason">{lockReason}</p>}
      <form onSubmit={submit} noValidate>
        {mode === 'password' ? (
          <Field label="Master password" type="password" autoComplete="current-password" autoFocus value={password}
            onChange={(e) => setPassword(e.target.value)} required />
        ) : (
          <>
            <Field label="Recovery key" autoFocus value={recoveryKey} spellCheck={false} autoComplete="off"
              onChange={(e) => setRecoveryKey(e.target.value)} required />
            <Field label="New master password" type="password" autoComplete="new-password" value={newPassword}
              onChange={(e) => setNewPassword(e.target.value)} hint="At least 8 characters; a passphrase of several words is best." required />
          </>
        )}
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Unlocking…' : mode === 'password' ? 'Unlock' : 'Recover and unlock'}
        </button>
      </form>
      <button type="button" className="link" onClick={() => { setMode(mode === 'password' ? 'recovery' : 'password'); setError(null); }}>
        {mode === 'password' ? 'Forgot the master password? Use the recovery key' : 'Back to the master password'}
      </button>
    </section>
  );
}
