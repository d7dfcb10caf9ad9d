// Settings: auto-lock and clipboard clearing (the vault's timeouts), theme, the browser
// used for automated logins, and the launcher's global shortcut. Each group saves on its
// own and says what was saved or why it was refused.
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SettingsView, ThemeChoice } from '../../../main/ipc/contract/settings';
import type { VaultStatus } from '../../../main/ipc/contract/vault';
import { messageOf, tessera, unwrap } from '../api';
import { Field } from '../components/Field';
import { acceleratorFromKeyPress } from '../settings/shortcut-recorder';
import { isMac } from '../platform';

type Outcome = { ok: boolean; text: string } | null;

function OutcomeLine({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return <p className={outcome.ok ? 'notice' : 'form-error'} role={outcome.ok ? 'status' : 'alert'}>{outcome.text}</p>;
}

export function SettingsScreen({ status, onStatus }: { status: VaultStatus; onStatus: (status: VaultStatus) => void }) {
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
      <TimeoutsSection status={status} onStatus={onStatus} />
      <ThemeSection theme={settings.theme} onSaved={setSettings} />
      <BrowserSection browserPath={settings.browserPath} onSaved={setSettings} />
      <ShortcutSection shortcut={settings.launcherShortcut} onSaved={setSettings} />
    </div>
  );
}

function TimeoutsSection({ status, onStatus }: { status: VaultStatus; onStatus: (status: VaultStatus) => void }) {
  const [minutes, setMinutes] = useState(String(status.autoLockMinutes));
  const [seconds, setSeconds] = useState(String(status.clipboardClearSeconds));
  const [outcome, setOutcome] = useState<Outcome>(null);
  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      const next = await unwrap(tessera().vault.setTimeouts({ autoLockMinutes: Number(minutes), clipboardClearSeconds: Number(seconds) }));
      onStatus(next);
      setOutcome({ ok: true, text: `Saved: locks after ${next.autoLockMinutes} min idle; clears copied secrets after ${next.clipboardClearSeconds} s.` });
    } catch (e) {
      setOutcome({ ok: false, text: messageOf(e) });
    }
  }
  return (
    <section className="card" aria-labelledby="settings-security">
      <h2 id="settings-security">Locking and clipboard</h2>
      <form onSubmit={save} noValidate>
        <Field label="Lock after (minutes of inactivity)" type="number" min={1} max={1440} inputMode="numeric" value={minutes}
          onChange={(e) => setMinutes(e.target.value)} hint="1 to 1440 minutes. Tessera also locks when the computer sleeps or the screen locks." />
        <Field label="Clear copied secrets after (seconds)" type="number" min={5} max={600} inputMode="numeric" value={seconds}
          onChange={(e) => setSeconds(e.target.value)} hint="5 to 600 seconds." />
        <button type="submit" className="primary">Save locking and clipboard</button>
      </form>
      <OutcomeLine outcome={outcome} />
    </section>
  );
}

function ThemeSection({ theme, onSaved }: { theme: ThemeChoice; onSaved: (s: SettingsView) => void }) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  // Shown at once; put back if saving fails.
  const [shown, setShown] = useState(theme);
  const name = useId();
  async function choose(next: ThemeChoice) {
    setShown(next);
    try {
      onSaved(await unwrap(tessera().settings.update({ theme: next })));
      setOutcome(null);
    } catch (e) {
      setShown(theme);
      setOutcome({ ok: false, text: messageOf(e) });
    }
  }
  return (
    <section className="card" aria-labelledby="settings-theme">
      <h2 id="settings-theme">Appearance</h2>
      <fieldset className="radio-group">
        <legend>Theme</legend>
        {(['system', 'light', 'dark'] as const).map((t) => (
          <label key={t} className="checkbox inline">
            <input type="radio" name={name} value={t} checked={shown === t} onChange={() => void choose(t)} />
            {t === 'system' ? 'Same as the system' : t === 'light' ? 'Light' : 'Dark'}
          </label>
        ))}
      </fieldset>
      <OutcomeLine outcome={outcome} />
    </section>
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

function ShortcutSection({ shortcut, onSaved }: { shortcut: string; onSaved: (s: SettingsView) => void }) {
  const [text, setText] = useState(shortcut);
  const [recording, setRecording] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      const saved = await unwrap(tessera().settings.update({ launcherShortcut: text }));
      onSaved(saved);
      setText(saved.launcherShortcut);
      setOutcome({ ok: true, text: `The launcher opens with ${saved.launcherShortcut}.` });
    } catch (e) {
      setOutcome({ ok: false, text: messageOf(e) });
    }
  }
  return (
    <section className="card" aria-labelledby="settings-launcher">
      <h2 id="settings-launcher">Launcher</h2>
      <form onSubmit={save} noValidate>
        <Field label="Launcher shortcut" value={text} spellCheck={false} autoComplete="off"
          error={outcome && !outcome.ok ? outcome.text : null}
          hint={recording ? 'Press the keys now (Esc to stop recording).' : 'Works from any app. Example: CommandOrControl+Shift+Space. Needs Ctrl, Cmd, Alt or Super.'}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => setRecording(false)}
          onKeyDown={(e) => {
            if (!recording) return;
            if (e.key === 'Escape') {
              e.preventDefault();
              setRecording(false);
              return;
            }
            if (e.key === 'Tab') return;
            e.preventDefault();
            const accelerator = acceleratorFromKeyPress(e, isMac());
            if (accelerator) {
              setText(accelerator);
              setRecording(false);
            }
          }} />
        <div className="button-row">
          <button type="button" aria-pressed={recording} onClick={(e) => {
            setRecording(true);
            (e.currentTarget.closest('form')?.querySelector('input') as HTMLInputElement | null)?.focus();
          }}>Record keys</button>
          <button type="submit" className="primary">Save shortcut</button>
        </div>
      </form>
      {outcome?.ok && <OutcomeLine outcome={outcome} />}
    </section>
  );
}
