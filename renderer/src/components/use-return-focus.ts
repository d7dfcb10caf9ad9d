// Radix returns focus to a Dialog.Trigger on close; our dialogs open from many places (a
// button, a milestone's action, a shortcut) without one. This remembers what had focus
// when the dialog opened and gives it back on close; if that is gone (the dialog opened from
// another dialog), the `fallback`, else the page heading.
import { useCallback, useLayoutEffect, useRef } from 'react';

export function useReturnFocus(open: boolean, fallback?: () => HTMLElement | null): (event: Event) => void {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }, [open]);
  return useCallback((event: Event) => {
    event.preventDefault();
    const target = opener.current?.isConnected ? opener.current : (fallback?.() ?? document.querySelector<HTMLElement>('main h1[tabindex]'));
    target?.focus();
  }, [fallback]);
}
