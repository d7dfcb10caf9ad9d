// The partners of a workspace: other organisations (host-guest, naming their own workspace) or
// local groups of outside people, each with its Managers and people by name, the accounts the
// host shared with it and who holds each through it. Owners and Admins create a partnership,
// invite its Manager (or name a member the Manager of a local partner) and end it (a dialog
// says what that does: its people leave, the team key changes, rotations are queued). A
// partner's Manager — and the host's Owners and Admins — invite people into it, give them an
// account shared with the partner, take it back, and remove a person.
import { useCallback, useEffect, useState } from 'react';
import type { MemberView, PartnerView } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { InvitePanel } from './InvitePanel';
import { personName, shortId } from './labels';
import { useSubmit } from './use-submit';

type Pending =
  | { kind: 'end'; partner: PartnerView }
  | { kind: 'remove'; partner: PartnerView; memberId: string }
  | { kind: 'revoke'; partner: PartnerView; memberId: string; accountId: string };

export function partnerLabel(partner: PartnerView): string {
  return partner.name ?? `Partner ${shortId(partner.partnerId)}`;
}

export function PartnersPanel({ workspaceId, canManage, revision, onChanged }: { workspaceId: string; canManage: boolean; revision: number; onChanged: () => void }) {
  const [partners, setPartners] = useState<PartnerView[]>([]);
  const [members, setMembers] = useState<MemberView[]>([]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      const [p, m] = await Promise.all([unwrap(tessera().sharing.partners({ workspaceId })), unwrap(tessera().sharing.members({ workspaceId }))]);
      setPartners(p.partners);
      setMembers(m.members.filter((x) => x.active));
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }, [workspaceId]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  // Someone who sees no partner and cannot create one has nothing here.
  if (!canManage && partners.length === 0) return null;

  async function act(action: () => Promise<string>) {
    setPending(null);
    try {
      setMessage({ ok: true, text: await action() });
      await load();
      onChanged();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  const who = (partner: PartnerView, memberId: string) => personName(partner.people.find((p) => p.memberId === memberId) ?? { memberId });

  const confirm = (p: Pending) => act(async () => {
    if (p.kind === 'end') {
      const { removedMembers, rotationJobs } = await unwrap(tessera().sharing.endPartner({ workspaceId, partnerId: p.partner.partnerId }));
      return `Ended the partnership with ${partnerLabel(p.partner)}: ${removedMembers} person(s) left the workspace${rotationJobs ? `; ${rotationJobs} password rotation(s) queued` : ''}.`;
    }
    if (p.kind === 'remove') {
      const { rotationJobs } = await unwrap(tessera().sharing.removeFromPartner({ workspaceId, partnerId: p.partner.partnerId, memberId: p.memberId }));
      return `Removed ${who(p.partner, p.memberId)} from ${partnerLabel(p.partner)}${rotationJobs ? `; ${rotationJobs} password rotation(s) queued` : ''}.`;
    }
    const { rotationJobs } = await unwrap(tessera().sharing.partnerRevoke({ workspaceId, partnerId: p.partner.partnerId, memberId: p.memberId, accountId: p.accountId }));
    return `${who(p.partner, p.memberId)} can no longer use that account${rotationJobs ? `; ${rotationJobs} password rotation(s) queued` : ''}.`;
  });

  return (
    <div className="partners" data-testid="partners">
      <h3>Partners</h3>
      {partners.length === 0 && <p className="muted">No partners yet. A partner is another organisation (an agency, a vendor) whose people use some of your accounts as Collaborators, managed by their own admin.</p>}
      <ul className="team-list">
        {partners.map((partner) => (
          <li key={partner.partnerId} data-testid="partner">
            <strong>{partnerLabel(partner)}</strong>
            <span className="muted"> · {partner.kind === 'host-guest' ? `partner workspace ${shortId(partner.guestWorkspaceId ?? '')}` : 'local partner'}{partner.active ? '' : ' · ended'}</span>
            <p className="muted">People</p>
            <ul aria-label={`People of ${partnerLabel(partner)}`}>
              {partner.people.length === 0 && <li className="muted">No one yet.{canManage && partner.active ? ' Invite its Manager below.' : ''}</li>}
              {partner.people.map((person) => (
                <li key={person.memberId}>
                  {personName(person)}{person.manager ? ' · Manager' : ''}
                  {partner.youManage && !(person.manager && !canManage) && (
                    <button type="button" className="danger inline" aria-label={`Remove ${personName(person)} from ${partnerLabel(partner)}`}
                      onClick={() => setPending({ kind: 'remove', partner, memberId: person.memberId })}>Remove</button>
                  )}
                </li>
              ))}
            </ul>
            {partner.accounts.length > 0 && (
              <>
              <p className="muted">Accounts shared with it, and who holds each</p>
              <ul aria-label={`Accounts shared with ${partnerLabel(partner)}`}>
                {partner.accounts.map((account) => (
                  <li key={account.accountId}>
                    <strong>{account.name ?? shortId(account.accountId)}</strong>: {account.holders.map((m) => who(partner, m)).join(', ') || 'no one yet'}
                    {partner.youManage && partner.people.filter((p) => !p.manager && account.holders.includes(p.memberId)).map((p) => (
                      <button key={p.memberId} type="button" className="inline"
                        onClick={() => setPending({ kind: 'revoke', partner, memberId: p.memberId, accountId: account.accountId })}>Take back from {personName(p)}</button>
                    ))}
                    {partner.youManage && (
                      <GrantForm account={account} candidates={partner.people.filter((p) => !p.manager && !account.holders.includes(p.memberId))}
                        onGrant={(memberId) => act(async () => {
                          await unwrap(tessera().sharing.partnerGrant({ workspaceId, partnerId: partner.partnerId, memberId, accountId: account.accountId }));
                          return `${who(partner, memberId)} can now log in to ${account.name ?? 'the account'} as a Collaborator.`;
                        })} />
                    )}
                  </li>
                ))}
              </ul>
              </>
            )}
            {partner.active && partner.youManage && (
              <InvitePanel workspaceId={workspaceId} onAdmitted={() => void load()} partner={{ partnerId: partner.partnerId, name: partnerLabel(partner), asManager: false }} />
            )}
            {partner.active && canManage && (
              <>
                <InvitePanel workspaceId={workspaceId} onAdmitted={() => void load()} partner={{ partnerId: partner.partnerId, name: partnerLabel(partner), asManager: true }} />
                <ManagerForm partner={partner} candidates={members.filter((m) => !m.you && m.role !== 'guest' && !partner.people.some((p) => p.memberId === m.memberId))}
                  onName={(memberId) => act(async () => {
                    await unwrap(tessera().sharing.addPartnerManager({ workspaceId, partnerId: partner.partnerId, memberId }));
                    return `${personName(members.find((m) => m.memberId === memberId) ?? { memberId })} now manages ${partnerLabel(partner)}.`;
                  })} />
                <button type="button" className="danger" onClick={() => setPending({ kind: 'end', partner })}>End partnership…</button>
              </>
            )}
          </li>
        ))}
      </ul>
      {canManage && <CreatePartnerForm workspaceId={workspaceId} onCreated={(name) => act(async () => `Created the partnership with ${name}. Invite its Manager next.`)} />}
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={pending !== null} onOpenChange={(open) => !open && setPending(null)} danger onConfirm={() => pending && void confirm(pending)}
        title={!pending ? 'Confirm' : pending.kind === 'end' ? `End the partnership with ${partnerLabel(pending.partner)}?`
          : pending.kind === 'remove' ? `Remove ${who(pending.partner, pending.memberId)} from ${partnerLabel(pending.partner)}?` : 'Take the account back?'}
        confirmLabel={!pending ? 'Confirm' : pending.kind === 'end' ? 'End partnership' : pending.kind === 'remove' ? 'Remove' : 'Take back'}>
        <p>{pending?.kind === 'end'
          ? 'Everyone who came in through the partner leaves this workspace and the team key changes. Every account they could use gets a new key, and a password rotation is queued for each, because their devices may keep copies of the old passwords.'
          : 'They lose the account (and, when removed, the workspace). The account gets a new key and a password rotation is queued, because their device may keep a copy of the old password.'}</p>
      </ConfirmDialog>
    </div>
  );
}

function GrantForm({ account, candidates, onGrant }: { account: PartnerView['accounts'][number]; candidates: PartnerView['people']; onGrant: (memberId: string) => Promise<void> }) {
  const [memberId, setMemberId] = useState('');
  if (!candidates.length) return null;
  const chosen = candidates.some((p) => p.memberId === memberId) ? memberId : candidates[0]!.memberId;
  const selectId = `grant-${account.accountId}`;
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void onGrant(chosen); }}>
      <label htmlFor={selectId}>Give {account.name ?? 'this account'} to</label>
      <select id={selectId} value={chosen} onChange={(e) => setMemberId(e.target.value)}>
        {candidates.map((p) => <option key={p.memberId} value={p.memberId}>{personName(p)}</option>)}
      </select>
      <button type="submit">Give access</button>
    </form>
  );
}

