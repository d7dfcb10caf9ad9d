// "Share a link" on an account an Owner holds: credentials for someone without Tessera, for a
// while. The Owner picks how long it works, whether it opens once, and who may open it (emails,
// or @domains, who confirm a code the relay emails); the link is shown once, with a Copy button
// and its QR code (its key is in the part after #, kept nowhere). Below, the account's links:
// state, expiry, who may open it, each view, and Revoke (after a confirmation).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { LINK_LIFETIME_CHOICES, ShareLinkView } from '../../../main/ipc/contract/links';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatDateTime } from '../format';
import { CodeToSend } from './CodeToSend';

type Lifetime = (typeof LINK_LIFETIME_CHOICES)[number];
const LIFETIME_LABELS: Record<Lifetime, string> = { '1h': '1 hour', '12h': '12 hours', '1d': '1 day', '5d': '5 days', '30d': '30 days' };
const LIFETIMES = Object.keys(LIFETIME_LABELS) as Lifetime[];
const STATE_LABELS: Record<ShareLinkView['state'], string> = { open: 'Open', expired: 'Expired', used: 'Used (one view)', revoked: 'Revoked', locked: 'Locked after wrong codes' };

/** "a@b.c, @d.e" → emails and domains; null with a message when something is neither. */
function parseRecipients(text: string): { emails: string[]; domains: string[] } | string {
  const emails: string[] = [];
  const domains: string[] = [];
  for (const part of text.split(/[\s,;]+/).map((p) => p.trim().toLowerCase()).filter(Boolean)) {
    if (/^@?([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/.test(part) && !part.slice(1).includes('@')) domains.push(part.replace(/^@/, ''));
    else if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(part)) emails.push(part);
    else return `"${part}" is neither an email address nor a domain (like @example.com).`;
  }
  return { emails, domains };
}

export function ShareLinkPanel({ accountId, accountName }: { accountId: string; accountName: string }) {
  const [links, setLinks] = useState<ShareLinkView[]>([]);
  const [lifetime, setLifetime] = useState<Lifetime>('1d');
  const [once, setOnce] = useState(true);
  const [recipients, setRecipients] = useState('');
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ url: string; expiresAt: number } | null>(null);
  const [revoking, setRevoking] = useState<ShareLinkView | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  /** Links live on a workspace's relay: null until known. */
  const [hasRelay, setHasRelay] = useState<boolean | null>(null);

  const load = useCallback(async () => {
    try {
      const { workspaces } = await unwrap(tessera().sharing.status());
      const admitted = workspaces.some((w) => w.admitted && w.relayUrl);
      setHasRelay(admitted);
      if (admitted) setLinks((await unwrap(tessera().links.list({ accountId }))).links);
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }, [accountId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function create(event: FormEvent) {
    event.preventDefault();
    const parsed = parseRecipients(recipients);
    if (typeof parsed === 'string') {
      setMessage({ ok: false, text: parsed });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const link = await unwrap(tessera().links.create({ accountId, lifetime, once, ...parsed }));
      setCreated({ url: link.url, expiresAt: link.expiresAt });
      setRecipients('');
      await load();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  async function revoke(link: ShareLinkView) {
    setRevoking(null);
    try {
      await unwrap(tessera().links.revoke({ linkId: link.linkId }));
      setMessage({ ok: true, text: 'Revoked: the link no longer opens.' });
      await load();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  if (hasRelay === false) {
    return (
      <div className="share-link" data-testid="share-link-panel">
        <h3>Share a link</h3>
        <p className="muted">Links live on a workspace's relay. Create or join a workspace on the Sharing screen to share this account by link.</p>
      </div>
    );
  }

  return (
    <div className="share-link" data-testid="share-link-panel">
      <h3>Share a link</h3>
      <p className="muted">For someone without Tessera: the link shows {accountName}'s username, password, address, notes and live one-time code. It is encrypted with a key that only the link carries; your relay cannot read it.</p>
      {created ? (
        <>
          <CodeToSend code={created.url} expiresAt={created.expiresAt} testId="share-link" noun="link"
            what="Send this link to the person it is for. It is shown only now: Tessera keeps no copy of its key." />
          <button type="button" onClick={() => setCreated(null)}>Done</button>
        </>
      ) : (
        <form onSubmit={(e) => void create(e)} noValidate>
          <div className="field">
            <label htmlFor={`link-lifetime-${accountId}`}>Works for</label>
            <select id={`link-lifetime-${accountId}`} value={lifetime} onChange={(e) => setLifetime(e.target.value as Lifetime)}>
              {LIFETIMES.map((l) => <option key={l} value={l}>{LIFETIME_LABELS[l]}</option>)}
            </select>
          </div>
          <label className="checkbox"><input type="checkbox" checked={once} onChange={(e) => setOnce(e.target.checked)} />Only one view (then the link stops working)</label>
          <div className="field">
            <label htmlFor={`link-who-${accountId}`}>Only for (optional)</label>
            <input id={`link-who-${accountId}`} value={recipients} onChange={(e) => setRecipients(e.target.value)} aria-describedby={`link-who-hint-${accountId}`} placeholder="cy@agency.example, @agency.example" />
            <p className="hint" id={`link-who-hint-${accountId}`}>Email addresses or @domains. They confirm a code your relay emails them before they see anything. Empty: anyone who has the link.</p>
          </div>
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Creating…' : 'Create link'}</button>
        </form>
      )}
      {links.length > 0 && (
        <table className="audit-table" data-testid="share-links">
          <caption className="muted">Links to this account</caption>
          <thead><tr><th scope="col">State</th><th scope="col">Expires</th><th scope="col">Who may open</th><th scope="col">Views</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {links.map((link) => (
              <tr key={link.linkId}>
                <td>{STATE_LABELS[link.state]}{link.once ? ' · one view' : ''}</td>
                <td>{formatDateTime(link.expiresAt)}</td>
                <td>{[...link.emails, ...link.domains.map((d) => `anyone at ${d}`)].join(', ') || 'Anyone with the link'}</td>
                <td>{link.views.length === 0 ? 'None' : link.views.map((v) => `${formatDateTime(v.at)}${v.email ? ` (${v.email})` : ''}`).join('; ')}</td>
                <td>{link.state === 'open' && <button type="button" className="danger inline" onClick={() => setRevoking(link)}>Revoke</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={revoking !== null} onOpenChange={(open) => !open && setRevoking(null)} title="Revoke this link?" confirmLabel="Revoke link" danger
        onConfirm={() => revoking && void revoke(revoking)}>
        <p>The link stops working at once. Whoever already opened it may have copied the password: consider rotating it.</p>
      </ConfirmDialog>
    </div>
  );
}
