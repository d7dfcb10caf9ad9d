// First run: choose a master password (strength from zxcvbn, a minimum, and a repeat field),
// then show the recovery key exactly once as an "emergency kit" that can be copied, printed
// or saved as a PDF (the print dialog's "Save as PDF"). A person moving from another device
// restores a backup instead (RestoreBackupScreen).
import { useState, type FormEvent } from 'react';
import { NewMasterPasswordFields, useNewMasterPassword } from '../components/NewMasterPassword';
import { fieldErrorsOf, messageOf, tessera, unwrap } from '../api';
import { formatDate } from '../format';

export function CreateVaultScreen({ onCreated, onRestore }: { onCreated: (recoveryKey: string) => void; onRestore: () => void }) {
  const master = useNewMasterPassword();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!(await master.accept())) return;
    setBusy(true);
    setError(null);
    try {
      const { recoveryKey } = await unwrap(tessera().vault.create({ password: master.password }));
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
        <NewMasterPasswordFields state={master} autoFocus />
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating… (deriving the key takes a moment)' : 'Create vault'}
        </button>
      </form>
      <p className="muted">
        Moving from another device? <button type="button" className="link" onClick={onRestore}>Restore from a backup…</button>
      </p>
    </section>
  );
}

export function RecoveryKeyScreen({ recoveryKey, restoredAccounts = null, onDone }: { recoveryKey: string; restoredAccounts?: number | null; onDone: () => void }) {
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
      {restoredAccounts !== null && <p className="notice" role="status">Restored {restoredAccounts} {restoredAccounts === 1 ? 'account' : 'accounts'}. This vault has a new recovery key: the old one does not open it.</p>}
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
