// Concurrent edits of the same secret on a shared account (Owners only): says which devices
// saved different values at the same time, reveals a value only when asked (each reveal is
// audited), and writes the one the Owner chooses, which then replaces the others everywhere.
// Renders nothing when no secret of the account is in conflict.
import { useCallback, useEffect, useState } from 'react';
import type { SecretConflictView } from '../../../main/ipc/contract/conflicts';
import { messageOf, tessera, unwrap } from '../api';
import { ConfirmDialog } from './ConfirmDialog';
import { formatDateTime } from '../format';

const FIELD_NAMES: Record<string, string> = { password: 'password', totpSeed: 'TOTP secret' };
const fieldName = (field: string) => FIELD_NAMES[field] ?? field;
const NUMBER_WORDS = ['', 'one', 'two', 'three', 'four', 'five'];

function headline(conflict: SecretConflictView): string {
  const count = NUMBER_WORDS[conflict.candidates.length] ?? String(conflict.candidates.length);
  const devices = conflict.candidates.map((c) => c.device);
  const on = devices.length === 2 ? `${devices[0]} and ${devices[1]}` : `${devices.slice(0, -1).join(', ')} and ${devices.at(-1)}`;
  return `${count[0]!.toUpperCase()}${count.slice(1)} different ${fieldName(conflict.field)}s were saved at the same time on ${on}. Choose the one that works.`;
}

export function SecretConflictPanel({ accountId, onResolved }: { accountId: string; onResolved: () => void }) {
  const [conflicts, setConflicts] = useState<SecretConflictView[]>([]);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [choice, setChoice] = useState<{ field: string; candidateId: string; device: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setConflicts(await unwrap(tessera().conflicts.list({ id: accountId })));
    } catch (e) {
      setError(messageOf(e));
    }
  }, [accountId]);

  useEffect(() => {
    void load();
  }, [load]);

  async function reveal(field: string, candidateId: string) {
    const key = `${field}/${candidateId}`;
    if (revealed[key] !== undefined) {
      setRevealed(({ [key]: _hidden, ...rest }) => rest);
      return;
    }
    try {
      const { value } = await unwrap(tessera().conflicts.reveal({ id: accountId, field, candidateId }));
      setRevealed((current) => ({ ...current, [key]: value }));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function resolve() {
    if (!choice) return;
    setBusy(true);
    setError(null);
    try {
      await unwrap(tessera().conflicts.resolve({ id: accountId, field: choice.field, candidateId: choice.candidateId }));
      setNotice(`Saved the ${fieldName(choice.field)} from ${choice.device}. Every device will use it once it syncs.`);
      setRevealed({});
      setChoice(null);
      await load();
      onResolved();
    } catch (e) {
      setError(messageOf(e));
      setChoice(null);
    } finally {
      setBusy(false);
    }
  }

  if (!conflicts.length && !notice && !error) return null;
  return (
    <section aria-labelledby={`conflicts-${accountId}`} data-testid="secret-conflicts" className="secret-conflicts">
      <h2 id={`conflicts-${accountId}`}>Conflicting values</h2>
      {error && <p className="form-error" role="alert">{error}</p>}
      {notice && <p role="status" className="ok-text">{notice}</p>}
      {conflicts.map((conflict) => (
        <div key={conflict.field} data-testid={`conflict-${conflict.field}`}>
          <p>{headline(conflict)}</p>
          <p className="muted">Not sure which? Reveal each one and try it by logging in to the site, then choose the one that worked. The other values are discarded on every device.</p>
          <ul className="conflict-candidates">
            {conflict.candidates.map((candidate) => {
              const value = revealed[`${conflict.field}/${candidate.id}`];
              return (
                <li key={candidate.id}>
                  <span>Saved on {candidate.device} ({formatDateTime(candidate.at)})</span>
                  {value !== undefined && <code className="secret-value" aria-label={`${fieldName(conflict.field)} from ${candidate.device}`}>{value}</code>}
                  <button type="button" onClick={() => void reveal(conflict.field, candidate.id)} aria-pressed={value !== undefined}>
                    {value !== undefined ? 'Hide' : 'Reveal'}
                  </button>
                  <button type="button" className="primary" disabled={busy} onClick={() => setChoice({ field: conflict.field, candidateId: candidate.id, device: candidate.device })}>
                    Use this one
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      <ConfirmDialog open={choice !== null} onOpenChange={(open) => !open && setChoice(null)}
        title={choice ? `Use the ${fieldName(choice.field)} from ${choice.device}?` : ''} confirmLabel={busy ? 'Saving…' : 'Use this one'} onConfirm={() => void resolve()}>
        <p>The other values are replaced on every device of this workspace once they sync.</p>
      </ConfirmDialog>
    </section>
  );
}
