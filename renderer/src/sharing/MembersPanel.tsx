// The members of a workspace by name and email, with their role — which Owners and Admins
// change here (a confirmation says what a demotion does to their account roles) — a warning
// with "Confirm new key" when a member's identity key changed (sync with them waits), and
// "Remove", whose dialog says what removal does: a new team key, their shared accounts re-keyed
// and a password rotation queued for each. "Log out everywhere" (Universal Logout) signs out
// every session of the accounts the member can use that you own, then rotates them. Key
// fingerprints sit under "Advanced: member keys".
import { useCallback, useEffect, useState } from 'react';
import type { MemberView, WorkspaceRole } from '../../../main/ipc/contract/sharing';
import type { LogoutEverywhereView } from '../../../main/ipc/contract/rotation';
import { SIGNED_OUT_LABEL, STATE_LABEL } from '../components/RotationPanel';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { personName, ROLE_LABELS, ROLES } from './labels';

export function MembersPanel({ workspaceId, canManage, revision }: { workspaceId: string; canManage: boolean; revision: number }) {
  const [members, setMembers] = useState<MemberView[]>([]);
  const [removing, setRemoving] = useState<MemberView | null>(null);
  const [loggingOut, setLoggingOut] = useState<MemberView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** While a member's Universal Logout runs: each account's latest step; then each account's result. */
  const [progress, setProgress] = useState<Record<string, string>>({});
  const [logoutReports, setLogoutReports] = useState<(LogoutEverywhereView & { accountName: string })[]>([]);
  const [confirming, setConfirming] = useState<MemberView | null>(null);
  const [changing, setChanging] = useState<{ member: MemberView; to: WorkspaceRole } | null>(null);
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

  useEffect(() => {
    if (busy === null) return undefined;
    return tessera().on('rotation.progress', (event) => {
      const what = event.step ? `${event.step.replace(/^logout:/, 'signing out: ')}${event.status === 'fail' ? ' (failed)' : ''}` : (STATE_LABEL[event.state] ?? event.state);
      setProgress((current) => ({ ...current, [event.accountId]: what }));
    });
  }, [busy]);

  async function logOut(member: MemberView) {
    setLoggingOut(null);
    setBusy(member.memberId);
    setProgress({});
    setLogoutReports([]);
    setMessage({ ok: true, text: `Logging ${personName(member)} out everywhere: signing out the sessions of each account, then rotating it…` });
    try {
      const { reports } = await unwrap(tessera().sharing.logoutMember({ workspaceId, memberId: member.memberId }));
      setLogoutReports(reports);
      const rotated = reports.filter((r) => r.state === 'COMMITTED').length;
      const signedOut = reports.filter((r) => r.logout === 'signed_out' || r.logout === 'no_other_sessions').length;
      setMessage(reports.length === 0
        ? { ok: true, text: `${personName(member)} can use no account you own in this workspace: nothing to log out.` }
        : { ok: rotated === reports.length, text: `${personName(member)}: ${signedOut} of ${reports.length} account(s) signed out everywhere, ${rotated} rotated.${rotated < reports.length ? ' Open the accounts that were not rotated to see why.' : ''}` });
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(null);
    }
  }

  async function changeRole({ member, to }: { member: MemberView; to: WorkspaceRole }) {
    setChanging(null);
    try {
      const result = await unwrap(tessera().sharing.changeRole({ workspaceId, memberId: member.memberId, role: to }));
      const demoted = result.demotedGrants.length;
      setMessage({ ok: true, text: `${personName(member)} is now ${ROLE_LABELS[to]}.${demoted > 0 ? ` ${demoted} of their account roles became Collaborator.` : ''}` });
      await load();
    } catch (e) {
      setMessage({ ok: false, text: messageOf(e) });
    }
  }

  async function confirmKey(member: MemberView) {
    setConfirming(null);
    try {
      await unwrap(tessera().sharing.confirmKey({ workspaceId, memberId: member.memberId }));
      setMessage({ ok: true, text: `Confirmed the new key of ${personName(member)}. Sync with them resumed.` });
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
        <thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {active.map((m) => (
            <tr key={m.memberId}>
              <td>
                {m.name ?? 'Name not set yet'}{m.you ? ' (you)' : ''}
                {m.email && <div className="muted">{m.email}</div>}
                {m.changedKeyFingerprint && (
                  <p className="form-error" role="alert">Their key changed to <code>{m.changedKeyFingerprint}</code>. Sync with them is paused: check the new fingerprint with them in person or by phone.</p>
                )}
              </td>
              <td>
                {m.partner
                  ? `${ROLE_LABELS[m.role]} · ${m.partner}`
                  : canManage && !m.you
                  ? (
                    <select aria-label={`Role of ${personName(m)}`} value={m.role} onChange={(e) => setChanging({ member: m, to: e.target.value as WorkspaceRole })}>
                      {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
                    </select>
                  )
                  : ROLE_LABELS[m.role]}
              </td>
              <td>
                <div className="button-row">
                  {m.changedKeyFingerprint && <button type="button" onClick={() => setConfirming(m)}>Confirm new key</button>}
                  {canManage && !m.you && (
                    <button type="button" disabled={busy !== null} onClick={() => setLoggingOut(m)}>{busy === m.memberId ? 'Logging out…' : 'Log out everywhere'}</button>
                  )}
                  {canManage && !m.you && <button type="button" className="danger" onClick={() => setRemoving(m)}>Remove</button>}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="run-details" data-testid="member-keys">
        <summary>Advanced: member keys</summary>
        <dl>
          {active.flatMap((m) => [<dt key={`${m.memberId}-who`}>{personName(m)}{m.you ? ' (you)' : ''}</dt>, <dd key={`${m.memberId}-key`}><code>{m.fingerprint}</code></dd>])}
        </dl>
        <p className="muted">Compare a fingerprint with its person in person or by phone when Tessera says their key changed.</p>
      </details>
      {message && <p className={message.ok ? 'notice' : 'form-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      {busy !== null && Object.keys(progress).length > 0 && (
        <ul className="automation-steps" aria-label="Universal Logout progress" aria-live="polite" data-testid="member-logout-progress">
          {Object.entries(progress).map(([accountId, what]) => <li key={accountId}>{what}</li>)}
        </ul>
      )}
      {busy === null && logoutReports.length > 0 && (
        <ul className="automation-steps" aria-label="Universal Logout results" data-testid="member-logout-results">
          {logoutReports.map((r) => (
            <li key={r.accountId} data-state={r.state ?? 'error'}>
              <strong>{r.accountName}</strong>: {SIGNED_OUT_LABEL[r.logout]}{' '}
              {r.error ? r.error.message : r.state ? STATE_LABEL[r.state] : ''}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)} title={`Remove ${removing ? personName(removing) : ''}?`}
        confirmLabel="Remove member" danger onConfirm={() => removing && void remove(removing)}>
        <p>They lose access to everything in this workspace. The team key changes (a new epoch), the accounts they could read are re-keyed, and a password rotation is queued for each, because their device may keep copies of the old passwords.</p>
      </ConfirmDialog>
      <ConfirmDialog open={loggingOut !== null} onOpenChange={(open) => !open && setLoggingOut(null)} title={`Log ${loggingOut ? personName(loggingOut) : ''} out everywhere?`}
        confirmLabel="Log out everywhere" onConfirm={() => loggingOut && void logOut(loggingOut)}>
        <p>For each account they can use that you own, Tessera signs out every session on the site — theirs and everyone else&apos;s — and rotates the password. They stay a member and log in again through Tessera; policies that rotate on a Universal Logout count this as one.</p>
      </ConfirmDialog>
      <ConfirmDialog open={confirming !== null} onOpenChange={(open) => !open && setConfirming(null)} title="Confirm the new key?"
        confirmLabel="Confirm new key" onConfirm={() => confirming && void confirmKey(confirming)}>
        <p>Confirm only if {confirming ? personName(confirming) : ''} told you, through another channel, that their fingerprint is now <code>{confirming?.changedKeyFingerprint}</code>. Otherwise someone may be impersonating them.</p>
      </ConfirmDialog>
      <ConfirmDialog open={changing !== null} onOpenChange={(open) => !open && setChanging(null)}
        title={changing ? `Make ${personName(changing.member)} ${ROLE_LABELS[changing.to]}?` : ''}
        confirmLabel="Change role" danger={changing ? changing.to === 'login-only' || changing.to === 'guest' : false} onConfirm={() => changing && void changeRole(changing)}>
        <p>{changing ? ROLE_EFFECTS[changing.to] : ''}</p>
      </ConfirmDialog>
    </div>
  );
}

/** What a workspace role lets a person do, as the role-change dialog says it. */
const ROLE_EFFECTS: Record<WorkspaceRole, string> = {
  owner: 'Owners manage the workspace: invite and remove people, change roles, and share any account.',
  admin: 'Admins invite and remove people and change roles, like Owners.',
  member: 'Members use and share the accounts shared with them, with the role they hold on each.',
  'login-only': 'Login-Only members can only log in with accounts shared with them: the accounts they own become Collaborator roles, and they never see a password.',
  guest: 'Guests see only the accounts shared with them, as Collaborators: the accounts they own become Collaborator roles.',
};
