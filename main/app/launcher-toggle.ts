// What the launcher shortcut does: hide the launcher when it is already in front (visible
// and focused), otherwise bring it up. Pure, so the rule is unit-tested without Electron.

export function launcherToggle(window: { visible: boolean; focused: boolean } | null): 'show' | 'hide' {
  return window?.visible && window.focused ? 'hide' : 'show';
}
