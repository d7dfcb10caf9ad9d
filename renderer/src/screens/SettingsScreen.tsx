// Settings: one form with one Save (auto-lock and clipboard clearing, theme, the launcher's
// shortcut, running in the tray and at login), each refusal shown under its own field; the
// browser for automated logins, chosen in the main process's file dialog (never typed here);
// importing another manager's export; an encrypted backup; the master password change, and "About". A save
// reports once, in a line that does not move the page.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { SettingsView, ThemeChoice } from '../../../main/ipc/contract/settings';
import type { VaultStatus } from '../../../main/ipc/contract/vault';
import { fieldErrorsOf, messageOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';
import { PasswordInput } from '../components/PasswordInput';
import { acceleratorFromKeyPress } from '../settings/shortcut-recorder';
import { ImportSection } from '../settings/ImportSection';
import { BackupSection } from '../settings/BackupSection';
import { BrowsersSection } from '../settings/BrowsersSection';
import { isMac } from '../platform';
import { formatShortcut } from '../format';
import { masterPasswordProblem, type Strength } from '../passwords/strength';

type Outcome = { ok: boolean; text: string } | null;
type Draft = { minutes: string; seconds: string; theme: ThemeChoice; shortcut: string; keepRunning: boolean; atLogin: boolean };

/** A status line with its height reserved, so "Saved" never shifts the layout. */
function OutcomeLine({ outcome }: { outcome: Outcome }) {
  return (
    <p className={outcome?.ok === false ? 'outcome-line form-error' : 'outcome-line ok-text'} role={outcome?.ok === false ? 'alert' : 'status'}>
      {outcome?.text ?? ''}
    </p>
  );
}

export function SettingsScreen({ status, onStatus, version }: { status: VaultStatus; onStatus: (status: VaultStatus) => void; version?: string }) {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void unwrap(tessera().settings.get()).then(setSettings, (e) => setError(messageOf(e)));
  }, []);

  if (error) return <p className="form-error" role="alert">{error}</p>;
  if (!settings) return <p className="muted">Loading…</p>;
  return (
    <div className="settings">
      <h1 tabIndex={-1}>Settings</h1>
      <PreferencesForm status={status} settings={settings} onStatus={onStatus} onSaved={setSettings} />
      <BrowserSection browserPath={settings.browserPath} onSaved={setSettings} />
      <BrowsersSection />
      <ImportSection />
      <BackupSection />
      <ChangeMasterPassword />
      {version && (
        <section className="card" aria-labelledby="settings-about">
          <h2 id="settings-about">About</h2>
          <p className="muted" data-testid="app-version-about">Tessera {version}</p>
        </section>
      )}
    </div>
  );
}

