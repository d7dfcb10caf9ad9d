// What the background knows per tab, kept in `storage.session` (memory only, gone when the
// browser closes; content scripts cannot read it) so it outlives the MV3 service worker:
// which frames reported which login forms (with the origin the browser gave), a login in
// progress (a Tessera fill, or values a person typed, for ≤ 2 minutes) and a pending offer.

import type { FormSummary } from '../common/messages';
import type { StorageArea } from '../common/browser-api';

/** How long typed values, a username-first step or an unanswered offer are kept. */
export const HOLD_MS = 2 * 60_000;

export interface FrameRecord {
  frameId: number;
  /** The frame's origin from the browser (`sender.origin`); null when opaque or not http(s). */
  origin: string | null;
  documentId?: string;
  loadId: string;
  startedAt: number;
  summary: FormSummary;
  at: number;
}

/** A fill Tessera started that continues on the next step (password page, code page). */
export interface Continuation {
  accountId: string;
  hasTotp: boolean;
  next: 'password' | 'code';
  topOrigin: string;
  until: number;
}

export type LoginInProgress =
  | { kind: 'tessera'; accountId: string; origin: string; topOrigin: string; until: number }
  | {
      kind: 'typed';
      capture: 'login' | 'change';
      origin: string;
      topOrigin: string;
      username: string;
      password: string;
      newPassword?: string;
      until: number;
    };

export interface HeldOffer {
  offerId: string;
  offer: 'save' | 'update';
  host: string;
  accountName?: string;
  accountId?: string;
  origin: string;
  username: string;
  password: string;
  until: number;
}

export interface TabRecord {
  topOrigin: string | null;
  topUrl: string | null;
  topLoadId: string | null;
  topStartedAt: number;
  frames: Record<string, FrameRecord>;
  continuation?: Continuation;
  lastFill?: { accountId: string; frameOrigin: string; topOrigin: string; at: number };
  login?: LoginInProgress;
  pendingUsername?: { origin: string; username: string; until: number };
  offer?: HeldOffer;
}

export function emptyTab(): TabRecord {
  return { topOrigin: null, topUrl: null, topLoadId: null, topStartedAt: 0, frames: {} };
}

/** Drops what has expired (typed values, steps, offers). */
export function pruneTab(tab: TabRecord, now: number): TabRecord {
  if (tab.continuation && tab.continuation.until < now) delete tab.continuation;
  if (tab.login && tab.login.until < now) delete tab.login;
  if (tab.pendingUsername && tab.pendingUsername.until < now) delete tab.pendingUsername;
  if (tab.offer && tab.offer.until < now) delete tab.offer;
  if (tab.lastFill && tab.lastFill.at + HOLD_MS < now) delete tab.lastFill;
  return tab;
}

/** Serialised read-modify-write of tab records over a storage area, cached while the worker lives. */
export class TabStore {
  private readonly cache = new Map<number, TabRecord>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly area: StorageArea) {}

  private key(tabId: number): string {
    return `tab:${tabId}`;
  }

  private async read(tabId: number): Promise<TabRecord> {
    const cached = this.cache.get(tabId);
    if (cached) return cached;
    const stored = (await this.area.get(this.key(tabId)))[this.key(tabId)] as TabRecord | undefined;
    const record = stored && typeof stored === 'object' ? stored : emptyTab();
    this.cache.set(tabId, record);
    return record;
  }

  get(tabId: number): Promise<TabRecord> {
    return this.update(tabId, (tab) => tab);
  }

  /** Runs `change` on the tab's record (a structured copy) and stores the result. */
  update<T>(tabId: number, change: (tab: TabRecord) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const tab = pruneTab(structuredClone(await this.read(tabId)), Date.now());
      const result = change(tab);
      this.cache.set(tabId, tab);
      await this.area.set({ [this.key(tabId)]: tab });
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  remove(tabId: number): Promise<void> {
    const run = this.queue.then(async () => {
      this.cache.delete(tabId);
      await this.area.remove(this.key(tabId));
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
