// Create or edit an account in a Radix dialog. Secrets are only sent when the person typed
// a new value; leaving the password empty while editing keeps the stored one. The password
// has Show/Hide and a generator (password or passphrase, the site's rules when known); the
// website is checked before saving; refusals show under the field they are about. Other
// origins the password may be typed on are listed with a warning; an http:// login URL to
// another machine is saved only after the person ticks that the password may go there unencrypted.
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useState, type FormEvent } from 'react';
import type { AccountView } from '../../../main/ipc/contract/accounts';
import { Field } from './Field';
import { useReturnFocus } from './use-return-focus';
import { ActionError, fieldErrorsOf, messageOf, tessera, unwrap } from '../api';
import { PasswordInput } from './PasswordInput';
import { checkUrls } from '../accounts/url-check';
import { DialogClose } from './DialogClose';
import { Select } from './Select';

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
  const [allowed, setAllowed] = useState('');
  /** The http:// origin the vault refused until confirmed (INSECURE_LOGIN_URL), and whether the person confirmed it. */
  const [insecure, setInsecure] = useState<{ origin: string; confirmed: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [generator, setGenerator] = useState<{ kind: 'password' | 'passphrase'; length: string; words: string; symbols: boolean }>({ kind: 'password', length: '20', words: '5', symbols: true });
  const [generated, setGenerated] = useState<string | null>(null);

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
    setAllowed(editing?.allowedOrigins.join(', ') ?? '');
    setInsecure(null);
    setError(null);
    setFieldErrors({});
    setGenerated(null);
  }, [open, editing]);

  async function generate() {
    try {
      const length = Number(generator.length);
      const words = Number(generator.words);
      const result = await unwrap(tessera().passwords.generate({
        kind: generator.kind,
        site: checkUrls(url).ok ? (splitList(url)[0] ?? '') : '',
        ...(generator.kind === 'password' && Number.isInteger(length) ? { length } : {}),
        ...(generator.kind === 'passphrase' && Number.isInteger(words) ? { words } : {}),
        symbols: generator.symbols,
      }));
      setPassword(result.value);
      setGenerated(`${result.siteRules ? 'Follows this site’s password rules. ' : ''}About ${Math.floor(result.entropyBits)} bits of randomness.`);
      setFieldErrors(({ password: _dropped, ...rest }) => rest);
    } catch (e) {
      setFieldErrors((f) => ({ ...f, password: fieldErrorsOf(e)['length'] ?? fieldErrorsOf(e)['words'] ?? messageOf(e) }));
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const websites = checkUrls(url);
    const origins = checkUrls(allowed);
    const found: Record<string, string> = {};
    if (!name.trim()) found['name'] = 'Give the account a name, e.g. the app it is for.';
    if (!websites.ok) found['urls'] = websites.message;
    if (!origins.ok) found['allowedOrigins'] = origins.message;
    if (insecure && !insecure.confirmed) found['urls'] = `${insecure.origin} is not encrypted. Use its https:// address, or tick the box below to send the password there anyway.`;
    setFieldErrors(found);
    if (Object.keys(found).length > 0 || !websites.ok || !origins.ok) return;
    const allowedOrigins = [...new Set([...origins.urls.map((u) => new URL(u).origin), ...(insecure?.confirmed ? [insecure.origin] : [])])];
    setBusy(true);
    setError(null);
    const common = {
      name,
      urls: websites.urls,
      allowedOrigins,
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
      if (e instanceof ActionError && e.code === 'INSECURE_LOGIN_URL' && websites.urls[0]) {
        // The vault refuses to send the password unencrypted until the person says so.
        setInsecure({ origin: new URL(websites.urls[0]).origin, confirmed: false });
        setFieldErrors({ urls: e.message });
        return;
      }
      const fields = fieldErrorsOf(e);
      setFieldErrors(fields);
      if (Object.keys(fields).length === 0) setError(messageOf(e));
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
            <Field label="App name" value={name} onChange={(e) => setName(e.target.value)} required autoFocus={focus === null} error={fieldErrors['name']} />
            <Field label="Login URL" type="url" value={url} onChange={(e) => { setUrl(e.target.value); setInsecure(null); }} placeholder="https://app.example.com/login"
              error={fieldErrors['urls']} onBlur={() => { const c = checkUrls(url); setFieldErrors(({ urls: _old, ...rest }) => (c.ok ? rest : { ...rest, urls: c.message })); }} />
            {insecure && (
              <label className="checkbox warning-box">
                <input type="checkbox" checked={insecure.confirmed} onChange={(e) => { setInsecure({ ...insecure, confirmed: e.target.checked }); setFieldErrors(({ urls: _old, ...rest }) => rest); }} />
                Send this account’s password and codes to {insecure.origin} unencrypted anyway. Anyone on the network between you and the site can read them.
              </label>
            )}
            <Field label="Username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" error={fieldErrors['username']} />
            <PasswordInput label={editing?.hasPassword ? 'New password' : 'Password'} value={password} onValue={(v) => { setPassword(v); setGenerated(null); }}
              autoComplete="new-password" error={fieldErrors['password']} {...(generated ? { hint: generated } : {})} />
            <fieldset className="generator" aria-label="Password generator">
              <Select label="Generate a" labelHidden inline value={generator.kind} onValueChange={(kind) => setGenerator({ ...generator, kind: kind as 'password' | 'passphrase' })}
                options={[{ value: 'password', label: 'Random password' }, { value: 'passphrase', label: 'Passphrase' }]} />
              {generator.kind === 'password' ? (
                <label className="checkbox inline">Length
                  <input type="number" className="narrow" min={8} max={128} value={generator.length} onChange={(e) => setGenerator({ ...generator, length: e.target.value })} />
                </label>
              ) : (
                <label className="checkbox inline">Words
                  <input type="number" className="narrow" min={3} max={12} value={generator.words} onChange={(e) => setGenerator({ ...generator, words: e.target.value })} />
                </label>
              )}
              {generator.kind === 'password' && (
                <label className="checkbox inline"><input type="checkbox" checked={generator.symbols} onChange={(e) => setGenerator({ ...generator, symbols: e.target.checked })} />Symbols</label>
              )}
              <button type="button" onClick={() => void generate()}>Generate</button>
            </fieldset>
            <Field label={editing?.totp ? 'New TOTP secret or otpauth:// link' : 'TOTP secret or otpauth:// link'} value={totp}
              onChange={(e) => setTotp(e.target.value)} autoComplete="off" spellCheck={false} autoFocus={focus === 'totp'} />
            <Field label="Managed email alias" type="email" value={managedEmail} onChange={(e) => setManagedEmail(e.target.value)}
              autoFocus={focus === 'managedEmail'} hint="A team-managed mailbox alias that receives this account's recovery and 2FA mail." />
            <Field label="Managed phone number" type="tel" value={managedPhone} onChange={(e) => setManagedPhone(e.target.value)} />
            <Field label="Also type the password on" value={allowed} onChange={(e) => setAllowed(e.target.value)} placeholder="https://login.example.com"
              error={fieldErrors['allowedOrigins']}
              hint={allowed.trim()
                ? 'Tessera will type this account’s password and codes on these sites too. Allow only sites that belong to this app.'
                : 'Other sign-in addresses of this app, separated by commas. Tessera types the password only on the login URL’s site and these.'} />
            <Field label="Tags" value={tags} onChange={(e) => setTags(e.target.value)} hint="Separate tags with commas." />
            <div className="field">
              <label htmlFor="account-notes">Notes</label>
              <textarea id="account-notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
            </div>
            {error && <p className="form-error" role="alert">{error}</p>}
            <div className="dialog-actions">
              <Dialog.Close asChild><button type="button">Cancel</button></Dialog.Close>
              <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
            </div>
          </form>
          <DialogClose />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
