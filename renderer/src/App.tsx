// The application frame: decides between create, recovery key, unlock and the accounts
// screen from the vault status, and follows lock events from the main process.
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo } from '../../main/ipc/contract/app';
import type { VaultStatus } from '../../main/ipc/contract/vault';
import { messageOf, tessera, unwrap } from './api';
import { applyTheme } from './theme';
import { CreateVaultScreen, RecoveryKeyScreen } from './screens/CreateVaultScreen';
import { UnlockScreen } from './screens/UnlockScreen';
import { AccountsScreen } from './screens/AccountsScreen';

const LOCK_REASONS: Record<string, string> = {
  idle: 'Tessera locked itself after a period of inactivity.',
  suspend: 'Tessera locked when the computer went to sleep.',
  'screen-lock': 'Tessera locked when the screen was locked.',
};

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const [lockReason, setLockReason] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refreshStatus = useCallback(async () => {
    try {
      setStatus(await unwrap(tessera().vault.status()));
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);

  useEffect(() => applyTheme('system'), []);

  useEffect(() => {
    void unwrap(tessera().app.info()).then(setInfo, (e) => setError(messageOf(e)));
    void refreshStatus();
    return tessera().on('vault.locked', ({ reason }) => {
      setLockReason(LOCK_REASONS[reason] ?? null);
      void refreshStatus();
    });
  }, [refreshStatus]);

  async function lock() {
    setLockReason(null);
    setStatus(await unwrap(tessera().vault.lock()));
  }

  let screen;
  if (error) screen = <p className="form-error" role="alert">{error}</p>;
  else if (!status) screen = <p className="muted">Starting…</p>;
  else if (recoveryKey) screen = <RecoveryKeyScreen recoveryKey={recoveryKey} onDone={() => { setRecoveryKey(null); void refreshStatus(); }} />;
  else if (!status.exists) screen = <CreateVaultScreen onCreated={setRecoveryKey} />;
  else if (!status.unlocked) screen = <UnlockScreen lockReason={lockReason} onUnlocked={() => { setLockReason(null); void refreshStatus(); }} />;
  else screen = <AccountsScreen />;

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Tessera
        </span>
        {info && <span className="muted" data-testid="app-version">v{info.version}</span>}
        <span className="spacer" />
        {status?.unlocked && !recoveryKey && (
          <button type="button" onClick={() => void lock()} aria-keyshortcuts="Control+L">Lock</button>
        )}
      </header>
      <main className="app-main" data-testid="app-shell">{screen}</main>
    </div>
  );
}