function PreferencesForm({ status, settings, onStatus, onSaved }: {
  status: VaultStatus; settings: SettingsView; onStatus: (s: VaultStatus) => void; onSaved: (s: SettingsView) => void;
}) {
  const initial: Draft = {
    minutes: String(status.autoLockMinutes), seconds: String(status.clipboardClearSeconds),
    theme: settings.theme, shortcut: settings.launcherShortcut,
    keepRunning: settings.keepRunningWhenClosed, atLogin: settings.startAtLogin,
  };
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [recording, setRecording] = useState(false);
  const [busy, setBusy] = useState(false);
  const themeName = useId();
  const hintId = useId();
  const set = (patch: Partial<Draft>) => { setDraft((d) => ({ ...d, ...patch })); setOutcome(null); };

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const found: Record<string, string> = {};
    let lastSettings: SettingsView | null = null;
    try {
      try {
        onStatus(await unwrap(tessera().vault.setTimeouts({ autoLockMinutes: Number(draft.minutes), clipboardClearSeconds: Number(draft.seconds) })));
      } catch (e) {
        const fields = fieldErrorsOf(e);
        if (Object.keys(fields).length === 0) found['autoLockMinutes'] = messageOf(e);
        Object.assign(found, fields);
      }
      // One change per call, so a refusal lands under the field it is about.
      const changes: Array<[keyof Draft, string, Record<string, unknown>]> = [
        ['theme', 'theme', { theme: draft.theme }],
        ['shortcut', 'launcherShortcut', { launcherShortcut: draft.shortcut }],
        ['keepRunning', 'keepRunningWhenClosed', { keepRunningWhenClosed: draft.keepRunning }],
        ['atLogin', 'startAtLogin', { startAtLogin: draft.atLogin }],
      ];
      for (const [key, field, patch] of changes) {
        if (draft[key] === initial[key] && !(field in errors)) continue;
        try {
          lastSettings = await unwrap(tessera().settings.update(patch));
        } catch (e) {
          found[field] = fieldErrorsOf(e)[field] ?? messageOf(e);
        }
      }
      if (lastSettings) onSaved(lastSettings);
      setErrors(found);
      const count = Object.keys(found).length;
      setOutcome(count === 0 ? { ok: true, text: 'Settings saved.' } : { ok: false, text: count === 1 ? 'One setting was not saved: see the message under it.' : `${count} settings were not saved: see the messages under them.` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={save} noValidate aria-labelledby="settings-preferences">
      <h2 id="settings-preferences">Preferences</h2>
      <h3>Locking and clipboard</h3>
      <div className="field-pair">
        <Field label="Lock after (minutes of inactivity)" type="number" min={1} max={1440} inputMode="numeric" value={draft.minutes}
          onChange={(e) => set({ minutes: e.target.value })} error={errors['autoLockMinutes']}
          hint="1 to 1440. Tessera also locks when the computer sleeps or the screen locks." />
        <Field label="Clear copied secrets after (seconds)" type="number" min={5} max={600} inputMode="numeric" value={draft.seconds}
          onChange={(e) => set({ seconds: e.target.value })} error={errors['clipboardClearSeconds']} hint="5 to 600." />
      </div>
      <fieldset className="radio-group">
        <legend>Theme</legend>
        <div className="radio-row">
          {(['system', 'light', 'dark'] as const).map((t) => (
            <label key={t} className="checkbox inline">
              <input type="radio" name={themeName} value={t} checked={draft.theme === t} onChange={() => set({ theme: t })} />
              {t === 'system' ? 'Same as the system' : t === 'light' ? 'Light' : 'Dark'}
            </label>
          ))}
        </div>
        {errors['theme'] && <span className="field-error" role="alert">{errors['theme']}</span>}
      </fieldset>
      <h3>Launcher</h3>
      <div className="input-with-button">
        {/* Shown with the platform's names (⌘⇧Space, Ctrl+Shift+Space); set by pressing the keys. */}
        <Field label="Launcher shortcut" value={recording ? 'Press the keys…' : formatShortcut(draft.shortcut)} readOnly spellCheck={false} autoComplete="off"
          error={errors['launcherShortcut']}
          hint={recording ? 'Press the keys now (Esc to stop recording).' : 'Opens the launcher from any app. Press Record keys, then the keys you want.'}
          onClick={() => setRecording(true)}
          onBlur={() => setRecording(false)}
          onKeyDown={(e) => {
            if (!recording) return;
            if (e.key === 'Escape') { e.preventDefault(); setRecording(false); return; }
            if (e.key === 'Tab') return;
            e.preventDefault();
            const accelerator = acceleratorFromKeyPress(e, isMac());
            if (accelerator) {
              set({ shortcut: accelerator });
              setRecording(false);
            }
          }} />
        <button type="button" aria-pressed={recording} onClick={(e) => {
          setRecording(true);
          (e.currentTarget.parentElement?.querySelector('input') as HTMLInputElement | null)?.focus();
        }}>Record keys</button>
      </div>
      <h3>In the background</h3>
      <div className="checkbox-field">
        <label className="checkbox">
          <input type="checkbox" checked={draft.keepRunning} onChange={(e) => set({ keepRunning: e.target.checked })} aria-describedby={`${hintId}-keep`} />
          Keep Tessera running in the tray when its window is closed
        </label>
        <span className="hint" id={`${hintId}-keep`}>While the vault is unlocked, scheduled rotations, the team mailbox and sync go on. Quit from the tray menu to stop Tessera.</span>
        {errors['keepRunningWhenClosed'] && <span className="field-error" role="alert">{errors['keepRunningWhenClosed']}</span>}
      </div>
      {settings.startAtLoginAvailable && (
        <div className="checkbox-field">
          <label className="checkbox">
            <input type="checkbox" checked={draft.atLogin} onChange={(e) => set({ atLogin: e.target.checked })} aria-describedby={`${hintId}-login`} />
            Start Tessera when I log in to this computer
          </label>
          <span className="hint" id={`${hintId}-login`}>It starts in the tray, locked and without a window; nothing runs until you unlock it.</span>
          {errors['startAtLogin'] && <span className="field-error" role="alert">{errors['startAtLogin']}</span>}
        </div>
      )}
      <div className="form-footer">
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save settings'}</button>
        <OutcomeLine outcome={outcome} />
      </div>
    </form>
  );
}

/** Changes the master password in the app (re-wraps the vault key; the recovery key stays). */
function ChangeMasterPassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [strength, setStrength] = useState<Strength | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const onStrength = useCallback((s: Strength | null) => setStrength(s), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (current === '') found['currentPassword'] = 'Enter your current master password.';
    const problem = masterPasswordProblem(next, strength);
    if (problem) found['newPassword'] = problem;
    else if (next === current) found['newPassword'] = 'Choose a password different from the current one.';
    if (repeat !== next) found['repeat'] = 'The two new passwords are different.';
    setErrors(found);
    setOutcome(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await unwrap(tessera().vault.changePassword({ currentPassword: current, newPassword: next }));
      setCurrent(''); setNext(''); setRepeat('');
      setOutcome({ ok: true, text: 'Master password changed. Use the new one next time you unlock; your recovery key still works.' });
    } catch (e) {
      const fields = fieldErrorsOf(e);
      const code = (e as { code?: string }).code;
      if (code === 'WRONG_PASSWORD') setErrors({ currentPassword: 'That is not the current master password.' });
      else if (Object.keys(fields).length > 0) setErrors(fields);
      else setOutcome({ ok: false, text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="settings-master">
      <h2 id="settings-master">Master password</h2>
      <PasswordInput label="Current master password" autoComplete="current-password" value={current} onValue={setCurrent} error={errors['currentPassword']} />
      <PasswordInput label="New master password" autoComplete="new-password" value={next} onValue={setNext} onStrength={onStrength} error={errors['newPassword']} />
      <Field label="Repeat the new master password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} error={errors['repeat']} />
      <div className="form-footer">
        <button type="submit" disabled={busy}>{busy ? 'Changing… (deriving the key takes a moment)' : 'Change master password'}</button>
        <OutcomeLine outcome={outcome} />
      </div>
    </form>
  );
}

function BrowserSection({ browserPath, onSaved }: { browserPath: string | null; onSaved: (s: SettingsView) => void }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  // The path comes from the main process's file dialog: the window never names a program.
  async function choose(reset: boolean) {
    try {
      const saved = await unwrap(tessera().settings.chooseBrowser(reset ? { reset: true } : {}));
      onSaved(saved);
      setOutcome({ ok: true, text: saved.browserPath ? `Automated logins will use ${saved.browserPath}.` : 'Tessera will find an installed Chromium, Chrome or Edge itself.' });
    } catch (e) {
      setOutcome({ ok: false, text: messageOf(e) });
    }
  }
  return (
    <section className="card" aria-labelledby="settings-browser">
      <h2 id="settings-browser">Browser for automated logins</h2>
      <p data-testid="browser-path">{browserPath ?? 'Tessera finds an installed Chromium, Chrome or Edge.'}</p>
      <p className="muted">This program receives the passwords Tessera types. Choose Chromium, Chrome or Edge; the choice is kept in the vault.</p>
      <button type="button" className="primary" onClick={() => void choose(false)}>Choose browser…</button>{' '}
      {browserPath && <button type="button" onClick={() => void choose(true)}>Let Tessera find one</button>}
      <OutcomeLine outcome={outcome} />
    </section>
  );
}
