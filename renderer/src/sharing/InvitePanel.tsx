// Invite someone, as a three-step guide: (1) choose their role and how long the invitation
// lasts; (2) send them the invitation — copy it or let them scan its QR code — it admits one
// person and expires; (3) when they join, they read you the six-digit code their screen shows:
// type it here to admit them. A request whose code differs is never admitted. Join requests
// arrive live (the sharing.status event); the admitted person appears in Members by the name
// they signed in with.
import { useEffect, useState, type FormEvent } from 'react';
import type { WorkspaceRole } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';
import { CodeToSend } from './CodeToSend';
import { ROLE_LABELS, ROLES } from './labels';

const VALIDITY: Array<[number, string]> = [[24, '24 hours'], [72, '3 days'], [168, '7 days']];

export function InvitePanel({ workspaceId, onAdmitted }: { workspaceId: string; onAdmitted: () => void }) {
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<WorkspaceRole>('member');
  const [hours, setHours] = useState(24);
  const [issued, setIssued] = useState<{ code: string; expiresAt: number } | null>(null);
  const [waiting, setWaiting] = useState(0);
  const [sas, setSas] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (!issued) return;
    const load = () => void unwrap(tessera().sharing.joinRequests({ workspaceId })).then((r) => setWaiting(r.requests.length), () => {});
    load();
    return tessera().on('sharing.status', (status) => {
      if (status.workspaceId === workspaceId) load();
    });
  }, [issued, workspaceId]);

  async function invite(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    try {
      setIssued(await unwrap(tessera().sharing.invite({ workspaceId, hours })));
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function admit(event: FormEvent) {
    event.preventDefault();
    try {
      await unwrap(tessera().sharing.admit({ workspaceId, sas, role }));
      setMessage({ ok: true, text: `Admitted as ${ROLE_LABELS[role]}. They appear in Members by their name once their device syncs.` });
      setSas('');
      setIssued(null);
      setOpen(false);
      onAdmitted();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  function cancel() {
    setIssued(null);
    setOpen(false);
    setSas('');
    setMessage(null);
  }

  return (
    <div className="invite" data-testid="invite">
      <h3>Invite someone</h3>
      {!open && <button type="button" className="primary" onClick={() => { setOpen(true); setMessage(null); }}>Invite a person…</button>}
      {open && (
        <ol className="invite-steps">
          <li aria-current={issued ? undefined : 'step'}>
            <strong>Choose their role</strong>
            {!issued
              ? (
                <form onSubmit={invite} noValidate>
                  <div className="field">
                    <label htmlFor={`invite-role-${workspaceId}`}>Their role</label>
                    <select id={`invite-role-${workspaceId}`} value={role} onChange={(e) => setRole(e.target.value as WorkspaceRole)}>
                      {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor={`invite-valid-${workspaceId}`}>The invitation works for</label>
                    <select id={`invite-valid-${workspaceId}`} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
                      {VALIDITY.map(([h, label]) => <option key={h} value={h}>{label}</option>)}
                    </select>
                  </div>
                  <div className="button-row">
                    <button type="submit" className="primary">Create invitation</button>
                    <button type="button" onClick={cancel}>Cancel</button>
                  </div>
                </form>
              )
              : <p className="muted">{ROLE_LABELS[role]}.</p>}
          </li>
          {issued && (
            <li aria-current={waiting === 0 ? 'step' : undefined}>
              <strong>Send them the invitation</strong>
              <CodeToSend code={issued.code} expiresAt={issued.expiresAt} testId="invitation"
                what="It admits one person. They paste it under “Join with an invitation”, or scan the code." />
              <div className="button-row">
                <button type="button" onClick={cancel}>Cancel</button>
              </div>
            </li>
          )}
          {issued && (
            <li aria-current={waiting > 0 ? 'step' : undefined}>
              <strong>Compare codes</strong>
              <p className="muted" role="status">{waiting === 0 ? 'Waiting for them to join…' : `${waiting} join ${waiting === 1 ? 'request is' : 'requests are'} waiting. Ask them to read you the six-digit code on their screen.`}</p>
              <form onSubmit={admit} noValidate>
                <Field label="Six-digit code they read to you" value={sas} onChange={(e) => setSas(e.target.value)} inputMode="numeric" autoComplete="off"
                  hint="Admit only when the code matches exactly: a different code means someone else is asking to join." />
                <button type="submit" className="primary" disabled={sas.replace(/\s/g, '').length !== 6}>Admit</button>
              </form>
            </li>
          )}
        </ol>
      )}
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </div>
  );
}
