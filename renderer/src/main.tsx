// Renderer entry: one bundle serves the main window and the launcher window (#/launcher).
// The renderer talks to Tessera only via window.tessera.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { LauncherApp } from './launcher/LauncherApp';
import './styles.css';
import './ux.css';

const isLauncherRoute = () => location.hash === '#/launcher';

function Root() {
  const [launcher, setLauncher] = useState(isLauncherRoute);
  useEffect(() => {
    const onHash = () => setLauncher(isLauncherRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = launcher ? 'Tessera launcher' : 'Tessera';
  }, [launcher]);
  return launcher ? <LauncherApp /> : <App />;
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
