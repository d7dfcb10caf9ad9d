// Applies the theme (system, light or dark) to the document root; returns the undo that
// stops following the system setting. `followSettingsTheme` keeps a window on the saved
// choice (the main window and the launcher both use it).
import type { ThemeChoice } from '../../main/ipc/contract/settings';
import { tessera, unwrap } from './api';

export function applyTheme(choice: ThemeChoice): () => void {
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = () => {
    const dark = choice === 'dark' || (choice === 'system' && media.matches);
    document.documentElement.dataset['theme'] = dark ? 'dark' : 'light';
  };
  apply();
  media.addEventListener('change', apply);
  return () => media.removeEventListener('change', apply);
}

/** Applies the saved theme and follows changes to it; returns the cleanup for an effect. */
export function followSettingsTheme(): () => void {
  let undo = applyTheme('system');
  const choose = (choice: ThemeChoice) => {
    undo();
    undo = applyTheme(choice);
  };
  void unwrap(tessera().settings.get()).then((s) => choose(s.theme), () => {});
  const off = tessera().on('settings.changed', (s) => choose(s.theme));
  return () => {
    off();
    undo();
  };
}
