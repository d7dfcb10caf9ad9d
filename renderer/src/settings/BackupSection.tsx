// Settings → Backup: an encrypted copy of the whole vault (accounts with their history, inbox
// messages, the audit log) under a passphrase of its own, saved where the person picks in the
// OS dialog. Accounts shared with them as a Collaborator are left out, and the summary says so.
// Restoring happens on a device without a vault (the first screen's "Restore from a backup").
import { useState, type FormEvent } from 'react';
import type { BackupSaved } from '../../../main/ipc/contract/vault';
import { fieldErrorsOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { useBusyAction } from '../components/use-busy-action';

const MIN_PASSPHRASE = 10;

function summaryOf(saved: BackupSaved): string {
  const parts = [`Backed up ${saved.accounts} ${saved.accounts === 1 ? 'account' : 'accounts'} and ${saved.inboxMessages} inbox ${saved.inboxMessages === 1 ? 'message' : 'messages'} to ${saved.fileName}.`];
  if (saved.leftOut > 0) parts.push(`${saved.leftOut} shared with you as a Collaborator ${saved.leftOut === 1 ? 'is' : 'are'} left out: their passwords are not yours to keep.`);
  if (saved.skipped > 0) parts.push(`${saved.skipped} damaged ${saved.skipped === 1 ? 'item' : 'items'} could not be read and ${saved.skipped === 1 ? 'is' : 'are'} not in it.`);
  parts.push('Keep the passphrase safe: the backup cannot be opened without it.');
  return parts.join(' ');
}

export function BackupSection() {
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useBusyAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (passphrase.length < MIN_PASSPHRASE) found['passphrase'] = `Use at least ${MIN_PASSPHRASE} characters: a few words you will remember.`;
    if (repeat !== passphrase) found['repeat'] = 'The two passphrases are different.';
    setErrors(found);
    setDone(null);
    if (Object.keys(found).length > 0) return;
    void run(async () => {
      try {
        const saved = await unwrap(tessera().vault.backup({ passphrase }));
        if (!saved.saved) return;
        setPassphrase('');
        setRepeat('');
        setDone(summaryOf(saved));
      } catch (e) {
        const fields = fieldErrorsOf(e);
        if (Object.keys(fields).length > 0) setErrors(fields);
        else throw e;
      }
    });
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="settings-backup">
      <h2 id="settings-backup">Backup</h2>
      <p className="muted">
        Saves an encrypted copy of the whole vault: accounts with their history, inbox messages and
        the activity log. It opens only with the passphrase you choose here, on any device, into a
        new vault.
      </p>
      <PasswordInput label="Backup passphrase" autoComplete="new-password" value={passphrase} onValue={setPassphrase} error={errors['passphrase']} />
      <Field label="Repeat the backup passphrase" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} error={errors['repeat']} />
      <div className="form-footer">
        <button type="submit" disabled={busy}>{busy ? 'Encrypting… (deriving the key takes a moment)' : 'Back up to a file…'}</button>
        <p className={error ? 'outcome-line form-error' : 'outcome-line ok-text'} role={error ? 'alert' : 'status'}>{error ?? done ?? ''}</p>
      </div>
    </form>
  );
}
