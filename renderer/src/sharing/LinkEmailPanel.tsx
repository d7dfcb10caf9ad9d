// The workspace's own SMTP server for share-link codes (Owners and Admins), kept on its relay:
// what is set now (never the password, which goes in and does not come back), a form to set
// or replace it, and Remove, after which the relay's own server (if its operator set one)
// sends codes again. Loaded when the section is opened.
import { useState, type FormEvent } from 'react';
import type { LinkEmailStateView } from '../../../main/ipc/contract/links';
import { messageOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';

export function LinkEmailPanel({ workspaceId }: { workspaceId: string }) {
  const [state, setState] = useState<LinkEmailStateView | null>(null);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('587');
  const [secure, setSecure] = useState(false);
  const [from, setFrom] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function act(run: () => Promise<LinkEmailStateView>, done?: string) {
    setBusy(true);
    try {
      setState(await run());
      if (done) setMessage({ ok: true, text: done });
      setPassword('');
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  function load(open: boolean) {
    if (open && !state) void act(() => unwrap(tessera().links.emailSettings({ workspaceId })));
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
      setMessage({ ok: false, text: 'The port is a number from 1 to 65535 (587 for STARTTLS, 465 for TLS from the start).' });
      return;
    }
    void act(() => unwrap(tessera().links.setEmailSettings({
      workspaceId, host: host.trim(), port: portNumber, secure, from: from.trim(),
      ...(user.trim() ? { user: user.trim() } : {}), ...(user.trim() && password ? { password } : {}),
    })), 'Saved. Codes for links that check an email now go out through this server.');
  }

  const fallback = state?.relayHasSmtp ? "the relay's own server sends them" : 'links that check an email cannot be created until one is set';
  return (
    <details className="run-details" data-testid="link-email" onToggle={(e) => load(e.currentTarget.open)}>
      <summary>Email for share-link codes</summary>
      <p className="muted">A share link limited to email addresses sends a six-digit code to whoever opens it. The relay sends it through this server; it keeps the password, because it has to log in to send.</p>
      {state && (
        <p role="status" data-testid="link-email-state">
          {state.smtp
            ? <>Codes go out through <strong>{state.smtp.host}:{state.smtp.port}</strong>{state.smtp.secure ? ' (TLS)' : ''} from {state.smtp.from}{state.smtp.user ? `, logged in as ${state.smtp.user}` : ''}.</>
            : `This workspace has no server of its own: ${fallback}.`}
        </p>
      )}
      <form onSubmit={save} noValidate>
        <Field label="SMTP server" value={host} onChange={(e) => setHost(e.target.value)} placeholder="smtp.example.com" />
        <Field label="Port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} hint="587 with STARTTLS; 465 with TLS from the start." />
        <label className="checkbox"><input type="checkbox" checked={secure} onChange={(e) => { setSecure(e.target.checked); setPort(e.target.checked ? '465' : '587'); }} />TLS from the start (port 465)</label>
        <Field label="From address" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="Tessera <links@example.com>" />
        <Field label="SMTP user (optional)" autoComplete="off" value={user} onChange={(e) => setUser(e.target.value)} />
        {user.trim() && <Field label="SMTP password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} hint="Sent only to a relay reached over TLS (wss://) or on this machine." />}
        <button type="submit" disabled={busy || !host.trim() || !from.trim()}>Save email server</button>
        {state?.smtp && <button type="button" disabled={busy} onClick={() => void act(() => unwrap(tessera().links.clearEmailSettings({ workspaceId })), "Removed. The relay's own server, if it has one, sends codes again.")}>Remove</button>}
      </form>
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </details>
  );
}
