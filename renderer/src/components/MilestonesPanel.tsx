// The five milestones of one account, each with its state shown three ways (icon, colour,
// words: achieved ✓, needs attention !, failed ✕, checking …, not yet ○) and, while it is missing, the one button that
// completes it: Verify now · Set managed email/phone · Turn on MFA · Share… · Add to a policy.
// The result of an action appears where its button was. What a milestone is worth is decided
// by main/milestones; this panel only shows it.
import { useState } from 'react';
import type { AccountMilestones, MilestoneId, MilestoneState } from '../../../main/ipc/contract/milestones';
import type { PolicyView } from '../../../main/ipc/contract/policies';
import { messageOf, tessera, unwrap } from '../api';
import { SecurityLevel } from './SecurityLevel';
import { OUTCOME_LABEL } from '../accounts/run-outcome';
import { Select } from './Select';
import { formatDate } from '../format';

/** Where the page opens a section for an action that happens there (MFA, sharing). */
export type SectionId = 'automation' | 'mfa' | 'inbox' | 'rotation' | 'sharing' | 'history' | 'activity';

type Props = {
  accountId: string;
  accountName: string;
  milestones: AccountMilestones;
  onSetContact: () => void;
  onOpenSection: (section: SectionId) => void;
  /** After an action changed the account: reload the page and the list. */
  onChanged: () => Promise<void> | void;
};

export type MilestoneLook = MilestoneState['status'];

/** The look follows main's status; a failed verification also marks credentials failed. */
export function lookOf(m: MilestoneState, milestones: AccountMilestones): MilestoneLook {
  if (m.achieved) return 'achieved';
  if (m.id === 'credentials' && milestones.attention.includes('verification-failed')) return 'failed';
  return m.status;
}

const MARK: Record<MilestoneLook, string> = { achieved: '✓', warning: '!', failed: '✕', pending: '…', missing: '○' };
const STATE_WORDS: Record<MilestoneLook, string> = {
  achieved: 'Done', warning: 'Needs attention', failed: 'Failed', pending: 'Checking…', missing: 'Not yet',
};

