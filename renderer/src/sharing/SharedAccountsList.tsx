// The accounts that travel through a workspace, as the person sees them: those shared with them
// as a Collaborator (they log in with them but never see the password) and those they manage
// as an Owner. Each opens the account page, where "Who has access" lists everyone with a role.
import { useEffect, useState } from 'react';
import type { AccountListItem } from '../../../main/ipc/contract/accounts';
import { messageOf, tessera, unwrap } from '../api';

function Group({ title, hint, accounts, onOpenAccount, testId }: { title: string; hint: string; accounts: AccountListItem[]; onOpenAccount: (id: string) => void; testId: string }) {
  return (
    <div data-testid={testId}>
      <h3>{title} ({accounts.length})</h3>
      <p className="muted">{hint}</p>
      {accounts.length > 0 && (
        <ul className="plain-list">
          {accounts.map((a) => (
            <li key={a.id}>
              <button type="button" className="link" onClick={() => onOpenAccount(a.id)}>{a.name}</button>
              {a.username && <span className="muted"> · {a.username}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SharedAccountsList({ revision, onOpenAccount }: { revision: number; onOpenAccount: (accountId: string) => void }) {
  const [accounts, setAccounts] = useState<AccountListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () => void unwrap(tessera().accounts.list({})).then((list) => setAccounts(list.accounts.filter((a) => a.sharedRole !== undefined)), (e) => setError(messageOf(e)));
    load();
    // Accounts shared with this device arrive while the screen is open.
    return tessera().on('sharing.accounts', load);
  }, [revision]);

  const withMe = accounts?.filter((a) => a.sharedRole === 'collaborator') ?? [];
  const byMe = accounts?.filter((a) => a.sharedRole === 'owner') ?? [];
  return (
    <section className="card" aria-labelledby="shared-accounts" data-testid="shared-accounts">
      <h2 id="shared-accounts">Shared accounts</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {accounts === null && !error && <p className="muted">Loading…</p>}
      {accounts !== null && (
        <>
          <Group title="Shared with you" testId="shared-with-me" accounts={withMe} onOpenAccount={onOpenAccount}
            hint="You can log in with these (Open logged in, Verify) but not see or copy their passwords." />
          <Group title="Shared by you" testId="shared-by-me" accounts={byMe} onOpenAccount={onOpenAccount}
            hint="You are an Owner of these: you decide who else may use them on the account page." />
        </>
      )}
    </section>
  );
}
