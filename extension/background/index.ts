// The extension's background (Chromium service worker, Firefox background script): owns the
// channel to Tessera and routes the popup's and content scripts' messages. It fills only the
// frame a content script reported a login form in, with that frame's origin and its tab's top
// origin as the browser gave them, and sends secrets to that frame alone. It keeps what a
// person typed into a login form (memory-only session storage, ≤ 2 minutes) to offer saving
// it once the next page looks logged in, and tells Tessera when a fill led to a login.

import type { BrowserRequest } from '../../protocol/browser-requests';
import { browserApi, type MessageSender } from '../common/browser-api';
import {
  EMPTY_SUMMARY,
  hasLoginStep,
  type AccountsView,
  type ContentMessage,
  type FillCommand,
  type FillOutcome,
  type FillReply,
  type FormSummary,
  type PopupRequest,
  type Reply,
} from '../common/messages';
import { fillTarget, insecureOriginOf, senderFrameOrigin, senderTopOrigin } from '../common/origins';
import { originHost, webOriginOf } from '../../main/passwords/web-origin';
import { ChannelClient, RequestError } from './channel-client';
import { readContentMessage } from './content-messages';
import { indexedDbPairingStore } from './key-store';
import { browserName, connectNativeHost } from './native-port';
import { HOLD_MS, TabStore, type FrameRecord, type TabRecord } from './tab-store';

const api = browserApi();
const client = new ChannelClient({ connect: connectNativeHost, store: indexedDbPairingStore, browserName: browserName() });
const tabs = new TabStore(api.storage.session);

// Content scripts never read session storage (the default in Chromium; said explicitly).
void api.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })?.catch(() => undefined);

function failure(error: unknown): { ok: false; code: string; message: string } {
  if (error instanceof RequestError) return { ok: false, code: error.code, message: error.message };
  return { ok: false, code: 'FAILED', message: error instanceof Error ? error.message : 'Something went wrong.' };
}

async function reply<T>(work: Promise<T>): Promise<Reply<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return failure(error);
  }
}

// ---------------------------------------------------------------------------------------
// Frames

/** Frames of the tab's current top document (older subframe reports belong to a page that is gone). */
function currentFrames(tab: TabRecord): FrameRecord[] {
  return Object.values(tab.frames).filter((frame) => frame.frameId === 0 || frame.at >= tab.topStartedAt);
}

function presentForms(tab: TabRecord): FormSummary {
  const all = { ...EMPTY_SUMMARY };
  for (const frame of currentFrames(tab)) {
    for (const key of Object.keys(all) as Array<keyof FormSummary>) all[key] ||= frame.summary[key];
  }
  return all;
}

function frameRank(frame: FrameRecord): number {
  const s = frame.summary;
  if (s.login) return 0;
  if (s.passwordStep) return 1;
  if (s.usernameFirst) return 2;
  if (s.otp) return 3;
  return 9;
}

/** The frame to fill: the best login step on the page, the top frame first on a tie. */
function pickFrame(tab: TabRecord): FrameRecord | null {
  const candidates = currentFrames(tab)
    .filter((frame) => frame.origin !== null && frameRank(frame) < 9)
    .sort((a, b) => frameRank(a) - frameRank(b) || a.frameId - b.frameId);
  return candidates[0] ?? null;
}

