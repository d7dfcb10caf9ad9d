// Join a workspace with an invitation code: posts the join request, then shows the six-digit
// code to read to the inviter (the workspace list keeps showing it until they admit you).
// Asks for the person's name and email when they have none yet: the team sees them by it.
// Optionally, another address of the inviter's relay than the code names (its address on this
// network, say), which the workspace then keeps on this device.
import { useState } from 'react';
import type { Profile } from '../../../main/ipc/contract/sharing';
import { tessera, unwrap } from '../api';
import { useSubmit } from './use-submit';
import { Field } from '../components/Field';
import { ProfileFields, profileProblems } from './ProfileCard';

export function JoinWorkspaceForm({ profile, onJoined }: { profile: Profile | null; onJoined: () => void }) {
  const [code, setCode] = useState('');
  const [relayUrl, setRelayUrl] = useState('');
  const [me, setMe] = useState<Profile>({ name: '', email: '' });
  const [meErrors, setMeErrors] = useState<Record<string, string>>({});
  const { busy, error, submit } = useSubmit(async () => {
    if (!profile) {
      const problems = profileProblems(me);
      setMeErrors(problems);
      if (Object.keys(problems).length > 0) return;
    }
    await unwrap(tessera().sharing.join({ code, ...(relayUrl.trim() ? { relayUrl } : {}), ...(profile ? {} : { profile: { name: me.name.trim(), email: me.email.trim() } }) }));
    setCode('');
    setRelayUrl('');
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
        {!profile && <ProfileFields draft={me} onDraft={setMe} errors={meErrors} />}
        <details className="run-details">
          <summary>Reach the relay at another address</summary>
          <Field label="Another address of the relay" value={relayUrl} onChange={(e) => setRelayUrl(e.target.value)} placeholder="ws://192.168.1.20:8787"
            autoComplete="off" spellCheck={false} hint="Leave empty to use the address in the code. Use this when this device reaches the same relay another way (its address on your network, or its internet address)." />
        </details>
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" disabled={busy || code.trim() === ''}>{busy ? 'Contacting the relay…' : 'Join'}</button>
      </form>
    </section>
  );
}
