// Invite someone, as a three-step guide: (1) choose their role and how long the invitation
// lasts; (2) send them the invitation — copy it or let them scan its QR code — it admits one
// person and expires; (3) when they join, they read you the six-digit code their screen shows:
// type it here to admit them. A request whose code differs is never admitted. Join requests
// arrive live (the sharing.status event); the admitted person appears in Members by the name
// they signed in with. With `partner`, the invitee joins into that partner as a Guest: the
// partner's Manager (invited by a host Owner/Admin), or one of the Manager's own people.
import { useEffect, useState, type FormEvent } from 'react';
import type { WorkspaceRole } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';
import { CodeToSend } from './CodeToSend';
import { ROLE_LABELS, ROLES } from './labels';

const VALIDITY: Array<[number, string]> = [[24, '24 hours'], [72, '3 days'], [168, '7 days']];

/** Admission into a partner: as its Manager (host Owners/Admins) or as one of its people. */
export interface PartnerInvite {
  partnerId: string;
  name: string;
  asManager: boolean;
}

export function InvitePanel({ workspaceId, onAdmitted, partner }: { workspaceId: string; onAdmitted: () => void; partner?: PartnerInvite }) {
  const [open, setOpen] = useState(false);
  const [chosenRole, setRole] = useState<WorkspaceRole>('member');
  const role: WorkspaceRole = partner ? 'guest' : chosenRole;
  const idSuffix = partner ? `${workspaceId}-${partner.partnerId}-${partner.asManager ? 'manager' : 'person'}` : workspaceId;
  const title = !partner ? 'Invite someone' : partner.asManager ? `Invite the Manager of ${partner.name}` : `Invite someone into ${partner.name}`;
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
      setIssued(await unwrap(tessera().sharing.invite({ workspaceId, hours, ...(partner ? { partnerId: partner.partnerId } : {}) })));
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function admit(event: FormEvent) {
    event.preventDefault();
    try {
      await unwrap(tessera().sharing.admit({ workspaceId, sas, role, ...(partner ? { partnerId: partner.partnerId, manager: partner.asManager } : {}) }));
      setMessage({ ok: true, text: partner
        ? `Admitted into ${partner.name}${partner.asManager ? ' as its Manager' : ''}. They appear under the partner by their name once their device syncs.`
        : `Admitted as ${ROLE_LABELS[role]}. They appear in Members by their name once their device syncs.` });
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
    <div className="invite" data-testid={partner ? 'partner-invite' : 'invite'}>
      <h3>{title}</h3>
      {!open && <button type="button" className="primary" onClick={() => { setOpen(true); setMessage(null); }}>{partner?.asManager ? 'Invite its Manager…' : 'Invite a person…'}</button>}
      {open && (
        <ol className="invite-steps">
          <li aria-current={issued ? undefined : 'step'}>
            <strong>{partner ? 'How long the invitation works' : 'Choose their role'}</strong>
            {!issued
              ? (
                <form onSubmit={invite} noValidate>
                  {partner
                    ? <p className="muted">They join this workspace as a Guest in {partner.name}{partner.asManager ? ', as its Manager: they admit their own people and give them the accounts you share with the partner' : ': they can use only the accounts a Manager gives them, as a Collaborator'}.</p>
                    : (
                      <div className="field">
                        <label htmlFor={`invite-role-${idSuffix}`}>Their role</label>
                        <select id={`invite-role-${idSuffix}`} value={role} onChange={(e) => setRole(e.target.value as WorkspaceRole)}>
                          {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
                        </select>
                      </div>
                    )}
                  <div className="field">
                    <label htmlFor={`invite-valid-${idSuffix}`}>The invitation works for</label>
                    <select id={`invite-valid-${idSuffix}`} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
                      {VALIDITY.map(([h, label]) => <option key={h} value={h}>{label}</option>)}
                    </select>
                  </div>
                  <div className="button-row">
                    <button type="submit" className="primary">Create invitation</button>
                    <button type="button" onClick={cancel}>Cancel</button>
                  </div>
                </form>
              )
              : <p className="muted">{partner ? `${ROLE_LABELS[role]} in ${partner.name}${partner.asManager ? ' (Manager)' : ''}` : ROLE_LABELS[role]}.</p>}
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
