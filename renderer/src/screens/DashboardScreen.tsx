// The dashboard: how many accounts sit at each security level, which milestones are
// missing where, and password health (weak, reused, old). Every chart has its numbers in
// text; every account named is a button that opens it.
import { useEffect, useState } from 'react';
import type { AccountRef, DashboardView } from '../../../main/ipc/contract/dashboard';
import type { MilestoneId } from '../../../main/ipc/contract/milestones';
import { messageOf, tessera, unwrap } from '../api';
import { BarChart } from '../components/BarChart';
import { MILESTONE_GUIDE } from '../accounts/milestone-guide';

export function DashboardScreen({ onOpenAccount }: { onOpenAccount: (id: string) => void }) {
  const [view, setView] = useState<DashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void unwrap(tessera().dashboard.overview()).then(setView, (e) => setError(messageOf(e)));
  }, []);

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!view) return <p className="muted">Checking every account… (password strength takes a moment the first time)</p>;
  const { levels, passwords } = view;
  const accountLinks = (refs: readonly AccountRef[], more = 0) => (
    <ul className="account-links">
      {refs.map((a) => <li key={a.id}><button type="button" className="link" onClick={() => onOpenAccount(a.id)}>{a.name}</button></li>)}
      {more > 0 && <li className="muted">and {more.toLocaleString()} more</li>}
    </ul>
  );

  return (
    <div className="dashboard">
      <h1 tabIndex={-1}>Dashboard</h1>
      <p className="muted" data-testid="dashboard-summary">
        {levels.total.toLocaleString()} accounts; {levels.distribution[5]?.toLocaleString() ?? 0} fully configured;
        {' '}{levels.needsAttention.toLocaleString()} need attention (failed verification).
      </p>
      <div className="dashboard-grid">
        <section className="card" aria-labelledby="dash-levels">
          <h2 id="dash-levels">Security levels</h2>
          <BarChart testId="chart-levels" caption="Accounts at each security level (0 = no milestone, 5 = fully configured)."
            bars={levels.distribution.map((n, level) => ({ label: `Level ${level}`, value: n, tone: level === 5 ? 'good' : level >= 3 ? 'warn' : 'bad' }))} />
        </section>
        <section className="card" aria-labelledby="dash-missing">
          <h2 id="dash-missing">Missing milestones</h2>
          <BarChart testId="chart-missing" caption="Accounts that miss each milestone."
            bars={MILESTONE_GUIDE.map((m) => ({ label: m.title, value: levels.missing[m.id], tone: levels.missing[m.id] === 0 ? 'good' : 'bad' }))} />
          <details>
            <summary>Where each milestone is missing</summary>
            {MILESTONE_GUIDE.map((m) => (
              <div key={m.id}>
                <h3>{m.title}</h3>
                {levels.missing[m.id] === 0 ? <p className="muted">Every account has it.</p>
                  : accountLinks(view.missingExamples[m.id as MilestoneId], levels.missing[m.id] - view.missingExamples[m.id].length)}
              </div>
            ))}
          </details>
        </section>
        <section className="card" aria-labelledby="dash-passwords">
          <h2 id="dash-passwords">Passwords</h2>
          <BarChart testId="chart-passwords" caption={`Of ${passwords.checked.toLocaleString()} stored passwords: weak, reused on another account, unchanged for over a year.`}
            bars={[
              { label: 'Weak', value: passwords.weak.length, tone: passwords.weak.length ? 'bad' : 'good' },
              { label: 'Reused', value: passwords.reused.reduce((n, g) => n + g.length, 0), tone: passwords.reused.length ? 'bad' : 'good' },
              { label: 'Older than a year', value: passwords.old.length, tone: passwords.old.length ? 'warn' : 'good' },
            ]} />
        </section>
        <section className="card" aria-labelledby="dash-weak">
          <h2 id="dash-weak">Weak passwords</h2>
          {passwords.weak.length === 0 ? <p className="muted">None: every stored password would take an attacker a long time to guess.</p>
            : accountLinks(passwords.weak.slice(0, 10), passwords.weak.length - 10)}
        </section>
        <section className="card" aria-labelledby="dash-reused">
          <h2 id="dash-reused">Reused passwords</h2>
          <p className="hint">Found by comparing keyed fingerprints, never the passwords themselves.</p>
          {passwords.reused.length === 0 ? <p className="muted">No password is used on two accounts.</p> : (
            <ul className="reuse-groups">
              {passwords.reused.slice(0, 10).map((group) => (
                <li key={group[0]!.id}>Same password on {group.length} accounts: {accountLinks(group)}</li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="dash-old">
          <h2 id="dash-old">Old passwords</h2>
          {passwords.old.length === 0 ? <p className="muted">Every password changed within the last year.</p>
            : accountLinks(passwords.old.slice(0, 10), passwords.old.length - 10)}
        </section>
      </div>
    </div>
  );
}
