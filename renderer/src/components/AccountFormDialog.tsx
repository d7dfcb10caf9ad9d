// Create or edit an account in a Radix dialog. Secrets are only sent when the person typed
// a new value; leaving the password empty while editing keeps the stored one.
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../main/ipc/contract/accounts';
import { Field } from './Field';
import { useReturnFocus } from './use-return-focus';
import { messageOf, tessera, unwrap } from '../api';
import { DialogClose } from './DialogClose';

/** Which field gets the focus when the dialog opens (a milestone's action), else the name. */
export type FormFocus = 'managedEmail' | 'totp' | null;

type Props = {
  open: boolean;
  focus?: FormFocus;
  onOpenChange: (open: boolean) => void;
  editing: AccountView | null;
  onSaved: (id: string, duplicates: string[]) => void | Promise<void>;
};

const splitList = (text: string) => text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);

export function AccountFormDialog({ open, onOpenChange, editing, onSaved, focus = null }: Props) {
  const returnFocus = useReturnFocus(open);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [tags, setTags] = useState('');
  const [notes, setNotes] = useState('');
  const [managedEmail, setManagedEmail] = useState('');
  const [managedPhone, setManagedPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setName(editing?.name ?? '');
    setUrl(editing?.urls.join(', ') ?? '');
    setUsername(editing?.username ?? '');
    setPassword('');
    setTotp('');
    setTags(editing?.tags.join(', ') ?? '');
    setNotes(editing?.notes ?? '');
    setManagedEmail(editing?.managedEmail ?? '');
    setManagedPhone(editing?.managedPhone ?? '');
    setError(null);
  }, [open, editing]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const common = {
      name,
      urls: splitList(url),
      username,
      tags: splitList(tags),
      notes,
      managedEmail,
      managedPhone,
      ...(password ? { password } : {}),
      ...(totp.trim() ? { totp: totp.trim().startsWith('otpauth://') ? totp.trim() : { secret: totp.trim() } } : {}),
    };
    try {
      const saved = editing
        ? await unwrap(tessera().accounts.update({ id: editing.id, version: editing.version, patch: common }))
        : await unwrap(tessera().accounts.create(common));
      onOpenChange(false);
      await onSaved(saved.id, saved.duplicates);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog wide" onCloseAutoFocus={returnFocus}>
          <Dialog.Title>{editing ? `Edit ${editing.name}` : 'New account'}</Dialog.Title>
          <Dialog.Description className="muted">
            {editing ? 'Leave the password and TOTP empty to keep the stored ones.' : 'Everything you type here is encrypted in your vault.'}
          </Dialog.Description>
          <form onSubmit={submit} noValidate>
            <Field label="App name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus={focus === null} />
            <Field label="Login URL" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://app.example.com/login" />
            <Field label="Username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
            <Field label={editing?.hasPassword ? 'New password' : 'Password'} type="password" value={password}
              onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
            <Field label={editing?.totp ? 'New TOTP secret or otpauth:// link' : 'TOTP secret or otpauth:// link'} value={totp}
              onChange={(e) => setTotp(e.target.value)} autoComplete="off" spellCheck={false} autoFocus={focus === 'totp'} />
            <Field label="Managed email alias" type="email" value={managedEmail} onChange={(e) => setManagedEmail(e.target.value)}
              autoFocus={focus === 'managedEmail'} hint="A team-managed mailbox alias that receives this account's recovery and 2FA mail." />
            <Field label="Managed phone number" type="tel" value={managedPhone} onChange={(e) => setManagedPhone(e.target.value)} />
            <Field label="Tags" value={tags} onChange={(e) => setTags(e.target.value)} hint="Separate tags with commas." />
            <div className="field">
              <label htmlFor="account-notes">Notes</label>
              <textarea id="account-notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
            </div>
            {error && <p className="form-error" role="alert">{error}</p>}
            <div className="dialog-actions">
              <Dialog.Close asChild><button type="button">Cancel</button></Dialog.Close>
              <button type="submit" className="primary" disabled={busy || !name.trim()}>{busy ? 'Saving…' : 'Save'}</button>
            </div>
          </form>
          <DialogClose />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
