// Moving and resizing the screen-capture selection from the keyboard: arrows move the
// rectangle, Shift+arrows resize it (right/down grow, left/up shrink), Alt makes steps fine.
// The first arrow press places a rectangle in the middle. Fractions of the capture, clamped.
export type Region = { x: number; y: number; width: number; height: number };

export const KEY_STEP = 0.02;
const FINE_STEP = 0.005;
const MIN_SIZE = 0.02;
export const START_REGION: Region = { x: 0.35, y: 0.35, width: 0.3, height: 0.3 };

const DIRECTIONS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** The region after a key press, or undefined when the key is not one of ours. */
export function regionAfterKey(region: Region | null, key: { key: string; shiftKey: boolean; altKey: boolean }): Region | undefined {
  const direction = DIRECTIONS[key.key];
  if (!direction) return undefined;
  if (!region) return START_REGION;
  const step = key.altKey ? FINE_STEP : KEY_STEP;
  const [dx, dy] = direction;
  if (key.shiftKey) {
    const width = Math.min(1 - region.x, Math.max(MIN_SIZE, region.width + dx * step));
    const height = Math.min(1 - region.y, Math.max(MIN_SIZE, region.height + dy * step));
    return { ...region, width, height };
  }
  const x = Math.min(1 - region.width, Math.max(0, region.x + dx * step));
  const y = Math.min(1 - region.height, Math.max(0, region.y + dy * step));
  return { ...region, x, y };
}
