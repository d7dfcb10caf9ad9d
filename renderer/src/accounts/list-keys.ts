// Keyboard movement in the account list: which row becomes active for a key. Pure, so the
// rules (arrows, Home/End, PageUp/PageDown, clamping at the ends) are unit-tested.

export function nextIndex(key: string, current: number, count: number, pageSize: number): number | null {
  if (count === 0) return null;
  const from = current < 0 ? -1 : current;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown': return clamp(from + 1);
    case 'ArrowUp': return clamp(from < 0 ? 0 : from - 1);
    case 'Home': return 0;
    case 'End': return count - 1;
    case 'PageDown': return clamp(from + pageSize);
    case 'PageUp': return clamp(from - pageSize);
    default: return null;
  }
}
