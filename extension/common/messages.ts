// Messages between the extension's parts: content script → background (what a frame holds,
// what a person submitted), background → content script (fill, offer), popup → background
// (state, accounts, fill, pairing). The background checks every message's shape and takes
// origins only from the browser's `sender`, never from a message.

import type { BrowserAccount } from '../../protocol/browser-requests';

/** The login-relevant forms a frame shows (visible ones only). */
export interface FormSummary {
  /** Username and password on one form. */
  login: boolean;
  /** A username (or email) alone: the first step. */
  usernameFirst: boolean;
  /** A password without a username: the second step. */
  passwordStep: boolean;
  /** A one-time code field (or single-character boxes). */
  otp: boolean;
  /** Current and new password (a change-password form). */
  change: boolean;
}

export const EMPTY_SUMMARY: FormSummary = { login: false, usernameFirst: false, passwordStep: false, otp: false, change: false };

export function hasLoginStep(summary: FormSummary): boolean {
  return summary.login || summary.usernameFirst || summary.passwordStep || summary.otp;
}

// --- content → background -----------------------------------------------------------------

export interface FormsReport {
  type: 'forms';
  /** Random per document load: tells a new page from a change in the same page. */
  loadId: string;
  /** performance.timeOrigin of the document (ms since epoch). */
  startedAt: number;
  initial: boolean;
  summary: FormSummary;
}

export interface SubmitReport {
  type: 'submitted';
  kind: 'login' | 'username' | 'change';
  username: string;
  /** The (current) password typed; '' when the form had none. */
  password: string;
  newPassword?: string;
  /** Every value sent came from a Tessera fill the person did not retype. */
  filledByTessera: boolean;
}

export interface OfferAnswer {
  type: 'offer-answer';
  offerId: string;
  accept: boolean;
}

export type ContentMessage = FormsReport | SubmitReport | OfferAnswer;

// --- background → content -----------------------------------------------------------------

export interface FillCommand {
  type: 'fill';
  /** The origin the background saw for this frame: the content script refuses if it differs. */
  expectOrigin: string;
  username?: string;
  password?: string;
  /** A one-time code for an OTP field (TOTP or emailed). */
  code?: string;
  /** 'password' after a username-first step: leaves a filled username alone. */
  step: 'any' | 'password' | 'code';
}

export interface FillOutcome {
  ok: boolean;
  filled: Array<'username' | 'password' | 'code'>;
  /** The form filled was a username-first step: the password comes on the next page. */
  usernameFirst: boolean;
  message?: string;
}

export interface ShowOffer {
  type: 'show-offer';
  offerId: string;
  offer: 'save' | 'update';
  host: string;
  accountName?: string;
}

export type BackgroundToContent = FillCommand | ShowOffer | { type: 'hide-offer'; offerId: string } | { type: 'ping' };

// --- popup → background -------------------------------------------------------------------

export type ConnectionStatus = 'app-unavailable' | 'unpaired' | 'pairing' | 'locked' | 'ready' | 'error';

export interface ConnectionState {
  status: ConnectionStatus;
  /** The six-digit pairing code (status 'pairing'). */
  code?: string;
  /** A sentence for the person (why unavailable, what failed). */
  message?: string;
}

export interface PendingOffer {
  offerId: string;
  offer: 'save' | 'update';
  host: string;
  accountName?: string;
}

export interface AccountsView {
  accounts: BrowserAccount[];
  /** The tab's page origin, when the extension knows it. */
  pageOrigin: string | null;
  /** A frame of the tab shows a login, username, password or code form. */
  fillable: boolean;
  offer: PendingOffer | null;
}

export type PopupRequest =
  | { type: 'state'; refresh?: boolean }
  | { type: 'pair' }
  | { type: 'show-unlock' }
  | { type: 'accounts'; tabId: number | null; query: string }
  | { type: 'fill'; tabId: number; accountId: string; hasTotp: boolean; confirmedInsecure?: boolean }
  | { type: 'copy-totp'; accountId: string }
  | { type: 'open'; accountId?: string }
  | { type: 'offer-answer'; tabId: number; offerId: string; accept: boolean };

export type FillReply =
  | { ok: true; filled: FillOutcome['filled']; usernameFirst: boolean }
  | { ok: false; confirmInsecure: string }
  | { ok: false; code: string; message: string };

/** Every answer of the background to the popup: a result or an error without secrets. */
export type Reply<T> = { ok: true; value: T } | { ok: false; code: string; message: string };
