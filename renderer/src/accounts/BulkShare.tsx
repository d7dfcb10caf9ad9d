// Sharing the accounts chosen in the list (Owners) with one member, team or partner: a Radix
// dialog with the Share form (ShareForm.tsx), one `sharing.shareMany` call for all of them
// (all or none: the main process refuses the whole list when any account is not this
// person's to share, and the dialog shows why), then what was shared. Focus stays in the
// dialog until Close and then returns to the list.
import * as Dialog from '@radix-ui/react-dialog';
import { useEffect, useRef, useState } from 'react';
import type { WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { DialogClose } from '../components/DialogClose';
import { useReturnFocus } from '../components/use-return-focus';
import { ShareForm, type ShareChoice } from '../sharing/ShareForm';
import { ACCOUNT_ROLE_LABELS } from '../sharing/labels';

/** sharing.shareMany takes at most this many accounts per call (MAX_SHARE_MANY in its contract, which the renderer does not bundle). */
export const MAX_BULK_SHARE = 10_000;

type Chosen = ReadonlyArray<{ id: string; name: string }>;
const accountsText = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'account' : 'accounts'}`;

export function BulkShare({ chosen, open, onOpenChange, onShared, focusAfter }: {
  chosen: Chosen;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** After the accounts were shared (the list reloads: their levels follow who holds a role). */
  onShared: () => void;
  /** Where focus goes when the dialog closes. */
  focusAfter?: () => HTMLElement | null;
}) {
  const [workspaces, setWorkspaces] = useState<WorkspaceSyncStatus[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useReturnFocus(open, focusAfter);

  useEffect(() => {
    if (!open) return;
    setDone(null);
    setError(null);
    setWorkspaces(null);
    unwrap(tessera().sharing.status()).then(
      (status) => setWorkspaces(status.workspaces.filter((w) => w.admitted)),
      (e: unknown) => { setWorkspaces([]); setError(messageOf(e)); },
    );
  }, [open]);

  // The form is gone once the accounts are shared: focus goes to the dialog's Close button.
  useEffect(() => {
    if (done) closeRef.current?.focus();
  }, [done]);

  async function share({ workspaceId, principal, role, name }: ShareChoice) {
    setBusy(true);
    setError(null);
    try {
      const { shared } = await unwrap(tessera().sharing.shareMany({ workspaceId, accountIds: chosen.map((c) => c.id), principal, role }));
      setDone(`Shared ${accountsText(shared)} with ${name} as ${ACCOUNT_ROLE_LABELS[role]}. The change syncs to their devices.`);
      onShared();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog.Root open={open} onOpenChange={(next) => { if (!busy) onOpenChange(next); }}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="bulk-share" onCloseAutoFocus={returnFocus}
          onEscapeKeyDown={(e) => { if (busy) e.preventDefault(); }}>
          <Dialog.Title>Share {accountsText(chosen.length)}</Dialog.Title>
          <Dialog.Description asChild>
            <p className="muted">
              {chosen.length <= 3 ? chosen.map((c) => c.name).join(', ') : `${chosen.slice(0, 3).map((c) => c.name).join(', ')} and ${(chosen.length - 3).toLocaleString()} more`}.
              {' '}Collaborators can log in with an account (Tessera fills the password and code) but never see its password.
            </p>
          </Dialog.Description>
          {done ? <p className="notice" role="status" data-testid="bulk-share-result">{done}</p>
            : workspaces === null ? <p className="muted">Loading…</p>
            : workspaces.length === 0 ? <p className="muted">Create or join a workspace on the Sharing screen to share accounts.</p>
            : <ShareForm workspaces={workspaces} onShare={share} heading={null} busy={busy} submitLabel={`Share ${accountsText(chosen.length)}`} />}
          {error && <p className="form-error" role="alert">{error}</p>}
          <div className="dialog-actions">
            <Dialog.Close asChild><button ref={closeRef} type="button" disabled={busy}>{done ? 'Close' : 'Cancel'}</button></Dialog.Close>
          </div>
          <DialogClose />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
