// Settings → Import: choose another manager's export in the OS dialog, see what it holds
// (a KeePass database first asks for its master password), (accounts to add, those already in the vault with the choice of skip / keep both / update,
// the items left out and why), import with progress and Cancel, then a summary that reminds
// the person to delete the plain-text file. Export writes every account the person owns as
// Bitwarden JSON, KeePass XML or Tessera JSON, after they confirm it is unencrypted. No password reaches this window.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { DuplicateChoiceId, ImportPreview, ImportSummary, LockedImport } from '../../../main/ipc/contract/import';
import { messageOf, tessera, unwrap } from '../api';
import { useBusyAction } from '../components/use-busy-action';
import { PasswordInput } from '../components/PasswordInput';

const CHOICES: Array<[DuplicateChoiceId, string]> = [
  ['skip', 'Skip them (keep the vault\'s)'],
  ['keep', 'Keep both'],
  ['update', 'Update the vault\'s account from the file'],
];

export function ImportSection({ onImported }: { onImported?: () => void }) {
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const { busy, error, setError, run: act } = useBusyAction();
  // The radio follows the click at once; the counts follow when the main process re-weighed the file.
  const [choice, setChoice] = useState<DuplicateChoiceId>('skip');
  const choiceName = useId();
  // A KeePass database waits for its master password before anything of it is shown.
  const [locked, setLocked] = useState<LockedImport | null>(null);
  const [databasePassword, setDatabasePassword] = useState('');

  useEffect(() => tessera().on('import.progress', ({ token, done, total }) => {
    if (token === preview?.token) setProgress({ done, total });
  }), [preview?.token]);

  const choose = () => act(async () => {
    const next = await unwrap(tessera().import.preview({ onDuplicate: choice }));
    if (!next) return;
    setSummary(null);
    if ('needsPassword' in next) {
      setPreview(null);
      setLocked(next);
    } else {
      setLocked(null);
      setPreview(next);
    }
  });
  const unlock = (event: FormEvent) => {
    event.preventDefault();
    if (locked) void act(async () => {
      setPreview(await unwrap(tessera().import.unlock({ token: locked.token, password: databasePassword, onDuplicate: choice })));
      setLocked(null);
      setDatabasePassword('');
    });
  };
  const rechoose = (onDuplicate: DuplicateChoiceId) => {
    setChoice(onDuplicate);
    if (preview) void act(async () => {
      const next = await unwrap(tessera().import.preview({ token: preview.token, onDuplicate }));
      if (next && !('needsPassword' in next)) setPreview(next);
    });
  };
  const run = () => preview && act(async () => {
    setProgress({ done: 0, total: preview.toCreate + preview.toUpdate });
    const result = await unwrap(tessera().import.run({ token: preview.token, onDuplicate: choice }));
    setProgress(null);
    setSummary(result);
    if (!result.cancelled) setPreview(null);
    onImported?.();
  });

  const count = preview ? preview.toCreate + preview.toUpdate : 0;
  return (
    <section className="card" aria-labelledby="settings-import">
      <h2 id="settings-import">Import and export</h2>
      <p className="muted">Bring accounts in from Bitwarden, KeePass or KeePassXC (a .kdbx database, or its XML export), 1Password (.1pux or CSV), LastPass, Chrome, Firefox, Safari or Dashlane (their CSV or JSON export), or from a list of authenticator links.</p>
      <div className="form-footer">
        <button type="button" onClick={() => void choose()} disabled={busy}>{preview ? 'Choose another file…' : 'Choose a file to import…'}</button>
      </div>
      {error && <p className="form-error" role="alert">{error}</p>}
      {locked && (
        <form className="import-preview" onSubmit={unlock} noValidate data-testid="import-unlock">
          <h3>{locked.fileName}</h3>
          <p className="muted">
            {locked.kind === 'kdbx'
              ? <>This is a KeePass database. Its master password opens it here, in Tessera's main process; the password is not kept. (A database with a key file imports with <code>tessera import FILE --key-file KEY</code>.)</>
              : 'This Bitwarden export is protected by a password. The password it was exported with opens it here, in Tessera\'s main process; the password is not kept.'}
          </p>
          <PasswordInput label={locked.kind === 'kdbx' ? 'Database master password' : 'Export password'} autoComplete="off" value={databasePassword} onValue={setDatabasePassword} />
          <div className="form-footer">
            <button type="submit" className="primary" disabled={busy || databasePassword === ''}>{busy ? 'Opening… (deriving the key takes a moment)' : locked.kind === 'kdbx' ? 'Open database' : 'Open export'}</button>
            <button type="button" onClick={() => { setLocked(null); setDatabasePassword(''); setError(null); }} disabled={busy}>Cancel</button>
          </div>
        </form>
      )}
      {preview && (
        <div className="import-preview" data-testid="import-preview">
          <h3>{preview.fileName}</h3>
          <p role="status">
            {preview.formatName}: {preview.toCreate} to add{preview.toUpdate ? `, ${preview.toUpdate} to update` : ''}
            {preview.duplicateCount ? `, ${preview.duplicateCount} already in the vault` : ''}
            {preview.skippedCount ? `, ${preview.skippedCount} left out` : ''}.
          </p>
          {preview.sample.length > 0 && <p className="muted">For example: {preview.sample.join(', ')}.</p>}
          {preview.duplicateCount > 0 && (
            <fieldset className="radio-group">
              <legend>Accounts already in the vault (same site and username)</legend>
              {CHOICES.map(([id, label]) => (
                <label key={id} className="checkbox">
                  <input type="radio" name={choiceName} checked={choice === id} disabled={busy && choice !== id} onChange={() => rechoose(id)} />
                  {label}
                </label>
              ))}
              <details>
                <summary>Which ones ({preview.duplicateCount})</summary>
                <ul>{preview.duplicates.map((d) => <li key={d.where}>{d.name} — in the vault as {d.existingName}</li>)}</ul>
              </details>
            </fieldset>
          )}
          {preview.skippedCount > 0 && (
            <details>
              <summary>Left out ({preview.skippedCount})</summary>
              <ul>{preview.skipped.map((s) => <li key={s.where}>{s.where}: {s.reason}</li>)}</ul>
            </details>
          )}
          {progress ? (
            <div className="form-footer">
              <progress max={progress.total} value={progress.done} aria-label="Accounts imported" />
              <span>{progress.done} of {progress.total}</span>
              <button type="button" onClick={() => void tessera().import.cancel({ token: preview.token })}>Cancel</button>
            </div>
          ) : (
            <div className="form-footer">
              <button type="button" className="primary" onClick={() => void run()} disabled={busy || count === 0}>
                {count === 0 ? 'Nothing to import' : `Import ${count} account${count === 1 ? '' : 's'}`}
              </button>
              <button type="button" onClick={() => { setPreview(null); setError(null); }} disabled={busy}>Cancel</button>
            </div>
          )}
        </div>
      )}
      {summary && (
        <div role="status" className="import-summary">
          <p>
            {summary.cancelled ? 'Stopped. ' : ''}Imported {summary.created} account{summary.created === 1 ? '' : 's'}
            {summary.updated ? `, updated ${summary.updated}` : ''}
            {summary.skipped ? `, ${summary.skipped} left out` : ''}.
            {summary.cancelled ? ' Import the same file again to finish: what is already in is skipped.' : ''}
          </p>
          <p className="warning-text">The exported file holds your passwords in plain text: delete it now.</p>
        </div>
      )}
      <ExportPart />
    </section>
  );
}

