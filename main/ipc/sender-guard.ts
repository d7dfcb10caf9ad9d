// Decides whether an IPC call may reach the handler table: the channel must be known and the
// sender must be the top-level frame of the app's own origin (app://tessera, or the dev
// server origin in an unpackaged dev run). Pure, so every decision is unit-tested.

export type SenderInfo = {
  /** URL of the frame that sent the message; null when Electron no longer has the frame. */
  frameUrl: string | null;
  /** True when the sending frame is the top-level frame of its window. */
  isTopLevel: boolean;
};

export type SenderVerdict =
  | { allowed: true }
  | { allowed: false; code: 'UNKNOWN_CHANNEL' | 'FORBIDDEN_SENDER'; reason: string };

export const APP_ORIGIN = 'app://tessera';

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // URL.origin is "null" for non-special schemes such as app:, so build it ourselves.
    if (!parsed.host) return null;
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function checkSender(
  channel: string,
  sender: SenderInfo,
  knownChannels: ReadonlySet<string>,
  allowedOrigins: ReadonlySet<string>,
): SenderVerdict {
  if (!knownChannels.has(channel)) {
    return { allowed: false, code: 'UNKNOWN_CHANNEL', reason: `no channel named "${channel.slice(0, 80)}"` };
  }
  if (sender.frameUrl === null) {
    return { allowed: false, code: 'FORBIDDEN_SENDER', reason: 'the sending frame is gone' };
  }
  if (!sender.isTopLevel) {
    return { allowed: false, code: 'FORBIDDEN_SENDER', reason: 'only the top-level app frame may call' };
  }
  const origin = originOf(sender.frameUrl);
  if (origin === null || !allowedOrigins.has(origin)) {
    return { allowed: false, code: 'FORBIDDEN_SENDER', reason: 'the sender is not the Tessera app' };
  }
  return { allowed: true };
}
