// The five milestones of one account: achieved or not, the evidence or what is missing,
// and the one button that completes it where the app can already do that.
import type { AccountMilestones, MilestoneAction } from '../../../main/ipc/contract/milestones';
import { SecurityLevel } from './SecurityLevel';

const ACTION_LABEL: Record<MilestoneAction, string> = {
  'set-managed-contact': 'Set a managed email or phone',
  'add-totp': 'Add the TOTP secret',
};

export function MilestonesPanel({ milestones, onAction }: { milestones: AccountMilestones; onAction: (action: MilestoneAction) => void }) {
  return (
    <section className="milestones" aria-labelledby="milestones-title">
      <div className="milestones-head">
        <h2 id="milestones-title">Security level</h2>
        <SecurityLevel level={milestones.level} attention={milestones.attention.length > 0} />
      </div>
      <ol className="milestone-list">
        {milestones.milestones.map((m) => (
          <li key={m.id} className={m.achieved ? 'milestone achieved' : 'milestone'} data-testid={`milestone-${m.id}`}>
            <span className="milestone-mark" aria-hidden="true">{m.achieved ? '✓' : '○'}</span>
            <div className="milestone-body">
              <span className="milestone-title">
                {m.title} <span className="visually-hidden">{m.achieved ? '(achieved)' : '(not yet)'}</span>
              </span>
              <span className="milestone-detail muted">{m.detail}</span>
            </div>
            {m.action && <button type="button" onClick={() => onAction(m.action!)}>{ACTION_LABEL[m.action]}</button>}
          </li>
        ))}
      </ol>
    </section>
  );
}
