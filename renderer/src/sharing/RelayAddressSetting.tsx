// The relay address this device syncs a workspace through, under the workspace's Advanced
// section, with a way to change it (the relay's LAN or internet address, another of its nodes):
// Change… opens a field (focused), Save checks the address in the main process (its form, and
// that a relay answering there holds this workspace) and moves the live connection to it — the
// workspace's status line then shows it connecting through the new address — and Cancel or
// Escape leaves it as it was. Refusals say what to write instead.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { fieldErrorsOf, messageOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';

export function RelayAddressSetting({ workspaceId, relayUrl }: { workspaceId: string; relayUrl: string | null }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (editing) form.current?.querySelector('input')?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      changeButton.current?.focus();
    }
  }, [editing]);

  function open() {
    setDraft(relayUrl ?? '');
    setError(null);
    setSaved(null);
    setEditing(true);
  }

  function close() {
    returnFocus.current = true;
    setEditing(false);
    setError(null);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft.trim()) {
      setError('Enter the relay address, such as ws://192.168.1.20:8787 or wss://relay.example.com.');
      return;
    }
    setBusy(true);
    try {
      const result = await unwrap(tessera().sharing.setRelay({ workspaceId, relayUrl: draft }));
      const unchecked = result.checked ? '' : ' It does not answer yet, so Tessera could not check that it is this workspace\'s relay; it keeps trying.';
      const clear = result.carriesSecrets ? '' : ' It is not TLS (ws://): synced data stays end-to-end encrypted, but an SMTP password is never sent through it.';
      setSaved(`Saved. This device now connects through ${result.relayUrl ?? draft.trim()}.${unchecked}${clear}`);
      close();
    } catch (e) {
      setError(fieldErrorsOf(e)['relayUrl'] ?? messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  }

  return (
    <div data-testid="relay-address">
      <p className="muted">
        Relay address on this device: <code data-testid="relay-address-value">{relayUrl ?? 'none'}</code>{' '}
        {!editing && <button type="button" ref={changeButton} onClick={open}>Change address…</button>}
      </p>
      {editing && (
        <form ref={form} onSubmit={(e) => void save(e)} onKeyDown={onKeyDown} noValidate aria-label="Change the relay address">
          <Field
            label="New relay address"
            value={draft}
            onChange={(e) => { setDraft(e.target.value); setError(null); }}
            placeholder="ws://192.168.1.20:8787"
            autoComplete="off"
            spellCheck={false}
            error={error}
            hint="Another address of the same relay: its address on your network, its internet address (wss://), or another of its nodes. Only this device changes; the others keep theirs."
          />
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
          <button type="button" onClick={close} disabled={busy}>Cancel</button>
        </form>
      )}
      {saved && <p className="notice" role="status">{saved}</p>}
    </div>
  );
}
