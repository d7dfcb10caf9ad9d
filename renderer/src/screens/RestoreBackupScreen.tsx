// First run on a new device, from a backup: choose the backup file in the OS dialog (the
// window never names a path), give its passphrase and a new master password for this device,
// and the vault opens with everything it held; its new recovery key is shown next, once.
// A wrong passphrase or a damaged file leaves no vault behind, so the person can try again.
import { useState, type FormEvent } from 'react';
import { fieldErrorsOf, messageOf, tessera, unwrap } from '../api';
import { NewMasterPasswordFields, useNewMasterPassword } from '../components/NewMasterPassword';
import { PasswordInput } from '../components/PasswordInput';

export function RestoreBackupScreen({ onRestored, onBack }: { onRestored: (recoveryKey: string, accounts: number) => void; onBack: () => void }) {
  const [chosen, setChosen] = useState<{ token: string; fileName: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const master = useNewMasterPassword();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose() {
    setError(null);
    try {
      const picked = await unwrap(tessera().vault.chooseBackup({}));
      if (picked) setChosen(picked);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!chosen) found['file'] = 'Choose the backup file first.';
    if (passphrase === '') found['passphrase'] = 'Enter the passphrase the backup was made with.';
    setErrors(found);
    setError(null);
    const masterOk = await master.accept();
    if (Object.keys(found).length > 0 || !masterOk || !chosen) return;
    setBusy(true);
    try {
      const restored = await unwrap(tessera().vault.restore({ token: chosen.token, passphrase, newPassword: master.password }));
      onRestored(restored.recoveryKey, restored.accounts);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const fields = fieldErrorsOf(e);
      if (code === 'BACKUP_INVALID') setErrors({ passphrase: 'This backup does not open with that passphrase, or the file is damaged. Check the passphrase and the file.' });
      else if (fields['newPassword']) setErrors({ newPassword: fields['newPassword'] });
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="center-card" aria-labelledby="restore-title">
      <h1 id="restore-title">Restore from a backup</h1>
      <p className="muted">
        A backup made in Tessera's Settings (or with <code>tessera backup</code>) becomes this
        device's vault. You choose a new master password for it here.
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <span className="label-text" id="restore-file-label">Backup file</span>
          <div className="button-row">
            <button type="button" onClick={() => void choose()} aria-describedby="restore-file-label">{chosen ? 'Choose another file…' : 'Choose the backup file…'}</button>
            <span data-testid="restore-file-name">{chosen?.fileName ?? 'No file chosen'}</span>
          </div>
          {errors['file'] && <span className="field-error" role="alert">{errors['file']}</span>}
        </div>
        <PasswordInput label="Backup passphrase" autoComplete="off" value={passphrase} onValue={setPassphrase} error={errors['passphrase']} />
        <NewMasterPasswordFields state={master} label="New master password" error={errors['newPassword'] ?? null} />
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="button-row">
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Restoring… (decrypting takes a moment)' : 'Restore'}</button>
          <button type="button" onClick={onBack} disabled={busy}>Back</button>
        </div>
      </form>
    </section>
  );
}
