// Is this computer's clock wrong enough to break TOTP codes? Compares the local clock with a
// reference time (an HTTP Date header or an NTP-style reading) and keeps the measurement's own
// uncertainty (network round trip, the header's one-second resolution) out of the verdict.

import { TesseraError } from '../errors';

export interface ClockReading {
  /** The reference clock's reading, Unix ms, truncated down to its resolution. */
  referenceMs: number;
  /** 1000 for an HTTP Date header; 0 for a millisecond-precise source. */
  resolutionMs: number;
  /** Local clock when the request left and when the answer arrived. */
  sentAtMs: number;
  receivedAtMs: number;
}

export interface ClockSkew {
  /** Positive when the local clock is behind the reference. */
  offsetMs: number;
  /** The offset is known only to within ± this much. */
  uncertaintyMs: number;
  clockIsOff: boolean;
  /** For the UI when clockIsOff. */
  warning?: string;
}

// Half a 30-second step: past it a strict verifier rejects a code half of the time.
export const DEFAULT_SKEW_THRESHOLD_MS = 15_000;

export function assessClockSkew(reading: ClockReading, thresholdMs = DEFAULT_SKEW_THRESHOLD_MS): ClockSkew {
  const roundTripMs = Math.max(0, reading.receivedAtMs - reading.sentAtMs);
  // The reference was read somewhere inside the round trip, within its resolution window.
  const offsetMs = Math.round(
    reading.referenceMs + reading.resolutionMs / 2 - (reading.sentAtMs + reading.receivedAtMs) / 2,
  );
  const uncertaintyMs = Math.round(reading.resolutionMs / 2 + roundTripMs / 2);
  const clockIsOff = Math.abs(offsetMs) - uncertaintyMs > thresholdMs;
  if (!clockIsOff) return { offsetMs, uncertaintyMs, clockIsOff };
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  const direction = offsetMs > 0 ? 'behind' : 'ahead';
  return {
    offsetMs,
    uncertaintyMs,
    clockIsOff,
    warning: `This computer's clock is about ${seconds} seconds ${direction}, so sites may reject its codes. Turn on automatic date and time in the system settings.`,
  };
}

/** Reads an HTTP `Date` header (IMF-fixdate, one-second resolution) taken between the two local times. */
export function clockReadingFromHttpDate(dateHeader: string, sentAtMs: number, receivedAtMs: number): ClockReading {
  const referenceMs = Date.parse(dateHeader);
  if (Number.isNaN(referenceMs)) {
    throw new TesseraError('INVALID_INPUT', `The server's Date header '${dateHeader.slice(0, 64)}' is not a date; the clock cannot be checked against it.`);
  }
  return { referenceMs, resolutionMs: 1000, sentAtMs, receivedAtMs };
}
