import { describe, expect, it } from 'vitest';
import { matchesFilter, sentFromDomain, type MessageFilter } from '../../../main/inbox/message-filter';
import { routedMessage } from './message-builders';

const submit = new Date('2024-05-01T10:00:00Z');
const at = (offsetMs: number) => new Date(submit.getTime() + offsetMs);

describe('matchesFilter', () => {
  it.each<[string, Partial<Parameters<typeof routedMessage>[0]>, Partial<MessageFilter>, boolean]>([
    ['a mail after the submit', { receivedAt: at(4_000) }, {}, true],
    ['a mail within the clock tolerance before it', { receivedAt: at(-2_000) }, {}, true],
    ['a mail well before the submit', { receivedAt: at(-60_000) }, {}, false],
    ['a mail just outside a tight tolerance', { receivedAt: at(-1_500) }, { clockToleranceMs: 1_000 }, false],
    ['the right account', {}, { accountId: 'github' }, true],
    ['another account', {}, { accountId: 'slack' }, false],
    ['the alias, in any case', {}, { alias: 'Team+GitHub-3fa2c1@example.com' }, true],
    ['another alias', {}, { alias: 'team+slack-a1b2c3@example.com' }, false],
    ['an expected sender domain', { from: 'noreply@github.com' }, { senderDomains: ['github.com'] }, true],
    ['a subdomain of it', { from: 'a@mail.github.com' }, { senderDomains: ['github.com'] }, true],
    ['a look-alike domain', { from: 'a@evilgithub.com' }, { senderDomains: ['github.com'] }, false],
    ['a caller condition that says no', {}, { where: () => false }, false],
  ])('%s → %s', (_name, message, filter, expected) => {
    expect(matchesFilter(routedMessage({ receivedAt: at(1_000), ...message }), { after: submit, ...filter })).toBe(expected);
  });
});

describe('sentFromDomain', () => {
  it.each([
    ['x@github.com', ['@GitHub.com'], true],
    ['x@github.com.evil.example', ['github.com'], false],
    ['', ['github.com'], false],
  ] as const)('%s from %j → %s', (from, domains, expected) => expect(sentFromDomain(from, domains)).toBe(expected));
});
