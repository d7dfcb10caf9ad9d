// The dashboard: how many accounts sit at each security level, which milestones are
// missing where, password health (weak, reused, old), and what needs a person: failed
// verifications, rotations waiting for approval, rotations in the next two weeks. Every
// chart has its numbers in text; every account named is a button that opens it.
import { useCallback, useEffect, useState } from 'react';
import type { AccountRef, DashboardView } from '../../../main/ipc/contract/dashboard';
import type { MilestoneId } from '../../../main/ipc/contract/milestones';
import { messageOf, tessera, unwrap } from '../api';
import { BarChart } from '../components/BarChart';
import { ColumnChart } from '../components/ColumnChart';
import { MILESTONE_GUIDE } from '../accounts/milestone-guide';

/** How often the dashboard asks again while passwords are being scored. */
const POLL_MS = 1000;

const dateTime = (at: number) => new Date(at).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function dayAfterToday(days: number): Date {
  const day = new Date();
  day.setHours(12, 0, 0, 0);
  day.setDate(day.getDate() + days);
  return day;
}

export function DashboardScreen({ onOpenAccount }: { onOpenAccount: (id: string) => void }) {
  const [view, setView] = useState<DashboardView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => void unwrap(tessera().dashboard.overview()).then(setView, (e) => setError(messageOf(e))), []);
  useEffect(load, [load]);
  // Password strength is scored in the background the first time: ask again until it is done.
  const scoring = view !== null && view.passwords === null;
  useEffect(() => {
    if (!scoring) return;
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [scoring, load]);

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!view) return <p className="muted" role="status">Checking every account…</p>;
  const { levels, passwords, passwordCheck: check, attention } = view;
  const { failedVerifications: failed, pendingApprovals: pending, upcomingRotations: upcoming } = attention;
  const accountLinks = (refs: readonly AccountRef[], more = 0) => (
    <ul className="account-links">
      {refs.map((a) => <li key={a.id}><button type="button" className="link" onClick={() => onOpenAccount(a.id)}>{a.name}</button></li>)}
      {more > 0 && <li className="muted">and {more.toLocaleString()} more</li>}
    </ul>
  );
  /** One account per line with when: for lists where the date matters. */
  const datedLinks = (entries: ReadonlyArray<AccountRef & { when: string; key: string }>, more: number) => (
    <ul className="dated-links">
      {entries.map((e) => (
        <li key={e.key}><button type="button" className="link" onClick={() => onOpenAccount(e.id)}>{e.name}</button> <span className="muted">{e.when}</span></li>
      ))}
      {more > 0 && <li className="muted">and {more.toLocaleString()} more</li>}
    </ul>
  );

  return (
    <div className="dashboard">
      <h1 tabIndex={-1}>Dashboard</h1>
      <p className="muted" data-testid="dashboard-summary">
        {levels.total.toLocaleString()} accounts; {levels.distribution[5]?.toLocaleString() ?? 0} fully configured;
        {' '}{levels.needsAttention.toLocaleString()} need attention;
        {' '}{pending.total.toLocaleString()} waiting for approval; {upcoming.total.toLocaleString()} rotations in the next {upcoming.days} days.
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
        <section className="card" aria-labelledby="dash-attention">
          <h2 id="dash-attention">Needs attention</h2>
          <BarChart testId="chart-attention" caption="Accounts whose last automated login failed, and rotations waiting for your approval to decrypt."
            bars={[
              { label: 'Failed verification', value: failed.total, tone: failed.total ? 'bad' : 'good' },
              { label: 'Waiting for approval', value: pending.total, tone: pending.total ? 'warn' : 'good' },
            ]} />
          <h3>Failed verifications</h3>
          {failed.total === 0 ? <p className="muted">Every automated login that ran last time succeeded.</p> : (
            <>
              <p className="hint">Open the account and press “Verify” to try again, or fix its username or password.</p>
              {datedLinks(failed.latest.map((f) => ({ ...f, key: f.id, when: `failed ${dateTime(f.at)}` })), failed.total - failed.latest.length)}
            </>
          )}
          <h3>Pending approvals</h3>
          {pending.total === 0 ? <p className="muted">No rotation waits for approval.</p> : (
            <>
              <p className="hint">Each rotation waits until you approve decrypting its account: the approval prompt opens when you unlock Tessera and when new jobs arrive.</p>
              {datedLinks(pending.oldest.map((p) => ({ ...p, key: p.jobId, when: `due ${dateTime(p.dueAt)}` })), pending.total - pending.oldest.length)}
            </>
          )}
        </section>
        <section className="card" aria-labelledby="dash-upcoming">
          <h2 id="dash-upcoming">Upcoming rotations</h2>
          <ColumnChart testId="chart-upcoming" caption={`Password rotations planned for each of the next ${upcoming.days} days (queued and scheduled by policies), today first.`}
            columns={upcoming.perDay.map((value, i) => {
              const day = dayAfterToday(i);
              return { label: i === 0 ? 'Today' : String(day.getDate()), name: day.toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' }), value };
            })} />
          {upcoming.total === 0 ? <p className="muted">No rotation in the next {upcoming.days} days. Add a rotation policy to rotate passwords on a schedule.</p>
            : datedLinks(upcoming.soonest.map((u, i) => ({ ...u, key: `${u.id}:${i}`, when: `${dateTime(u.at)} · ${u.policy}` })), upcoming.total - upcoming.soonest.length)}
        </section>
        {passwords === null ? (
          <section className="card" aria-labelledby="dash-passwords">
            <h2 id="dash-passwords">Passwords</h2>
            <p role="status" data-testid="password-check">
              Checking password strength: {check.scored.toLocaleString()} of {check.total.toLocaleString()} passwords.
              Weak, reused and old passwords show here when every one is checked; later visits are instant.
            </p>
            <progress max={check.total} value={check.scored} aria-label="Passwords checked" />
          </section>
        ) : (
          <>
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
          </>
        )}
      </div>
    </div>
  );
}
