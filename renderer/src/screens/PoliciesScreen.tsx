// Rotation policies: each policy with when it runs, what it covers, its next runs or planned
// jobs, and the results of its latest jobs; add, edit, turn off or on, and remove (with a
// confirmation); approve a policy's runs ahead of time for a chosen period (its rotations then
// decrypt with nobody present) and revoke that. Reloads when rotation jobs change.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PolicyAccountView, PolicyJobView, PolicyView } from '../../../main/ipc/contract/policies';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PolicyFormDialog } from '../components/PolicyFormDialog';
import { formatRunTime, JOB_STATUS_TEXT, scopeText } from '../policies/policy-text';

/** The periods a standing approval can last, as the person picks them. */
const APPROVAL_PERIODS = [
  { hours: 1, label: '1 hour' },
  { hours: 12, label: '12 hours' },
  { hours: 24, label: '1 day' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
] as const;

export function PoliciesScreen() {
  const [policies, setPolicies] = useState<PolicyView[] | null>(null);
  const [accounts, setAccounts] = useState<PolicyAccountView[]>([]);
  const accountNames = useMemo(() => new Map(accounts.map((a) => [a.id, a.name])), [accounts]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState<{ open: boolean; editing: PolicyView | null }>({ open: false, editing: null });
  const [removing, setRemoving] = useState<PolicyView | null>(null);
  const [approving, setApproving] = useState<{ policy: PolicyView; hours: number; keepWhileLocked: boolean } | null>(null);

  const load = useCallback(async () => {
    try {
      const list = await unwrap(tessera().policies.list());
      setPolicies(list.policies);
      setAccounts(list.accounts);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => {
    void load();
    const offResult = tessera().on('rotation.result', () => void load());
    const offApproval = tessera().on('rotation.approvalNeeded', () => void load());
    return () => {
      offResult();
      offApproval();
    };
  }, [load]);

  async function setEnabled(policy: PolicyView, enabled: boolean) {
    try {
      await unwrap(tessera().policies.update({ id: policy.id, enabled }));
      setNotice(`${policy.name} is ${enabled ? 'on' : 'off'}.`);
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function remove(policy: PolicyView) {
    setRemoving(null);
    try {
      await unwrap(tessera().policies.remove({ id: policy.id }));
      setNotice(`Removed ${policy.name}. Jobs it already planned stay in the queue until they run or you deny them.`);
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function approveAhead(request: { policy: PolicyView; hours: number; keepWhileLocked: boolean }) {
    setApproving(null);
    try {
      const { policy, releasedJobs } = await unwrap(tessera().policies.approveAhead({ id: request.policy.id, hours: request.hours, keepWhileLocked: request.keepWhileLocked }));
      const until = policy.standingApproval ? formatRunTime(policy.standingApproval.expiresAt) : '';
      setNotice(`${policy.name}: runs approved until ${until}${releasedJobs ? `; ${releasedJobs} waiting job${releasedJobs === 1 ? '' : 's'} may run now` : ''}.`);
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function revokeApproval(policy: PolicyView) {
    try {
      await unwrap(tessera().policies.revokeApproval({ id: policy.id }));
      setNotice(`${policy.name}: the approval ahead is revoked. Its next rotations wait for your approval.`);
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <div className="settings">
      <h1 tabIndex={-1}>Rotation policies</h1>
      <p className="muted">Policies change passwords by themselves: on a schedule, after automated logins, or when someone leaves. At most one policy rotation per account per day.</p>
      <div className="button-row">
        <button type="button" className="primary" onClick={() => setForm({ open: true, editing: null })}>Add policy</button>
      </div>
      {notice && <p className="notice" role="status">{notice}</p>}
      {error && <p className="form-error" role="alert">{error}</p>}
      {policies === null && !error && <p className="muted">Loading…</p>}
      {policies?.length === 0 && (
        <p className="empty">No rotation policies yet. Add one to rotate passwords automatically; accounts a policy covers reach milestone 5.</p>
      )}
      {policies?.map((policy) => (
        <PolicyCard key={policy.id} policy={policy} accountNames={accountNames}
          onEdit={() => setForm({ open: true, editing: policy })}
          onToggle={() => void setEnabled(policy, !policy.enabled)}
          onRemove={() => setRemoving(policy)}
          onApprove={() => setApproving({ policy, hours: 168, keepWhileLocked: false })}
          onRevoke={() => void revokeApproval(policy)} />
      ))}
      <PolicyFormDialog open={form.open} editing={form.editing} accounts={accounts}
        onOpenChange={(open) => setForm((f) => ({ ...f, open }))}
        onSaved={(saved) => {
          setNotice(`Saved ${saved.name}: it covers ${saved.covers} account${saved.covers === 1 ? '' : 's'}.`);
          void load();
        }} />
      <ConfirmDialog open={removing !== null} onOpenChange={(open) => { if (!open) setRemoving(null); }}
        title={`Remove ${removing?.name ?? 'policy'}?`} confirmLabel="Remove policy" danger onConfirm={() => removing && void remove(removing)}>
        <p>Accounts it covers stop rotating on its schedule. Jobs it already planned stay in the queue.</p>
      </ConfirmDialog>
      <ConfirmDialog open={approving !== null} onOpenChange={(open) => { if (!open) setApproving(null); }}
        title={`Approve the runs of ${approving?.policy.name ?? 'this policy'} ahead of time?`} confirmLabel="Approve runs"
        onConfirm={() => approving && void approveAhead(approving)}>
        <p>Its rotations then decrypt the accounts it covers and change their passwords with nobody present, until the period ends or you revoke it.</p>
        <div className="field">
          <label htmlFor="approval-period">For</label>
          <select id="approval-period" value={approving?.hours ?? 168} onChange={(e) => approving && setApproving({ ...approving, hours: Number(e.target.value) })}>
            {APPROVAL_PERIODS.map((p) => <option key={p.hours} value={p.hours}>{p.label}</option>)}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={approving?.keepWhileLocked ?? false} onChange={(e) => approving && setApproving({ ...approving, keepWhileLocked: e.target.checked })} />
          Keep it while Tessera is locked
        </label>
        <p className={approving?.keepWhileLocked ? 'warning-text' : 'muted'}>
          {approving?.keepWhileLocked
            ? 'Whoever can unlock this vault on this device, or runs tessera agent with its master password, can rotate these accounts until the approval ends.'
            : 'It ends when Tessera locks.'}
        </p>
      </ConfirmDialog>
    </div>
  );
}

function PolicyCard({ policy, accountNames, onEdit, onToggle, onRemove, onApprove, onRevoke }: {
  policy: PolicyView;
  accountNames: ReadonlyMap<string, string>;
  onEdit: () => void;
  onToggle: () => void;
  onRemove: () => void;
  onApprove: () => void;
  onRevoke: () => void;
}) {
  const standing = policy.standingApproval;
  const headingId = `policy-${policy.id}`;
  const scope = useMemo(() => scopeText(policy.scope, accountNames), [policy.scope, accountNames]);
  return (
    <section className="card" aria-labelledby={headingId} data-testid="policy-card">
      <h2 id={headingId}>{policy.name} <span className="tag">{policy.enabled ? 'On' : 'Off'}</span></h2>
      <p>Runs {policy.description}. Covers {policy.covers} account{policy.covers === 1 ? '' : 's'}: {scope}.</p>
      <h3>Next runs</h3>
      {!policy.enabled ? (
        <p className="muted">None while the policy is off.</p>
      ) : policy.nextRuns.length > 0 ? (
        <ul>{policy.nextRuns.map((at) => <li key={at}>{formatRunTime(at)}</li>)}</ul>
      ) : (
        <p className="muted">{policy.schedule.type === 'after-login' ? `${policy.schedule.hours} h after each automated login of a covered account.` : 'When one of its events happens.'}</p>
      )}
      {policy.planned.length > 0 && <JobTable caption="Planned" jobs={policy.planned} />}
      {policy.lastResults.length > 0 ? <JobTable caption="Last results" jobs={policy.lastResults} /> : <p className="muted">No results yet.</p>}
      <h3>Approval</h3>
      {standing && standing.inactiveBecause === null ? (
        <p data-testid="standing-approval">
          Runs approved ahead until {formatRunTime(standing.expiresAt)}{standing.keepWhileLocked ? ', also while Tessera is locked' : ', while Tessera stays unlocked'}: its rotations run with nobody present.
        </p>
      ) : (
        <p className="muted" data-testid="standing-approval">
          {standing ? `The approval ahead ended: ${standing.inactiveBecause}. ` : ''}Each rotation of a locally vaulted account waits for you to approve decrypting it.
        </p>
      )}
      <div className="button-row">
        {standing && standing.inactiveBecause === null
          ? <button type="button" onClick={onRevoke} aria-label={`Revoke approval of ${policy.name}`}>Revoke approval</button>
          : policy.enabled && <button type="button" onClick={onApprove} aria-label={`Approve runs ahead for ${policy.name}`}>Approve runs ahead</button>}
        <button type="button" onClick={onEdit} aria-label={`Edit ${policy.name}`}>Edit</button>
        <button type="button" onClick={onToggle} aria-label={`${policy.enabled ? 'Turn off' : 'Turn on'} ${policy.name}`}>{policy.enabled ? 'Turn off' : 'Turn on'}</button>
        <button type="button" className="danger" onClick={onRemove} aria-label={`Remove ${policy.name}`}>Remove</button>
      </div>
    </section>
  );
}

function JobTable({ caption, jobs }: { caption: string; jobs: PolicyJobView[] }) {
  return (
    <table className="audit-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr><th scope="col">{caption}</th><th scope="col">Account</th><th scope="col">Status</th><th scope="col">Detail</th></tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id}>
            <td>{formatRunTime(job.at)}</td>
            <td>{job.accountName}</td>
            <td>{JOB_STATUS_TEXT[job.status]}</td>
            <td>{job.result ?? job.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
