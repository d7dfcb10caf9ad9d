// A browser asks to pair with Tessera (the browser extension): an alert dialog over any screen
// with the browser's name and the six-digit code, large, to compare with the one its toolbar
// popup shows. Refuse is focused first (the safe choice); Confirm pairs it; Esc refuses. The
// dialog follows browsers.pairingRequested / pairingEnded, so a pairing that times out or that
// the browser gave up closes it by itself.
import * as Dialog from '@radix-ui/react-dialog';
import { useCallback, useEffect, useState } from 'react';
import type { PendingPairingView } from '../../../main/ipc/contract/browsers';
import { messageOf, tessera, unwrap } from '../api';
import { useReturnFocus } from './use-return-focus';

export function BrowserPairingDialog() {
  const [pending, setPending] = useState<PendingPairingView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setPending((await unwrap(tessera().browsers.pending())).pending);
    } catch {
      setPending(null); // locked: nothing waits
    }
  }, []);

  useEffect(() => {
    void load();
    const offRequested = tessera().on('browsers.pairingRequested', (request) => {
      setError(null);
      setPending(request);
    });
    const offEnded = tessera().on('browsers.pairingEnded', () => void load());
    return () => {
      offRequested();
      offEnded();
    };
  }, [load]);

  async function decide(confirm: boolean) {
    if (!pending) return;
    try {
      if (confirm) await unwrap(tessera().browsers.confirmPairing({ code: pending.code }));
      else await unwrap(tessera().browsers.refusePairing({ code: pending.code }));
      setError(null);
      setPending(null);
    } catch (e) {
      setError(messageOf(e));
      await load();
    }
  }

  const returnFocus = useReturnFocus(pending !== null);
  return (
    <Dialog.Root open={pending !== null} onOpenChange={(open) => { if (!open) void decide(false); }}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        {pending && (
          <Dialog.Content className="dialog" role="alertdialog" data-testid="browser-pairing-dialog" onCloseAutoFocus={returnFocus}>
            <Dialog.Title>Pair {pending.name} with Tessera?</Dialog.Title>
            <Dialog.Description asChild>
              <div>
                <p>The Tessera extension in <strong>{pending.name}</strong> asks to fill and save logins from this vault. Confirm only if its toolbar popup shows the same code:</p>
                <p className="pairing-code" data-testid="browser-pairing-code" aria-label={`Code ${pending.code.split('').join(' ')}`}>{pending.code.slice(0, 3)} {pending.code.slice(3)}</p>
                <p className="muted">A different code means another program is asking: refuse it. The request ends by itself in two minutes.</p>
                {error && <p className="form-error" role="alert">{error}</p>}
              </div>
            </Dialog.Description>
            <div className="dialog-actions">
              <button type="button" onClick={() => void decide(false)}>Refuse</button>
              <button type="button" className="primary" onClick={() => void decide(true)}>Confirm pairing</button>
            </div>
          </Dialog.Content>
        )}
      </Dialog.Portal>
    </Dialog.Root>
  );
}