async function sendToFrame(tabId: number, frame: FrameRecord, message: unknown): Promise<unknown> {
  const options: { frameId: number; documentId?: string } = { frameId: frame.frameId };
  // Chromium: address the very document that reported the form, not whatever loaded since.
  if (!frame.documentId) return api.tabs.sendMessage(tabId, message, options);
  try {
    return await api.tabs.sendMessage(tabId, message, { ...options, documentId: frame.documentId });
  } catch (error) {
    // A browser without documentId targeting (the content script still checks its origin).
    if (error instanceof Error && /documentId/i.test(error.message)) return api.tabs.sendMessage(tabId, message, options);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// Fill

interface FillPlan {
  accountId: string;
  hasTotp: boolean;
  step: FillCommand['step'];
}

async function fillFrame(tabId: number, tab: TabRecord, frame: FrameRecord, plan: FillPlan): Promise<FillOutcome> {
  const target = fillTarget(tab.topOrigin, frame.origin);
  if (!target) throw new RequestError('ORIGIN_MISMATCH', 'This frame has no web origin: Tessera fills only http(s) pages.');
  const s = frame.summary;
  const codeOnly = plan.step === 'code' || (s.otp && !s.login && !s.passwordStep && !s.usernameFirst);
  let command: FillCommand;
  if (codeOnly) {
    const { code } = await client.request({ op: 'code', accountId: plan.accountId, source: plan.hasTotp ? 'totp' : 'email', ...target });
    command = { type: 'fill', expectOrigin: target.frameOrigin, code, step: 'code' };
  } else {
    const secrets = await client.request({ op: 'fill', accountId: plan.accountId, ...target });
    command = { type: 'fill', expectOrigin: target.frameOrigin, step: plan.step };
    // Each frame gets only what its form asks for.
    const wantsPassword = s.login || s.passwordStep;
    if (secrets.username && (s.login || s.usernameFirst || plan.step !== 'password')) command.username = secrets.username;
    if (wantsPassword && secrets.password !== null) command.password = secrets.password;
    if (s.otp && secrets.totp) command.code = secrets.totp;
  }
  const answer = (await sendToFrame(tabId, frame, command)) as FillOutcome | undefined;
  if (!answer || typeof answer !== 'object') throw new RequestError('FILL_FAILED', 'The page did not answer: reload it and try again.');
  if (!answer.ok) throw new RequestError('FILL_FAILED', answer.message ?? 'Nothing could be filled on this page.');
  await tabs.update(tabId, (t) => {
    const now = Date.now();
    t.lastFill = { accountId: plan.accountId, frameOrigin: target.frameOrigin, topOrigin: target.topOrigin, at: now };
    if (answer.usernameFirst) {
      t.continuation = { accountId: plan.accountId, hasTotp: plan.hasTotp, next: 'password', topOrigin: target.topOrigin, until: now + HOLD_MS };
    } else if (answer.filled.includes('password') && plan.hasTotp && !answer.filled.includes('code')) {
      t.continuation = { accountId: plan.accountId, hasTotp: true, next: 'code', topOrigin: target.topOrigin, until: now + HOLD_MS };
    } else {
      delete t.continuation;
    }
  });
  return answer;
}

async function fillFromPopup(request: Extract<PopupRequest, { type: 'fill' }>): Promise<FillReply> {
  const tab = await tabs.get(request.tabId);
  const frame = pickFrame(tab);
  if (!frame) return { ok: false, code: 'NO_FORM', message: 'No login form was found on this page. Open its sign-in page and try again.' };
  const target = fillTarget(tab.topOrigin, frame.origin);
  if (!target) return { ok: false, code: 'ORIGIN_MISMATCH', message: 'This page has no web origin: Tessera fills only http(s) pages.' };
  const insecure = insecureOriginOf(target);
  if (insecure && !request.confirmedInsecure) return { ok: false, confirmInsecure: insecure };
  try {
    const outcome = await fillFrame(request.tabId, tab, frame, { accountId: request.accountId, hasTotp: request.hasTotp, step: 'any' });
    return { ok: true, filled: outcome.filled, usernameFirst: outcome.usernameFirst };
  } catch (error) {
    return failure(error);
  }
}

/** A page of a username-first or TOTP login appeared after a Tessera fill: fill that step too. */
async function continueFill(tabId: number, frame: FrameRecord): Promise<void> {
  const step = await tabs.update(tabId, (tab) => {
    const next = tab.continuation;
    if (!next || !frame.origin || tab.topOrigin !== next.topOrigin) return null;
    const s = frame.summary;
    const fits = next.next === 'password' ? s.passwordStep || s.login : s.otp && !s.login && !s.passwordStep;
    if (!fits) return null;
    const target = fillTarget(tab.topOrigin, frame.origin);
    if (!target || insecureOriginOf(target)) return null; // http:// needs the person: the popup asks.
    delete tab.continuation;
    return { tab: structuredClone(tab), next };
  });
  if (!step) return;
  try {
    await fillFrame(tabId, step.tab, frame, { accountId: step.next.accountId, hasTotp: step.next.hasTotp, step: step.next.next === 'code' ? 'code' : 'password' });
  } catch {
    // The person can still fill from the popup; nothing to show in the page.
  }
}

// ---------------------------------------------------------------------------------------
// After a submit: logged in? capture?

const evaluations = new Map<number, ReturnType<typeof setTimeout>>();

function scheduleEvaluation(tabId: number, delayMs = 800): void {
  clearTimeout(evaluations.get(tabId));
  evaluations.set(
    tabId,
    setTimeout(() => {
      evaluations.delete(tabId);
      void evaluateLogin(tabId).catch(() => undefined);
    }, delayMs),
  );
}

async function evaluateLogin(tabId: number): Promise<void> {
  const decision = await tabs.update(tabId, (tab) => {
    const login = tab.login;
    if (!login || tab.topOrigin !== login.topOrigin) return null;
    const forms = presentForms(tab);
    const submittedAt = login.until - HOLD_MS;
    if (login.kind === 'typed' && login.capture === 'change') {
      if (forms.change) return null;
      delete tab.login;
      return login;
    }
    if (forms.otp) return null; // A code step: the login goes on.
    if (forms.login || forms.usernameFirst || forms.passwordStep) {
      // A new page with the login form again: that attempt failed.
      if (tab.topStartedAt > submittedAt) delete tab.login;
      return null;
    }
    delete tab.login;
    return login;
  });
  if (!decision) return;
  if (decision.kind === 'tessera') {
    await client.request({ op: 'logged-in', accountId: decision.accountId, origin: decision.origin });
    return;
  }
  const request: Extract<BrowserRequest, { op: 'capture' }> = {
    op: 'capture',
    origin: decision.origin,
    username: decision.username,
    password: decision.password,
    kind: decision.capture,
  };
  if (decision.newPassword !== undefined) request.newPassword = decision.newPassword;
  const offer = await client.request(request);
  if (offer.offer !== 'save' && offer.offer !== 'update') return;
  const offerId = crypto.randomUUID();
  const host = originHost(decision.origin);
  const held = {
    offerId,
    offer: offer.offer,
    host,
    origin: decision.origin,
    username: decision.username,
    // An update stores the new password of a change form, else the one typed.
    password: decision.newPassword ?? decision.password,
    until: Date.now() + HOLD_MS,
    ...(offer.offer === 'update' ? { accountId: offer.accountId, accountName: offer.accountName } : {}),
  };
  await tabs.update(tabId, (tab) => {
    tab.offer = held;
  });
  const show = { type: 'show-offer', offerId, offer: held.offer, host, ...(held.accountName ? { accountName: held.accountName } : {}) };
  await api.tabs.sendMessage(tabId, show, { frameId: 0 }).catch(() => undefined);
  // An open popup (or popped-out window) for this tab shows the offer too; none open is fine.
  await api.runtime.sendMessage({ type: 'offer-changed', tabId }).catch(() => undefined);
}

async function answerOffer(tabId: number, offerId: string, accept: boolean): Promise<{ accountId: string | null }> {
  const offer = await tabs.update(tabId, (tab) => {
    const held = tab.offer;
    if (!held || held.offerId !== offerId) return null;
    delete tab.offer;
    return held;
  });
  if (!offer) throw new RequestError('NOT_FOUND', 'That offer is no longer open.');
  await api.tabs.sendMessage(tabId, { type: 'hide-offer', offerId }, { frameId: 0 }).catch(() => undefined);
  if (!accept) return { accountId: null };
  const request: Extract<BrowserRequest, { op: 'save' }> = { op: 'save', origin: offer.origin, username: offer.username, password: offer.password };
  if (offer.accountId) request.accountId = offer.accountId;
  const saved = await client.request(request);
  return { accountId: saved.accountId };
}

// ---------------------------------------------------------------------------------------
// Content scripts

async function onContent(message: ContentMessage, sender: MessageSender): Promise<unknown> {
  const tabId = sender.tab?.id;
  const frameId = sender.frameId ?? 0;
  if (tabId === undefined) return null;
  const frameOrigin = senderFrameOrigin(sender);
  switch (message.type) {
    case 'forms': {
      const now = Date.now();
      const record: FrameRecord = {
        frameId,
        origin: frameOrigin,
        loadId: message.loadId,
        startedAt: message.startedAt,
        summary: message.summary,
        at: now,
        ...(sender.documentId ? { documentId: sender.documentId } : {}),
      };
      const isTop = frameId === 0;
      const login = await tabs.update(tabId, (tab) => {
        if (isTop && tab.topLoadId !== message.loadId) {
          tab.topLoadId = message.loadId;
          tab.topStartedAt = Math.min(message.startedAt, now);
          tab.topUrl = sender.url ?? null;
          tab.topOrigin = frameOrigin ?? webOriginOf(sender.url);
          // Subframes of the page that is gone.
          for (const [key, frame] of Object.entries(tab.frames)) if (frame.frameId !== 0 && frame.at < tab.topStartedAt) delete tab.frames[key];
        }
        if (!isTop) tab.topOrigin = senderTopOrigin(sender, tab.topOrigin);
        tab.frames[String(frameId)] = record;
        return tab.login ?? null;
      });
      if (hasLoginStep(message.summary)) void continueFill(tabId, record);
      if (login && (isTop || login.origin === frameOrigin)) scheduleEvaluation(tabId);
      return null;
    }
    case 'submitted': {
      if (!frameOrigin) return null;
      await tabs.update(tabId, (tab) => {
        const now = Date.now();
        const topOrigin = senderTopOrigin(sender, tab.topOrigin);
        if (!topOrigin) return;
        if (message.kind === 'username') {
          if (message.username) tab.pendingUsername = { origin: frameOrigin, username: message.username, until: now + HOLD_MS };
          return;
        }
        const fill = tab.lastFill;
        if (message.filledByTessera && fill && fill.frameOrigin === frameOrigin) {
          tab.login = { kind: 'tessera', accountId: fill.accountId, origin: frameOrigin, topOrigin, until: now + HOLD_MS };
          return;
        }
        const username = message.username || (tab.pendingUsername?.origin === frameOrigin ? tab.pendingUsername.username : '');
        if (message.kind === 'login' && message.password) {
          tab.login = { kind: 'typed', capture: 'login', origin: frameOrigin, topOrigin, username, password: message.password, until: now + HOLD_MS };
        } else if (message.kind === 'change' && message.newPassword) {
          tab.login = {
            kind: 'typed',
            capture: 'change',
            origin: frameOrigin,
            topOrigin,
            username,
            password: message.password,
            newPassword: message.newPassword,
            until: now + HOLD_MS,
          };
        }
      });
      return null;
    }
    case 'offer-answer':
      // Only the top frame shows offers.
      if (frameId !== 0) return null;
      return reply(answerOffer(tabId, message.offerId, message.accept));
  }
}

// ---------------------------------------------------------------------------------------
// Popup

async function pageUrlOf(tabId: number | null, tab: TabRecord | null): Promise<string | null> {
  if (tab?.topUrl) return tab.topUrl;
  if (tabId === null) return null;
  try {
    const url = (await api.tabs.get(tabId)).url;
    return url && webOriginOf(url) ? url : null;
  } catch {
    return null;
  }
}

async function accountsView(tabId: number | null, query: string): Promise<AccountsView> {
  const tab = tabId === null ? null : await tabs.get(tabId);
  const pageUrl = await pageUrlOf(tabId, tab);
  const { accounts } = await client.request({ op: 'accounts', pageUrl, query: query.slice(0, 200) });
  const offer = tab?.offer ? { offerId: tab.offer.offerId, offer: tab.offer.offer, host: tab.offer.host, ...(tab.offer.accountName ? { accountName: tab.offer.accountName } : {}) } : null;
  return { accounts, pageOrigin: webOriginOf(pageUrl), fillable: tab ? pickFrame(tab) !== null : false, offer };
}

function isPopupRequest(message: unknown): message is PopupRequest {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}

async function onPopup(message: PopupRequest): Promise<unknown> {
  switch (message.type) {
    case 'state':
      return reply(client.ensure(message.refresh === true));
    case 'pair':
      return reply(client.pair());
    case 'show-unlock':
      return reply(client.showUnlock());
    case 'accounts':
      return reply(accountsView(typeof message.tabId === 'number' ? message.tabId : null, String(message.query ?? '')));
    case 'fill':
      if (typeof message.tabId !== 'number' || typeof message.accountId !== 'string') return failure(new RequestError('INVALID_INPUT', 'Bad fill request.'));
      return fillFromPopup(message);
    case 'copy-totp':
      return reply(client.request({ op: 'copy-totp', accountId: String(message.accountId) }));
    case 'open':
      return reply(client.request(message.accountId ? { op: 'open', accountId: String(message.accountId) } : { op: 'open' }));
    case 'offer-answer':
      return reply(answerOffer(message.tabId, String(message.offerId), message.accept === true));
    default:
      return failure(new RequestError('INVALID_INPUT', 'Unknown request.'));
  }
}

// ---------------------------------------------------------------------------------------

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== api.runtime.id) return false;
  const extensionPage = typeof sender.url === 'string' && sender.url.startsWith(api.runtime.getURL(''));
  let work: Promise<unknown> | null = null;
  if (extensionPage) {
    if (isPopupRequest(message)) work = onPopup(message);
  } else if (sender.tab?.id !== undefined) {
    const content = readContentMessage(message);
    if (content) work = onContent(content, sender);
  }
  if (!work) return false;
  work.then(sendResponse, (error: unknown) => sendResponse(failure(error)));
  return true;
});

api.tabs.onRemoved.addListener((tabId) => {
  clearTimeout(evaluations.get(tabId));
  evaluations.delete(tabId);
  void tabs.remove(tabId);
});
