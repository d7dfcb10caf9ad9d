// Checks the shape of what content scripts send: a content script runs in a page the
// extension does not trust, so each field is checked and bounded here. Origins never come
// from these messages (the background takes them from the browser's `sender`).

import type { ContentMessage, FormSummary } from '../common/messages';

const MAX_VALUE = 4096;

function isText(value: unknown, max = MAX_VALUE): value is string {
  return typeof value === 'string' && value.length <= max;
}

function readSummary(value: unknown): FormSummary | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const keys = ['login', 'usernameFirst', 'passwordStep', 'otp', 'change'] as const;
  if (!keys.every((key) => typeof v[key] === 'boolean')) return null;
  return { login: !!v.login, usernameFirst: !!v.usernameFirst, passwordStep: !!v.passwordStep, otp: !!v.otp, change: !!v.change };
}

/** The message if it is one a content script may send, else null. */
export function readContentMessage(message: unknown): ContentMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'forms': {
      const summary = readSummary(m.summary);
      if (!summary || !isText(m.loadId, 64) || typeof m.initial !== 'boolean' || typeof m.startedAt !== 'number' || !Number.isFinite(m.startedAt)) return null;
      return { type: 'forms', loadId: m.loadId, initial: m.initial, startedAt: m.startedAt, summary };
    }
    case 'submitted': {
      if (m.kind !== 'login' && m.kind !== 'username' && m.kind !== 'change') return null;
      if (!isText(m.username) || !isText(m.password) || typeof m.filledByTessera !== 'boolean') return null;
      if (m.newPassword !== undefined && !isText(m.newPassword)) return null;
      const report: ContentMessage = { type: 'submitted', kind: m.kind, username: m.username, password: m.password, filledByTessera: m.filledByTessera };
      if (typeof m.newPassword === 'string') report.newPassword = m.newPassword;
      return report;
    }
    case 'offer-answer':
      return isText(m.offerId, 64) && typeof m.accept === 'boolean' ? { type: 'offer-answer', offerId: m.offerId, accept: m.accept } : null;
    default:
      return null;
  }
}
