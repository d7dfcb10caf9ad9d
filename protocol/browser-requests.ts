// What the browser extension asks the desktop app inside a sealed session, and what it gets
// back: the one list of operations both sides build against. The app validates every request
// (a hostile or broken extension gets INVALID_INPUT), checks roles and origins itself, and
// answers secrets only for filling into a frame whose origin (and whose top page's origin)
// belongs to the account. A Collaborator's password goes to the content script that fills it,
// never to the popup.

/** One account as the popup lists it: no secret. */
export interface BrowserAccount {
  id: string;
  name: string;
  username: string;
  role: 'owner' | 'collaborator';
  hasPassword: boolean;
  hasTotp: boolean;
  /** The account's login URLs (for "open site"). */
  urls: string[];
  /** The account belongs to the page the request named (its origin or an allowed one). */
  matchesPage: boolean;
}

/** Where a fill would land, as the browser (not the page) reports it. */
export interface FillTarget {
  /** The origin of the tab's top document (`sender.tab.url`'s origin). */
  topOrigin: string;
  /** The origin of the frame that holds the form (`sender.origin`). */
  frameOrigin: string;
}

export type BrowserRequest =
  /** Is the vault unlocked? (Answered in a session only; a locked vault answers the hello with `locked`.) */
  | { op: 'status' }
  /** Accounts for the popup: those of `pageUrl` first, then the rest matching `query` (max 50). */
  | { op: 'accounts'; pageUrl: string | null; query: string }
  /** Username, password and a TOTP code (when the account has one) to fill into `target`. */
  | ({ op: 'fill'; accountId: string } & FillTarget)
  /** A one-time code for an OTP field in `target`: TOTP, or the newest emailed code of the managed inbox. */
  | ({ op: 'code'; accountId: string; source: 'totp' | 'email' } & FillTarget)
  /** The current TOTP code, for the popup's copy button (anyone with a role, like the app's copy). */
  | { op: 'copy-totp'; accountId: string }
  /**
   * A person submitted a form by hand and the next page looked logged in: what to offer.
   * `kind` 'change' when they set `newPassword` on a change-password form.
   */
  | { op: 'capture'; origin: string; username: string; password: string; kind: 'login' | 'change'; newPassword?: string }
  /** The person accepted the offer: save a new account, or update `accountId`'s password (the old one goes to history). */
  | { op: 'save'; origin: string; username: string; password: string; accountId?: string }
  /** A login on `origin` succeeded in the person's browser (milestone 1; the after-login rotation trigger). */
  | { op: 'logged-in'; accountId: string; origin: string }
  /** Show the account (or the app) in Tessera's window. */
  | { op: 'open'; accountId?: string };

export type CaptureOffer =
  /** Nothing to do (a Collaborator's account, a form without a password, or the person said never). */
  | { offer: 'none' }
  /** The password typed is the stored one: the login was recorded. */
  | { offer: 'logged-in'; accountId: string; accountName: string }
  /** No account of this site has this username: offer to save one. */
  | { offer: 'save' }
  /** The account's stored password differs from the one typed (or set): offer to update it. */
  | { offer: 'update'; accountId: string; accountName: string };

export interface BrowserResults {
  status: { unlocked: boolean };
  accounts: { accounts: BrowserAccount[] };
  fill: { username: string; password: string | null; totp: string | null };
  code: { code: string };
  'copy-totp': { code: string };
  capture: CaptureOffer;
  save: { accountId: string };
  'logged-in': Record<string, never>;
  open: Record<string, never>;
}

/** A request inside a sealed frame. */
export type BrowserRequestEnvelope = { id: number } & BrowserRequest;

/** The app's answer inside a sealed frame. */
export type BrowserResponseEnvelope =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };

/** Sent by the app without a request. */
export type BrowserEvent =
  /** The person confirmed the pairing in the app: the extension pins the app's key and keeps `browserId`. */
  | { event: 'paired'; browserId: string }
  /** The person refused the pairing (or it timed out): the extension forgets the keys of this attempt. */
  | { event: 'pairing-refused' }
  /** The vault locked: the session ends; the extension shows "locked". */
  | { event: 'locked' }
  /** The person revoked this browser in the app. */
  | { event: 'revoked' };
