// The application frame: decides between create, recovery key, unlock and the unlocked
// sections (accounts, dashboard, sharing, settings) from the vault status; applies the person's
// theme; follows lock events and the launcher's (or the browser extension's) "show this account"
// from the main process, and shows a browser's pairing request over any section.
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../main/ipc/contract/app';
import type { VaultStatus } from '../../main/ipc/contract/vault';
import { messageOf, tessera, unwrap } from './api';
import { followSettingsTheme } from './theme';
import { CreateVaultScreen, RecoveryKeyScreen } from './screens/CreateVaultScreen';
import { RestoreBackupScreen } from './screens/RestoreBackupScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { AccountsScreen, type FocusRequest } from './screens/AccountsScreen';
import { DashboardScreen } from './screens/DashboardScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { PoliciesScreen } from './screens/PoliciesScreen';
import { SharingScreen } from './screens/SharingScreen';
import { isMac } from './platform';
import { TeamInboxButton } from './components/InboxPanel';
import { ApprovalDialog } from './components/ApprovalDialog';
import { BrowserPairingDialog } from './components/BrowserPairingDialog';

const LOCK_REASONS: Record<string, string> = {
  idle: 'Tessera locked itself after a period of inactivity.',
  suspend: 'Tessera locked when the computer went to sleep.',
  'screen-lock': 'Tessera locked when the screen was locked.',
  'universal-logout': 'Your identity provider logged you out everywhere (Universal Logout), so Tessera locked. Unlock when you are signed in again.',
};

type Section = 'accounts' | 'dashboard' | 'settings' | 'policies' | 'sharing';
const SECTIONS: ReadonlyArray<{ id: Section; label: string; key: string }> = [
  { id: 'accounts', label: 'Accounts', key: '1' },
  { id: 'dashboard', label: 'Dashboard', key: '2' },
  { id: 'settings', label: 'Settings', key: '3' },
  { id: 'policies', label: 'Policies', key: '4' },
  { id: 'sharing', label: 'Sharing', key: '5' },
];

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoredAccounts, setRestoredAccounts] = useState<number | null>(null);
  const [lockReason, setLockReason] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [section, setSection] = useState<Section>('accounts');
  const [focusRequest, setFocusRequest] = useState<FocusRequest>(null);
  const [appNotice, setAppNotice] = useState<{ level: 'info' | 'warning'; message: string } | null>(null);

  const refreshStatus = useCallback(async () => {
    try {
      setStatus(await unwrap(tessera().vault.status()));
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => followSettingsTheme(), []);

  useEffect(() => {
    void unwrap(tessera().app.info()).then(setInfo, (e) => setError(messageOf(e)));
    void refreshStatus();
    const offLocked = tessera().on('vault.locked', ({ reason }) => {
      setLockReason(LOCK_REASONS[reason] ?? null);
      void refreshStatus();
    });
    let seq = 0;
    const show = ({ accountId }: { accountId: string | null }) => {
      if (accountId === null) return;
      setSection('accounts');
      setFocusRequest({ accountId, seq: ++seq });
    };
    const offShow = tessera().on('launcher.showInMain', show);
    // The browser extension's "Open in Tessera".
    const offBrowserShow = tessera().on('browsers.openAccount', show);
    const offNotice = tessera().on('app.notice', setAppNotice);
    return () => {
      offLocked();
      offShow();
      offBrowserShow();
      offNotice();
    };
  }, [refreshStatus]);

  const unlocked = Boolean(status?.unlocked) && !recoveryKey;

  const lock = useCallback(async () => {
    setLockReason(null);
    setSection('accounts');
    setStatus(await unwrap(tessera().vault.lock()));
  }, []);

  useEffect(() => {
    if (!unlocked) return;
    const onKey = (event: KeyboardEvent) => {
      const mod = isMac() ? event.metaKey : event.ctrlKey;
      if (!mod || event.shiftKey || event.altKey || document.querySelector('[role="dialog"]')) return;
      const target = SECTIONS.find((s) => s.key === event.key);
      if (target) {
        event.preventDefault();
        setSection(target.id);
      } else if (event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [unlocked, lock]);

  const modName = isMac() ? 'Meta' : 'Control';
  let screen;
  if (error) screen = <p className="form-error" role="alert">{error}</p>;
  else if (!status) screen = <p className="muted">Starting…</p>;
  else if (recoveryKey) screen = <RecoveryKeyScreen recoveryKey={recoveryKey} restoredAccounts={restoredAccounts} onDone={() => { setRecoveryKey(null); setRestoredAccounts(null); setRestoring(false); void refreshStatus(); }} />;
  else if (!status.exists && restoring) screen = <RestoreBackupScreen onBack={() => setRestoring(false)} onRestored={(key, accounts) => { setRestoredAccounts(accounts); setRecoveryKey(key); }} />;
  else if (!status.exists) screen = <CreateVaultScreen onCreated={setRecoveryKey} onRestore={() => setRestoring(true)} />;
  else if (!status.unlocked) screen = <UnlockScreen lockReason={lockReason} onUnlocked={() => { setLockReason(null); void refreshStatus(); }} />;
  else if (section === 'dashboard') screen = <DashboardScreen onOpenAccount={(accountId) => { setSection('accounts'); setFocusRequest({ accountId, seq: Date.now() }); }} />;
  else if (section === 'policies') screen = <PoliciesScreen />;
  else if (section === 'sharing') screen = <SharingScreen onOpenAccount={(accountId) => { setSection('accounts'); setFocusRequest({ accountId, seq: Date.now() }); }} />;
  else if (section === 'settings') screen = <SettingsScreen status={status} onStatus={setStatus} {...(info ? { version: info.version } : {})} />;
  else screen = <AccountsScreen focusRequest={focusRequest} />;

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Tessera
        </span>
        {unlocked && (
          <nav aria-label="Sections" className="sections">
            {SECTIONS.map((s) => (
              <button key={s.id} type="button" aria-current={section === s.id ? 'page' : undefined}
                aria-keyshortcuts={`${modName}+${s.key}`} onClick={() => setSection(s.id)}>{s.label}</button>
            ))}
          </nav>
        )}
        <span className="spacer" />
        {unlocked && <TeamInboxButton />}
        {unlocked && (
          <button type="button" onClick={() => void lock()} aria-keyshortcuts={`${modName}+L`}>Lock</button>
        )}
      </header>
      {appNotice && (
        <div className={appNotice.level === 'warning' ? 'app-notice warning' : 'app-notice'} role="status">
          <span>{appNotice.message}</span>
          <button type="button" onClick={() => setAppNotice(null)}>Dismiss</button>
        </div>
      )}
      <main className="app-main" data-testid="app-shell">{screen}</main>
      {/* The version belongs to the locked screens' footer and Settings › About, not next to the name. */}
      {!unlocked && info && <footer className="app-footer muted" data-testid="app-version">Version {info.version}</footer>}
      {unlocked && <ApprovalDialog />}
      {unlocked && <BrowserPairingDialog />}
    </div>
  );
}
