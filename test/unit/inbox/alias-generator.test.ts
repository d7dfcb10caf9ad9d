import { describe, expect, it } from 'vitest';
import { aliasForAccount, normalizeAddress, routeByRecipient, slugify } from '../../../main/inbox/alias-generator';

const mailbox = { address: 'team@example.com', aliasPattern: '{local}+{slug}@{domain}' };

describe('aliasForAccount', () => {
  it.each([
    ['the default pattern', mailbox, { id: '3FA2C1D4-0000', name: 'GitHub' }, 'team+github-3fa2c1@example.com'],
    ['a name with accents and symbols', mailbox, { id: 'abc123', name: 'Café & Bar (EU)' }, 'team+cafe-bar-eu-abc123@example.com'],
    ['a name with nothing usable', mailbox, { id: '9z', name: '🙂' }, 'team+9z@example.com'],
    ['a catch-all domain pattern', { ...mailbox, aliasPattern: '{slug}@in.{domain}' }, { id: 'a1b2c3d4', name: 'Slack' }, 'slack-a1b2c3@in.example.com'],
    ['a dash-separated pattern', { ...mailbox, aliasPattern: '{local}-{slug}@{domain}' }, { id: 'ffff00', name: 'AWS root' }, 'team-aws-root-ffff00@example.com'],
  ])('%s', (_name, config, account, alias) => {
    expect(aliasForAccount(config, account)).toBe(alias);
  });
});

describe('slugify', () => {
  it.each([
    ['GitHub', 'github'],
    ['  Über Konto  ', 'uber-konto'],
    ['a'.repeat(40), 'a'.repeat(24)],
    ['--x--', 'x'],
  ])('%s → %s', (name, slug) => expect(slugify(name)).toBe(slug));
});

describe('normalizeAddress', () => {
  it.each([
    ['"GitHub" <NoReply@GitHub.com>', 'noreply@github.com'],
    ['mailto:a@b.example', 'a@b.example'],
    ['a@b.example.', 'a@b.example'],
    ['not an address', undefined],
  ])('%s', (raw, address) => expect(normalizeAddress(raw)).toBe(address));
});

describe('routeByRecipient', () => {
  const accounts = [
    { id: 'github', alias: 'team+github-3fa2c1@example.com' },
    { id: 'slack', alias: 'team+slack-a1b2c3@example.com' },
  ];
  const none = { to: [], cc: [], deliveredTo: [] };
  it.each<[string, { to?: string[]; cc?: string[]; deliveredTo?: string[] }, string[]]>([
    ['To', { to: ['team+github-3fa2c1@example.com'] }, ['github']],
    ['Cc', { cc: ['team+slack-a1b2c3@example.com'] }, ['slack']],
    ['Delivered-To when To is a list', { to: ['all@lists.example'], deliveredTo: ['team+slack-a1b2c3@example.com'] }, ['slack']],
    ['any case and a display name', { to: ['Team <Team+GitHub-3FA2C1@Example.COM>'] }, ['github']],
    ['a sub-address the site appended', { to: ['team+github-3fa2c1+signup@example.com'] }, ['github']],
    ['both accounts', { to: ['team+github-3fa2c1@example.com'], cc: ['team+slack-a1b2c3@example.com'] }, ['github', 'slack']],
    ['the bare mailbox', { to: ['team@example.com'] }, []],
    ['the alias at another domain', { to: ['team+github-3fa2c1@example.org'] }, []],
    ['a longer tag that only starts like an alias', { to: ['team+github-3fa2c1x@example.com'] }, []],
  ])('%s', (_name, recipients, ids) => {
    expect(routeByRecipient({ ...none, ...recipients }, accounts)).toEqual(ids);
  });
});
