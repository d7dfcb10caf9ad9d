// Invite someone: make a code to send them; when they read out the six-digit code their
// screen shows, type it here and admit them with a role. A request whose code differs is
// never admitted. Join requests arrive live (the sharing.status event).
import { useEffect, useState, type FormEvent } from 'react';
import type { WorkspaceRole } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';
import { ROLE_LABELS, ROLES, shortId } from './labels';

export function InvitePanel({ workspaceId, onAdmitted }: { workspaceId: string; onAdmitted: () => void }) {
  const [code, setCode] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(0);
  const [sas, setSas] = useState('');
  const [role, setRole] = useState<WorkspaceRole>('member');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [expiresAt, setExpiresAt] = useState<number | null>(null);

  useEffect(() => {
    if (!code) return;
    const load = () => void unwrap(tessera().sharing.joinRequests({ workspaceId })).then((r) => setWaiting(r.requests.length), () => {});
    load();
    return tessera().on('sharing.status', (status) => {
      if (status.workspaceId === workspaceId) load();
    });
  }, [code, workspaceId]);

  async function invite() {
    setMessage(null);
    try {
      const issued = await unwrap(tessera().sharing.invite({ workspaceId }));
      setCode(issued.code);
      setExpiresAt(issued.expiresAt);
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function admit(event: FormEvent) {
    event.preventDefault();
    try {
      const admitted = await unwrap(tessera().sharing.admit({ workspaceId, sas, role }));
      setMessage({ ok: true, text: `Admitted ${shortId(admitted.memberId)} as ${ROLE_LABELS[role]}. Their key fingerprint: ${admitted.fingerprint}` });
      setSas('');
      setCode(null);
      onAdmitted();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  return (
    <div className="invite">
      <h3>Invite</h3>
      {!code && <button type="button" onClick={() => void invite()}>Create invitation</button>}
      {code && (
        <>
          <p>Send this code to the person you invite. It admits one person and expires {expiresAt ? new Date(expiresAt).toLocaleString() : 'in 24 hours'}.</p>
          <p className="recovery-key" data-testid="invitation-code">{code}</p>
          <p className="muted" role="status">{waiting === 0 ? 'Waiting for them to join…' : `${waiting} join request(s) waiting. Ask them to read you their six-digit code.`}</p>
          <form onSubmit={admit} noValidate>
            <Field label="Six-digit code they read to you" value={sas} onChange={(e) => setSas(e.target.value)} inputMode="numeric" autoComplete="off"
              hint="Admit only when the code matches exactly: a different code means someone else is asking to join." />
            <div className="field">
              <label htmlFor={`invite-role-${workspaceId}`}>Their role</label>
              <select id={`invite-role-${workspaceId}`} value={role} onChange={(e) => setRole(e.target.value as WorkspaceRole)}>
                {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
              </select>
            </div>
            <button type="submit" className="primary" disabled={sas.replace(/\s/g, '').length !== 6}>Admit</button>
          </form>
        </>
      )}
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </div>
  );
}
