// Create a workspace: its name and the relay it syncs through, either an address or the relay
// this device serves to its network (opt-in). Asks for the person's name and email when they
// have none yet (signed into the new chain). Says what is happening while it connects.
import { useState } from 'react';
import type { Profile } from '../../../main/ipc/contract/sharing';
import { tessera, unwrap } from '../api';
import { useSubmit } from './use-submit';
import { Field } from '../components/Field';
import { ProfileFields, profileProblems } from './ProfileCard';

export function CreateWorkspaceForm({ profile, onCreated }: { profile: Profile | null; onCreated: (workspaceId: string) => void }) {
  const [name, setName] = useState('');
  const [relayUrl, setRelayUrl] = useState('');
  const [serveRelay, setServeRelay] = useState(false);
  const [me, setMe] = useState<Profile>({ name: '', email: '' });
  const [meErrors, setMeErrors] = useState<Record<string, string>>({});
  const { busy, error, submit } = useSubmit(async () => {
    if (!profile) {
      const problems = profileProblems(me);
      setMeErrors(problems);
      if (Object.keys(problems).length > 0) return;
    }
    const { workspaceId } = await unwrap(tessera().sharing.create({
      name, ...(serveRelay ? { serveRelay } : { relayUrl }), ...(profile ? {} : { profile: { name: me.name.trim(), email: me.email.trim() } }),
    }));
    setName('');
    onCreated(workspaceId);
  });

  return (
    <section className="card" aria-labelledby="create-workspace">
      <h2 id="create-workspace">Create a workspace</h2>
      <form onSubmit={submit} noValidate>
        <Field label="Workspace name" value={name} onChange={(e) => setName(e.target.value)} required />
        {!profile && <ProfileFields draft={me} onDraft={setMe} errors={meErrors} />}
        <div className="field">
          <label>
            <input type="checkbox" checked={serveRelay} onChange={(e) => setServeRelay(e.target.checked)} /> Serve the relay from this device
          </label>
          <span className="hint muted">Peers on your network connect to this computer. It stores only encrypted data and runs while Tessera is unlocked.</span>
        </div>
        {!serveRelay && (
          <Field label="Relay address" value={relayUrl} onChange={(e) => setRelayUrl(e.target.value)} placeholder="ws://relay.example:8787"
            hint="The relay your team syncs through (tessera relay serve). It sees only ciphertext." />
        )}
        {error && <p className="form-error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Creating…' : 'Create workspace'}</button>
      </form>
    </section>
  );
}
