// Settings › Browsers: the browsers paired with Tessera through its extension (name, when it
// was paired, when it was last used, whether it is connected now), each with Revoke after a
// confirmation; a new pairing is confirmed in the dialog that opens when a browser asks
// (components/BrowserPairingDialog.tsx). Refreshed when a pairing ends.
import { useCallback, useEffect, useState } from 'react';
import type { PairedBrowserView } from '../../../main/ipc/contract/browsers';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { formatDate, formatDateTime } from '../format';

export function BrowsersSection() {
  const [browsers, setBrowsers] = useState<PairedBrowserView[] | null>(null);
  const [revoking, setRevoking] = useState<PairedBrowserView | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setBrowsers((await unwrap(tessera().browsers.list())).browsers);
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }, []);
  useEffect(() => {
    void load();
    return tessera().on('browsers.pairingEnded', () => void load());
  }, [load]);

  async function revoke(browser: PairedBrowserView) {
    setRevoking(null);
    try {
      await unwrap(tessera().browsers.revoke({ browserId: browser.browserId }));
      setMessage({ ok: true, text: `Revoked ${browser.name}. Its extension can no longer fill or save logins until it is paired again.` });
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
    await load();
  }

  return (
    <section className="card" aria-labelledby="settings-browsers" data-testid="browsers">
      <h2 id="settings-browsers">Browsers</h2>
      <p className="muted">Browsers where the Tessera extension fills and saves logins. To add one, install the extension and choose Pair in its toolbar popup; Tessera then shows a code to confirm.</p>
      {browsers !== null && browsers.length === 0 && <p data-testid="browser-list-empty">No browser is paired.</p>}
      {browsers !== null && browsers.length > 0 && (
        <ul className="plain-list" data-testid="browser-list">
          {browsers.map((b) => (
            <li key={b.browserId} className="device-row">
              <span>
                <strong>{b.name}</strong>
                <span className="muted"> · paired {formatDate(b.createdAt)} · {b.lastUsedAt === null ? 'not used yet' : `last used ${formatDateTime(b.lastUsedAt)}`}{b.connected ? ' · connected now' : ''}</span>
              </span>
              <button type="button" className="danger inline" onClick={() => setRevoking(b)} aria-label={`Revoke ${b.name}`}>Revoke</button>
            </li>
          ))}
        </ul>
      )}
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={revoking !== null} onOpenChange={(open) => !open && setRevoking(null)} title={`Revoke ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke browser" danger onConfirm={() => revoking && void revoke(revoking)}>
        <p>Its extension is disconnected and forgets this vault: it can no longer fill or save logins until you pair it again. Nothing is deleted from the vault.</p>
      </ConfirmDialog>
    </section>
  );
}
