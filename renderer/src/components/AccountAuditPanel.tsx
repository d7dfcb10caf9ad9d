// The account's audit entries (newest first) and a check that the whole signed, hash-chained
// log is intact. Details are shown as written by the vault; they never contain secrets.
import { useCallback, useEffect, useState } from 'react';
import type { AuditChainStatus, AuditEntryView } from '../../../main/ipc/contract/audit';
import { messageOf, tessera, unwrap } from '../api';
import { formatDateTime } from '../format';

const LABELS: Record<string, string> = {
  'account.create': 'Created',
  'account.edit': 'Edited',
  'account.reveal': 'Secret revealed',
  'account.copy': 'Copied to the clipboard',
  'account.delete': 'Deleted',
  'account.restore': 'Restored',
  'automation.verify': 'Login verified',
  'automation.open': 'Opened logged in',
  'automation.assisted': 'Assisted login',
  'account.fill': 'Filled by the browser extension',
  'login.person': 'Logged in by a person (browser extension)',
};

function label(kind: string): string {
  return LABELS[kind] ?? kind.replaceAll('_', ' ').replace('.', ': ');
}

function detailText(details: AuditEntryView['details']): string {
  if (details === null) return 'details unreadable';
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : String(value)}`)
    .join(' · ');
}

export function AccountAuditPanel({ accountId }: { accountId: string }) {
  const [entries, setEntries] = useState<AuditEntryView[] | null>(null);
  const [chain, setChain] = useState<AuditChainStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setEntries(await unwrap(tessera().audit.forAccount({ id: accountId, limit: 50 })));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [accountId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function verify() {
    try {
      setChain(await unwrap(tessera().audit.verify()));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <section aria-labelledby={`audit-${accountId}`} data-testid="account-audit">
      <h2 id={`audit-${accountId}`}>Activity</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {entries === null ? <p className="muted">Loading…</p> : entries.length === 0 ? <p className="muted">No activity recorded yet.</p> : (
        <table className="audit-table">
          <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.seq}>
                <td>{formatDateTime(entry.at)}</td>
                <td>{label(entry.kind)}</td>
                <td className="muted">{detailText(entry.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="audit-actions">
        <button type="button" onClick={() => void load()}>Refresh</button>
        <button type="button" onClick={() => void verify()}>Check the audit log</button>
        {chain && (
          <span role="status" className={chain.intact ? 'ok-text' : 'field-error'} data-testid="audit-chain">
            {chain.intact ? 'The audit log is intact: every entry is signed and chained.' : `The audit log was altered at entry ${chain.firstBadSeq ?? '?'}: ${chain.reason}`}
          </span>
        )}
      </div>
    </section>
  );
}
