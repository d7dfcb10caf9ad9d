// First run: choose a master password, then show the recovery key exactly once.
import { useState, type FormEvent } from 'react';
import { Field } from '../components/Field';
import { messageOf, tessera, unwrap } from '../api';

export function CreateVaultScreen({ onCreated }: { onCreated: (recoveryKey: string) => void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const mismatch = confirm.length > 0 && confirm !== password;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) return setError('The two passwords are different.');
    setBusy(true);
    setError(null);
    try {
      const { recoveryKey } = await unwrap(tessera().vault.create({ password }));
      onCreated(recoveryKey);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="center-card" aria-labelledby="create-title">
      <h1 id="create-title">Create your vault</h1>
      <p className="muted">
        Your master password encrypts everything on this device. Tessera cannot recover it, so
        choose one you will remember — a passphrase of several words works well.
      </p>
      <form onSubmit={submit} noValidate>
        <Field label="Master password" type="password" autoComplete="new-password" autoFocus value={password}
          onChange={(e) => setPassword(e.target.value)} hint="At least 8 characters; a passphrase of several words is best." minLength={8} required />
        <Field label="Repeat master password" type="password" autoComplete="new-password" value={confirm}
          onChange={(e) => setConfirm(e.target.value)} error={mismatch ? 'The two passwords are different.' : null} required />
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy || password.length < 8 || mismatch}>
          {busy ? 'Creating… (deriving the key takes a moment)' : 'Create vault'}
        </button>
      </form>
    </section>
  );
}

export function RecoveryKeyScreen({ recoveryKey, onDone }: { recoveryKey: string; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  return (
    <section className="center-card" aria-labelledby="recovery-title">
      <h1 id="recovery-title">Save your recovery key</h1>
      <p>
        This key unlocks the vault if you forget the master password. It is shown <strong>only
        now</strong>. Print it or write it down and keep it somewhere safe, away from this device.
      </p>
      <p className="recovery-key" data-testid="recovery-key" aria-label="Recovery key">{recoveryKey}</p>
      <label className="checkbox">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        I have stored the recovery key somewhere safe
      </label>
      <button type="button" className="primary" disabled={!saved} onClick={onDone}>Continue</button>
    </section>
  );
}
