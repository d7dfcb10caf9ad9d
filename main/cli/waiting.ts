// Commands that stay online for someone else (an invitee, a device being linked): how long
// they wait (`--answer [time]`, `--wait time`: 1 second to 30 minutes, 2 minutes when the time
// is left out) and the wait itself, polling the state a live sync changes.
import { TesseraError } from '../errors';

/** 1s to 30m, such as 90s or 5m; `true` (the option given without a time) is 2 minutes. */
export function parseWait(value: string | true): number {
  if (value === true) return 120_000;
  const match = /^(\d+)\s*(s|m)$/.exec(value.trim());
  const ms = match ? Number(match[1]) * (match[2] === 's' ? 1000 : 60_000) : NaN;
  if (!(ms >= 1000 && ms <= 1_800_000)) throw new TesseraError('INVALID_INPUT', `This option takes a time from 1s to 30m, such as 90s or 5m (got "${value}").`);
  return ms;
}

/** Polls until `ready` holds or `ms` passed. */
export async function waitUntil(ready: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
}
