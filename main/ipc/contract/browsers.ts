// Channels for the browsers paired with Tessera (the browser extension, issue 22): the list
// (no keys), the one pairing waiting for the person (its browser name and six-digit code),
// confirming or refusing it, and revoking a browser. Events tell the window when a pairing
// starts or ends, when the extension asks to show an account, and when it asks to unlock.
import { z } from 'zod';
import { channel, event } from './define';
import { id } from './limits';

export type PairedBrowserView = {
  browserId: string;
  name: string;
  createdAt: number;
  /** The last session the browser opened; null: none since pairing. */
  lastUsedAt: number | null;
  /** A session of this browser is open now. */
  connected: boolean;
};

export type PendingPairingView = { name: string; code: string; requestedAt: number; expiresAt: number };

/** The six digits the app showed: confirming or refusing names them, so a newer pairing is never confirmed by mistake. */
const code = z.string().regex(/^\d{6}$/, 'must be the six digits shown');

export const browsersChannels = {
  'browsers.list': channel<{ browsers: PairedBrowserView[] }>()(z.strictObject({})),
  'browsers.pending': channel<{ pending: PendingPairingView | null }>()(z.strictObject({})),
  'browsers.confirmPairing': channel<{ browser: PairedBrowserView }>()(z.strictObject({ code })),
  'browsers.refusePairing': channel<{ refused: true }>()(z.strictObject({ code })),
  'browsers.revoke': channel<{ revoked: true }>()(z.strictObject({ browserId: id })),
};

export const browsersEvents = {
  /** A browser asks to pair: show its name and code until it ends. */
  'browsers.pairingRequested': event<PendingPairingView>(),
  'browsers.pairingEnded': event<{ outcome: 'confirmed' | 'refused' | 'expired' | 'cancelled' | 'locked'; name: string }>(),
  /** The extension asked to show this account (or just the app). */
  'browsers.openAccount': event<{ accountId: string | null }>(),
  /** The extension asked to unlock: show the window (its unlock screen). */
  'browsers.showUnlock': event<Record<string, never>>(),
};