function ManagerForm({ partner, candidates, onName }: { partner: PartnerView; candidates: MemberView[]; onName: (memberId: string) => Promise<void> }) {
  const [memberId, setMemberId] = useState('');
  if (partner.kind !== 'local' || !candidates.length) return null;
  const chosen = candidates.some((m) => m.memberId === memberId) ? memberId : candidates[0]!.memberId;
  const selectId = `manager-${partner.partnerId}`;
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void onName(chosen); }}>
      <label htmlFor={selectId}>Or name a member its Manager</label>
      <select id={selectId} value={chosen} onChange={(e) => setMemberId(e.target.value)}>
        {candidates.map((m) => <option key={m.memberId} value={m.memberId}>{personName(m)}</option>)}
      </select>
      <button type="submit">Make Manager</button>
    </form>
  );
}

function CreatePartnerForm({ workspaceId, onCreated }: { workspaceId: string; onCreated: (name: string) => Promise<void> }) {
  const [name, setName] = useState('');
  const [guestWorkspaceId, setGuestWorkspaceId] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    const guest = guestWorkspaceId.trim();
    await unwrap(tessera().sharing.createPartner({ workspaceId, name, ...(guest ? { guestWorkspaceId: guest } : {}) }));
    setName('');
    setGuestWorkspaceId('');
    await onCreated(name.trim());
  });
  return (
    <form onSubmit={submit} noValidate>
      <Field label="Partner organisation" value={name} onChange={(e) => setName(e.target.value)} required hint="Only workspace members see it: names are stored encrypted." />
      <Field label="Their Tessera workspace id (optional)" value={guestWorkspaceId} onChange={(e) => setGuestWorkspaceId(e.target.value)}
        hint="Their admin finds it under Advanced on their Sharing screen. Leave it empty for a local partner: a group of outside people you manage here." />
      {error && <p className="form-error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>{busy ? 'Creating…' : 'Create partnership'}</button>
    </form>
  );
}
