// First run: what "fully configured" means, before there is any account to configure.
import { MILESTONE_GUIDE } from '../accounts/milestone-guide';

export function FirstRunGuide({ onAdd }: { onAdd: () => void }) {
  return (
    <article className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title" tabIndex={-1}>Bring your first account to level 5</h1>
      <p>
        Tessera rates every account from 0 to 5: one point for each milestone below. Add an
        account, then its page shows which milestones it has and the one step that completes
        each of the others.
      </p>
      <ol className="guide-steps">
        {MILESTONE_GUIDE.map((m) => (
          <li key={m.id}><strong>{m.title}</strong> — {m.explanation}</li>
        ))}
      </ol>
      <button type="button" className="primary" onClick={onAdd}>Add the first account</button>
    </article>
  );
}
