// Durations on the command line: "45s", "30m", "12h", "7d" → milliseconds, within the bounds the
// option allows, or a USAGE-style error that names the option and gives examples.
import { TesseraError } from '../errors';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses TEXT for OPTION; refuses anything outside [minMs, maxMs] with `hint` (e.g. "1m to 7d"). */
export function parseDuration(text: string, option: string, bounds: { minMs: number; maxMs: number; hint: string; examples: string }): number {
  const match = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
  if (!(ms >= bounds.minMs && ms <= bounds.maxMs)) {
    throw new TesseraError('INVALID_INPUT', `${option} takes a time from ${bounds.hint}, such as ${bounds.examples} (got "${text}").`);
  }
  return ms;
}
