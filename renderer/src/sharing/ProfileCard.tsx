// "How your team sees you": the display name and email this person signs into every
// workspace's chain (SCIM and Okta map people by the email). Editable at any time; the first
// workspace created or joined asks for them in its own form (ProfileFields) when none is set.
import { useEffect, useState } from 'react';
import type { Profile } from '../../../main/ipc/contract/sharing';
import { fieldErrorsOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';
import { useBusyAction } from '../components/use-busy-action';

/** The name and email fields, with the refusal under its own field. */
export function ProfileFields({ draft, onDraft, errors }: { draft: Profile; onDraft: (p: Profile) => void; errors: Record<string, string> }) {
  return (
    <>
      <Field label="Your name" value={draft.name} autoComplete="name" onChange={(e) => onDraft({ ...draft, name: e.target.value })}
        error={errors['name'] ?? errors['profile.name'] ?? null} hint="Teammates see you by this name." required />
      <Field label="Your work email" type="email" value={draft.email} autoComplete="email" onChange={(e) => onDraft({ ...draft, email: e.target.value })}
        error={errors['email'] ?? errors['profile.email'] ?? null} hint="Sharing by email finds you; your directory (SCIM, Okta) matches you by it." />
    </>
  );
}

export function profileProblems(draft: Profile): Record<string, string> {
  const found: Record<string, string> = {};
  if (draft.name.trim() === '') found['name'] = 'Enter the name your teammates know you by.';
  if (draft.email.trim() !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(draft.email.trim())) found['email'] = 'Enter an email like name@company.com, or leave it empty.';
  return found;
}

export function ProfileCard({ profile, onSaved }: { profile: Profile | null; onSaved: (p: Profile) => void }) {
  const [draft, setDraft] = useState<Profile>(profile ?? { name: '', email: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useBusyAction();
  useEffect(() => setDraft(profile ?? { name: '', email: '' }), [profile]);

  function save(event: React.FormEvent) {
    event.preventDefault();
    const found = profileProblems(draft);
    setErrors(found);
    setDone(null);
    if (Object.keys(found).length > 0) return;
    void run(async () => {
      try {
        const saved = await unwrap(tessera().sharing.setProfile({ profile: { name: draft.name.trim(), email: draft.email.trim() } }));
        setDone('Saved. Your workspaces show the new name once they sync.');
        onSaved(saved.profile);
      } catch (e) {
        const fields = fieldErrorsOf(e);
        if (Object.keys(fields).length > 0) setErrors(fields);
        else throw e;
      }
    });
  }

  return (
    <form className="card" onSubmit={save} noValidate aria-labelledby="sharing-you" data-testid="profile-card">
      <h2 id="sharing-you">You</h2>
      {!profile && <p className="muted">Add your name so the people you share with know who you are.</p>}
      <ProfileFields draft={draft} onDraft={setDraft} errors={errors} />
      <div className="form-footer">
        <button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
        <p className={error ? 'outcome-line form-error' : 'outcome-line ok-text'} role={error ? 'alert' : 'status'}>{error ?? done ?? ''}</p>
      </div>
    </form>
  );
}
