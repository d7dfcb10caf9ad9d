// First run: choose a master password (strength from zxcvbn, a minimum, and a repeat field),
// then show the recovery key exactly once as an "emergency kit" that can be copied, printed
// or saved as a PDF (the print dialog's "Save as PDF").
import { useCallback, useState, type FormEvent } from 'react';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { fieldErrorsOf, messageOf, tessera, unwrap } from '../api';
import { MIN_MASTER_LENGTH, masterPasswordProblem, strengthOf, type Strength } from '../passwords/strength';
import { formatDate } from '../format';

export function CreateVaultScreen({ onCreated }: { onCreated: (recoveryKey: string) => void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [strength, setStrength] = useState<Strength | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const onStrength = useCallback((s: Strength | null) => setStrength(s), []);

  const problem = masterPasswordProblem(password, strength);
  const mismatch = confirm.length > 0 && confirm !== password;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    // The meter may still be loading its dictionaries: judge with the real score rather than
    // ignore the click while it says "Checking…".
    let judged = strength;
    if (judged === null && password.length >= MIN_MASTER_LENGTH) {
      judged = await strengthOf(password);
      setStrength(judged);
    }
    if (masterPasswordProblem(password, judged) || password !== confirm) return;
    setBusy(true);
    setError(null);
    try {
      const { recoveryKey } = await unwrap(tessera().vault.create({ password }));
      onCreated(recoveryKey);
    } catch (e) {
      setError(fieldErrorsOf(e)['password'] ?? messageOf(e));
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
        <PasswordInput label="Master password" autoComplete="new-password" autoFocus value={password} onValue={setPassword}
          onStrength={onStrength} required error={(tried || password.length >= 10) && problem && problem !== 'Checking strength…' ? problem : null} />
        <Field label="Repeat master password" type="password" autoComplete="new-password" value={confirm}
          onChange={(e) => setConfirm(e.target.value)} error={mismatch || (tried && confirm !== password) ? 'The two passwords are different.' : null} required />
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating… (deriving the key takes a moment)' : 'Create vault'}
        </button>
      </form>
    </section>
  );
}

export function RecoveryKeyScreen({ recoveryKey, onDone }: { recoveryKey: string; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(recoveryKey);
      setCopied('Copied. Paste it into your password-protected notes or print the kit, then clear your clipboard.');
    } catch {
      setCopied('Copying is not allowed here: select the key and copy it, or print the kit.');
    }
  }
  return (
    <section className="center-card emergency-kit" aria-labelledby="recovery-title">
      <h1 id="recovery-title">Save your recovery key</h1>
      <p>
        This key unlocks the vault if you forget the master password. It is shown <strong>only
        now</strong>. Print it or save it as a PDF and keep it somewhere safe, away from this device.
      </p>
      <p className="recovery-key" data-testid="recovery-key" aria-label="Recovery key">{recoveryKey}</p>
      <p className="print-only">Tessera emergency kit · created {formatDate(Date.now())} · Keep this page somewhere safe. Anyone holding it and this device can open the vault.</p>
      <div className="button-row no-print">
        <button type="button" onClick={() => void copy()}>Copy</button>
        <button type="button" onClick={() => window.print()}>Print or save as PDF…</button>
      </div>
      {copied && <p className="hint no-print" role="status">{copied}</p>}
      <label className="checkbox no-print">
        <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
        I have stored the recovery key somewhere safe
      </label>
      <button type="button" className="primary no-print" disabled={!saved} onClick={onDone}>Continue</button>
    </section>
  );
}
