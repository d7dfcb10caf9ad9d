// Rotation policies: each policy with when it runs, what it covers, its next runs or planned
// jobs, and the results of its latest jobs; add, edit, turn off or on, and remove (with a
// confirmation). Reloads when rotation jobs change (approval needed, results).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PolicyAccountView, PolicyJobView, PolicyView } from '../../../main/ipc/contract/policies';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PolicyFormDialog } from '../components/PolicyFormDialog';
import { formatRunTime, JOB_STATUS_TEXT, scopeText } from '../policies/policy-text';

export function PoliciesScreen() {
  const [policies, setPolicies] = useState<PolicyView[] | null>(null);
  const [accounts, setAccounts] = useState<PolicyAccountView[]>([]);
  const accountNames = useMemo(() => new Map(accounts.map((a) => [a.id, a.name])), [accounts]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState<{ open: boolean; editing: PolicyView | null }>({ open: false, editing: null });
  const [removing, setRemoving] = useState<PolicyView | null>(null);

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
          onRemove={() => setRemoving(policy)} />
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
    </div>
  );
}

function PolicyCard({ policy, accountNames, onEdit, onToggle, onRemove }: {
  policy: PolicyView;
  accountNames: ReadonlyMap<string, string>;
  onEdit: () => void;
  onToggle: () => void;
  onRemove: () => void;
}) {
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
      <div className="button-row">
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
