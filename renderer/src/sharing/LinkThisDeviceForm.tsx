// On a new device (no workspace yet): paste the link code made on your other device, then type
// the six digits shown here over there. Once that device confirms, this one becomes you in
// your workspaces and the Sharing screen fills in.
import { useEffect, useState } from 'react';
import type { LinkState } from '../../../main/ipc/contract/sharing';
import { tessera, unwrap } from '../api';
import { useSubmit } from './use-submit';

export function LinkThisDeviceForm({ onLinked }: { onLinked: () => void }) {
  const [code, setCode] = useState('');
  const [state, setState] = useState<LinkState>({ state: 'none' });
  const { busy, error, submit } = useSubmit(async () => {
    const { sas } = await unwrap(tessera().sharing.acceptLink({ code }));
    setState({ state: 'waiting', sas });
    setCode('');
  });

  useEffect(() => tessera().on('sharing.devices', () => {
    void unwrap(tessera().sharing.linkState({})).then((next) => {
      setState(next);
      if (next.state === 'linked') onLinked();
    }, () => undefined);
  }), [onLinked]);

  return (
    <section className="card" aria-labelledby="link-this-device">
      <h2 id="link-this-device">Link this device</h2>
      {state.state === 'waiting' && (
        <p className="notice" role="status">
          On your other device, type these six digits: <strong data-testid="link-sas">{state.sas}</strong>. This device becomes you in your workspaces once it does.
        </p>
      )}
      {state.state === 'linked' && <p className="notice" role="status">Linked: this device is you in {state.workspaces === 1 ? 'your workspace' : `${state.workspaces} workspaces`}. Shared accounts arrive as it syncs.</p>}
      {state.state === 'failed' && <p className="form-error" role="alert">{state.message}</p>}
      {state.state !== 'waiting' && state.state !== 'linked' && (
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="link-code">Link code from your other device</label>
            <textarea id="link-code" rows={3} value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="link-code-hint" />
            <span id="link-code-hint" className="hint muted">On a device that is already you: Sharing → Your devices → Link another device.</span>
          </div>
          {error && <p className="form-error" role="alert">{error}</p>}
          <button type="submit" disabled={busy || code.trim() === ''}>{busy ? 'Contacting your other device…' : 'Link'}</button>
        </form>
      )}
    </section>
  );
}
