// What every source of SMS codes offers: the texts received since a moment, and a wait for
// the next code. Adapters: SMS forwarded into the team mailbox, and Twilio's Messages API.
// Phone numbers are compared by their last ten digits, so `+1 (555) 123-4567` is `5551234567`.

export type SmsMessage = { id: string; from: string; to: string; body: string; receivedAt: Date };

export type SmsCodeRequest = {
  /** Only texts from this sender (a number, or a short code like `32665`). */
  from?: string;
  after: Date;
  timeoutMs: number;
  signal?: AbortSignal;
  clockToleranceMs?: number;
};

export interface SmsAdapter {
  fetchMessagesSince(since: Date, signal?: AbortSignal): Promise<SmsMessage[]>;
  /** Resolves with the code of the first matching text; rejects with TIMEOUT or CANCELLED. */
  waitForCode(request: SmsCodeRequest): Promise<string>;
}

/** `+1 (555) 123-4567` → `+15551234567`; a name (`Google`) stays as it is. */
export function normalizePhoneNumber(raw: string): string {
  const digits = raw.replace(/[^\d]/g, '');
  if (digits.length < 3 || /[a-z]{2}/i.test(raw)) return raw.trim();
  return raw.trim().startsWith('+') ? `+${digits}` : digits;
}

export function samePhoneNumber(a: string, b: string): boolean {
  const [x, y] = [a, b].map((raw) => raw.replace(/[^\d]/g, ''));
  if (!x || !y) return a.trim().toLowerCase() === b.trim().toLowerCase();
  return x.length >= 10 && y.length >= 10 ? x.slice(-10) === y.slice(-10) : x === y;
}
