// Which modifier the person's platform uses for shortcuts (Cmd on macOS, Ctrl elsewhere).
export function isMac(): boolean {
  return /Mac|iPhone|iPad/.test(navigator.platform);
}
