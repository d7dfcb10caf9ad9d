// The members of a workspace: role, key fingerprint, a warning with "Confirm new key" when a
// member's identity key changed (sync with them waits), and "Remove" for Owners and Admins,
// whose dialog says what removal does: a new team key, their shared accounts re-keyed and a
// password rotation queued for each.
import { useCallback, useEffect, useState } from 'react';
import type { MemberView } from '../../../main/ipc/contract/sharing';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { personName, ROLE_LABELS, shortId } from './labels';

export function MembersPanel({ workspaceId, canManage, revision }: { workspaceId: string; canManage: boolean; revision: number }) {
  const [members, setMembers] = useState<MemberView[]>([]);
  const [removing, setRemoving] = useState<MemberView | null>(null);
  const [confirming, setConfirming] = useState<MemberView | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setMembers((await unwrap(tessera().sharing.members({ workspaceId }))).members);
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }, [workspaceId]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  async function remove(member: MemberView) {
    setRemoving(null);
    try {
      const result = await unwrap(tessera().sharing.removeMember({ workspaceId, memberId: member.memberId }));
      setMessage({ ok: true, text: `Removed ${personName(member)}. The team key advanced to epoch ${result.epochNumber}; ${result.exposedAccounts.length} shared account(s) re-keyed; ${result.rotationJobs} password rotation(s) queued.` });
      await load();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function confirmKey(member: MemberView) {
    setConfirming(null);
    try {
      await unwrap(tessera().sharing.confirmKey({ workspaceId, memberId: member.memberId }));
      setMessage({ ok: true, text: `Confirmed the new key of ${shortId(member.memberId)}. Sync with them resumed.` });
      await load();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  const active = members.filter((m) => m.active);
  return (
    <div className="members">
      <h3>Members</h3>
      <table className="members-table" data-testid="members">
        <thead><tr><th scope="col">Member</th><th scope="col">Role</th><th scope="col">Key fingerprint</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {active.map((m) => (
            <tr key={m.memberId}>
              <td>{personName(m)}{m.you ? ' (you)' : ''}</td>
              <td>{ROLE_LABELS[m.role]}</td>
              <td>
                <code>{m.fingerprint}</code>
                {m.changedKeyFingerprint && (
                  <p className="form-error" role="alert">Their key changed to <code>{m.changedKeyFingerprint}</code>. Sync with them is paused: check the new fingerprint with them in person or by phone.</p>
                )}
              </td>
              <td>
                {m.changedKeyFingerprint && <button type="button" onClick={() => setConfirming(m)}>Confirm new key</button>}
                {canManage && !m.you && <button type="button" className="danger" onClick={() => setRemoving(m)}>Remove</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      <ConfirmDialog open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)} title={`Remove ${removing ? personName(removing) : ''}?`}
        confirmLabel="Remove member" danger onConfirm={() => removing && void remove(removing)}>
        <p>They lose access to everything in this workspace. The team key changes (a new epoch), the accounts they could read are re-keyed, and a password rotation is queued for each, because their device may keep copies of the old passwords.</p>
      </ConfirmDialog>
      <ConfirmDialog open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)} title="Confirm the new key?"
        confirmLabel="Confirm new key" onConfirm={() => confirming && void confirmKey(confirming)}>
        <p>Confirm only if {confirming ? shortId(confirming.memberId) : ''} told you, through another channel, that their fingerprint is now <code>{confirming?.changedKeyFingerprint}</code>. Otherwise someone may be impersonating them.</p>
      </ConfirmDialog>
    </div>
  );
}