export function MilestonesPanel({ accountId, accountName, milestones, onSetContact, onOpenSection, onChanged }: Props) {
  return (
    <section className="milestones" aria-labelledby="milestones-title" data-testid="milestones">
      <div className="milestones-head">
        <h2 id="milestones-title">Security level</h2>
        <SecurityLevel level={milestones.level} attention={milestones.attention.length > 0} />
      </div>
      <ol className="milestone-list">
        {milestones.milestones.map((m) => {
          const look = lookOf(m, milestones);
          return (
            <li key={m.id} className={`milestone ${look}`} data-testid={`milestone-${m.id}`} data-state={look}>
              <span className="milestone-mark" aria-hidden="true">{MARK[look]}</span>
              <div className="milestone-body">
                <span className="milestone-title">
                  {m.title} <span className="milestone-state">{STATE_WORDS[look]}</span>
                </span>
                <span className="milestone-detail muted">{localDetail(m)}</span>
              </div>
              {look !== 'achieved' && look !== 'pending' && (
                <MilestoneAction id={m.id} look={look} accountId={accountId} accountName={accountName}
                  onSetContact={onSetContact} onOpenSection={onOpenSection} onChanged={onChanged} />
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

type ActionProps = Omit<Props, 'milestones'> & { id: MilestoneId; look: MilestoneLook };

function MilestoneAction({ id, look, accountId, accountName, onSetContact, onOpenSection, onChanged }: ActionProps) {
  switch (id) {
    case 'credentials':
      // The login works but the password lowers it (weak, reused): the fix is a rotation.
      if (look === 'warning') return <button type="button" className="milestone-action" onClick={() => onOpenSection('rotation')}>Rotate…</button>;
      return <VerifyNow accountId={accountId} failed={look === 'failed'} onChanged={onChanged} />;
    case 'managedContact': return <button type="button" className="milestone-action" onClick={onSetContact}>Set managed email/phone</button>;
    case 'managedMfa': return <button type="button" className="milestone-action" onClick={() => onOpenSection('mfa')}>Turn on MFA</button>;
    case 'shared': return <button type="button" className="milestone-action" onClick={() => onOpenSection('sharing')}>Share…</button>;
    case 'rotation': return <AddToPolicy accountId={accountId} accountName={accountName} onChanged={onChanged} />;
  }
}

/** A real login now; its outcome replaces the button until the page reloads. */
function VerifyNow({ accountId, failed, onChanged }: { accountId: string; failed: boolean; onChanged: ActionProps['onChanged'] }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'running' } | { kind: 'done'; ok: boolean; text: string }>({ kind: 'idle' });
  if (state.kind === 'running') return <span className="milestone-result" role="status">Verifying… a browser is logging in</span>;
  if (state.kind === 'done') {
    return (
      <span className={state.ok ? 'milestone-result ok' : 'milestone-result failed'} role="status" data-testid="verify-result">
        <span aria-hidden="true">{state.ok ? '✓ ' : '✕ '}</span>{state.text}
      </span>
    );
  }
  return (
    <button type="button" className="milestone-action primary" onClick={async () => {
      setState({ kind: 'running' });
      try {
        const run = await unwrap(tessera().automation.verify({ id: accountId }));
        const ok = run.report.outcome === 'success';
        setState({ kind: 'done', ok, text: ok ? 'Verified: the login worked.' : `${OUTCOME_LABEL[run.report.outcome] ?? 'The login did not succeed'}. See Automated login for details.` });
      } catch (e) {
        setState({ kind: 'done', ok: false, text: messageOf(e) });
      }
      await onChanged();
    }}>{failed ? 'Verify again' : 'Verify now'}</button>
  );
}

/** Picks an existing policy (or makes a monthly one) and adds this account to its accounts. */
function AddToPolicy({ accountId, accountName, onChanged }: { accountId: string; accountName: string; onChanged: ActionProps['onChanged'] }) {
  const [policies, setPolicies] = useState<PolicyView[] | null>(null);
  const [chosen, setChosen] = useState('new');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (result?.ok) return <span className="milestone-result ok" role="status"><span aria-hidden="true">✓ </span>{result.text}</span>;
  if (policies === null) {
    return (
      <button type="button" className="milestone-action" onClick={async () => {
        try {
          const list = (await unwrap(tessera().policies.list())).policies.filter((p) => p.enabled && p.schedule.type !== 'event');
          setPolicies(list);
          setChosen(list[0]?.id ?? 'new');
        } catch (e) {
          setResult({ ok: false, text: messageOf(e) });
          setPolicies([]);
        }
      }}>Add to a policy</button>
    );
  }
  async function add() {
    setBusy(true);
    try {
      const existing = policies!.find((p) => p.id === chosen);
      if (existing) {
        await unwrap(tessera().policies.update({ id: existing.id, policy: { name: existing.name, trigger: existing.schedule, scope: { ...existing.scope, accountIds: [...existing.scope.accountIds, accountId] } } }));
        setResult({ ok: true, text: `Added to ${existing.name}.` });
      } else {
        const policy = await unwrap(tessera().policies.add(monthlyPolicyFor(accountId, accountName, Date.now())));
        setResult({ ok: true, text: `${policy.name} rotates it ${policy.description}.` });
      }
      await onChanged();
    } catch (e) {
      setResult({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="milestone-inline-form">
      <Select label="Policy" labelHidden inline value={chosen} onValueChange={setChosen}
        options={[...policies.map((p) => ({ value: p.id, label: p.name })), { value: 'new', label: 'New: monthly, at night' }]} />
      <button type="button" className="primary" disabled={busy} onClick={() => void add()}>Add</button>
      {result && !result.ok && <span className="field-error" role="alert">{result.text}</span>}
    </span>
  );
}

/** Monthly between 22:00 and 06:00, first at tonight's (or the next) 22:00, never at once. */
export function monthlyPolicyFor(accountId: string, accountName: string, now: number) {
  const first = new Date(now);
  first.setHours(22, 0, 0, 0);
  if (first.getTime() <= now) first.setDate(first.getDate() + 1);
  return {
    name: `${accountName} monthly`.slice(0, 200),
    trigger: { type: 'interval' as const, every: 1, unit: 'months' as const, startAt: first.getTime(), window: { startHour: 22, endHour: 6 } },
    scope: { accountIds: [accountId], tags: [], hosts: [] },
  };
}

/** The detail with its UTC day (as the CLI prints it) in the person's locale, like every other date in the app. */
export function localDetail(m: Pick<MilestoneState, 'detail' | 'at'>): string {
  if (m.at === undefined) return m.detail;
  return m.detail.replace(new Date(m.at).toISOString().slice(0, 10), formatDate(m.at));
}
