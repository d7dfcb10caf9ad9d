// Join a workspace with an invitation code: posts the join request, then shows the six-digit
// code to read to the inviter (the workspace list keeps showing it until they admit you).
import { useState } from 'react';
import { tessera, unwrap } from '../api';
import { useSubmit } from './use-submit';

export function JoinWorkspaceForm({ onJoined }: { onJoined: () => void }) {
  const [code, setCode] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    await unwrap(tessera().sharing.join({ code }));
    setCode('');
    onJoined();
  });

  return (
    <section className="card" aria-labelledby="join-workspace">
      <h2 id="join-workspace">Join a workspace</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="join-code">Invitation code</label>
          <textarea id="join-code" rows={3} value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="join-code-hint" />
          <span id="join-code-hint" className="hint muted">Paste the code the person who invites you sent. You will then read them a six-digit code.</span>
        </div>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" disabled={busy || code.trim() === ''}>{busy ? 'Contacting the relay…' : 'Join'}</button>
      </form>
    </section>
  );
}
