// The application frame: header, navigation and the current screen.
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../main/ipc/contract/app';

export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void window.tessera.app.info().then((result) => {
      if (result.ok) setInfo(result.value);
      else setError(result.error.message);
    });
  }, []);

  return (
    <div className="app">
      <header className="app-header">
        <span className="brand" aria-label="Tessera">
          <span className="brand-mark" aria-hidden="true" />
          Tessera
        </span>
        {info && <span className="muted" data-testid="app-version">v{info.version}</span>}
      </header>
      <main className="app-main" data-testid="app-shell">
        {error && <p role="alert">{error}</p>}
        {!info && !error && <p className="muted">Starting…</p>}
        {info && <p className="muted">Tessera is ready.</p>}
      </main>
    </div>
  );
}