/** Export: every account the person owns, unencrypted, after they confirm they understand it. */
function ExportPart() {
  const [format, setFormat] = useState<'tessera-json' | 'bitwarden-json' | 'keepass-xml'>('bitwarden-json');
  const [understood, setUnderstood] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const formatName = useId();

  async function run() {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await unwrap(tessera().import.export({ format, iUnderstand: true }));
      if (!result.saved) return;
      const left = result.leftOut ? ` ${result.leftOut} account${result.leftOut === 1 ? '' : 's'} shared with you as a Collaborator ${result.leftOut === 1 ? 'is' : 'are'} left out.` : '';
      setOutcome({ ok: true, text: `Saved ${result.accounts} account${result.accounts === 1 ? '' : 's'} to ${result.fileName}.${left} The file holds your passwords unencrypted: import it where you need it, then delete it.` });
      setUnderstood(false);
    } catch (e) {
      setOutcome({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h3>Export</h3>
      <fieldset className="radio-group">
        <legend>Format</legend>
        <div className="radio-row">
          <label className="checkbox inline"><input type="radio" name={formatName} checked={format === 'bitwarden-json'} onChange={() => setFormat('bitwarden-json')} />Bitwarden JSON (Bitwarden, KeePassXC, 1Password and others read it)</label>
          <label className="checkbox inline"><input type="radio" name={formatName} checked={format === 'keepass-xml'} onChange={() => setFormat('keepass-xml')} />KeePass XML (KeePass and KeePassXC read it)</label>
          <label className="checkbox inline"><input type="radio" name={formatName} checked={format === 'tessera-json'} onChange={() => setFormat('tessera-json')} />Tessera JSON</label>
        </div>
      </fieldset>
      <label className="checkbox warning-box">
        <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
        I understand that the file will hold every password and TOTP secret unencrypted.
      </label>
      <div className="form-footer">
        <button type="button" onClick={() => void run()} disabled={busy || !understood}>Export…</button>
      </div>
      {outcome && <p className={outcome.ok ? 'warning-text' : 'form-error'} role={outcome.ok ? 'status' : 'alert'}>{outcome.text}</p>}
    </>
  );
}
