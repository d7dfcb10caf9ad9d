// Applies the theme (system, light or dark) to the document root; returns the undo that
// stops following the system setting.
import type { ThemeChoice } from '../../main/ipc/contract/settings';

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
