// One plus-address alias per account (`team+github-3fa2c1@example.com`) and the reverse:
// which accounts a mail was sent to. The alias is generated once and then stored on the
// account by the caller, so renaming an account never changes its recovery address.

import type { MailboxConfig } from './mailbox-config';

export type AliasedAccount = { id: string; alias: string };

const SLUG_MAX_LENGTH = 24;
const SHORT_ID_LENGTH = 6;

export function aliasForAccount(
  mailbox: Pick<MailboxConfig, 'address' | 'aliasPattern'>,
  account: { id: string; name: string },
): string {
  const [local = '', domain = ''] = splitAddress(mailbox.address);
  const shortId = account.id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, SHORT_ID_LENGTH);
  const slug = [slugify(account.name), shortId].filter(Boolean).join('-') || 'account';
  return mailbox.aliasPattern
    .replaceAll('{local}', local)
    .replaceAll('{domain}', domain)
    .replaceAll('{slug}', slug)
    .toLowerCase();
}

/** `Café & Bar (EU)` → `cafe-bar-eu`: only characters every mail server accepts in a local part. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
}

/** The bare, lower-cased address out of `"Name" <Addr@Host>`, or undefined when there is none. */
export function normalizeAddress(raw: string): string | undefined {
  const bracketed = /<([^<>]*)>/.exec(raw)?.[1] ?? raw;
  const address = bracketed.trim().replace(/^mailto:/i, '').replace(/\.+$/, '').toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
}

type Recipients = { to: string[]; cc: string[]; deliveredTo: string[] };

/**
 * The accounts whose alias the message was addressed to, by To, Cc, Delivered-To or
 * X-Original-To. Case never matters, and a site that appends its own sub-address
 * (`team+github-3fa2c1+signup@…`) still reaches the account.
 */
export function routeByRecipient(message: Recipients, accounts: readonly AliasedAccount[]): string[] {
  const recipients = [...message.to, ...message.cc, ...message.deliveredTo]
    .map(normalizeAddress)
    .filter((address): address is string => address !== undefined);
  const matched = accounts.filter((account) => {
    const alias = normalizeAddress(account.alias);
    return alias !== undefined && recipients.some((recipient) => addressedTo(recipient, alias));
  });
  return [...new Set(matched.map((account) => account.id))];
}

function addressedTo(recipient: string, alias: string): boolean {
  if (recipient === alias) return true;
  const [aliasLocal, aliasDomain] = splitAddress(alias);
  const [local, domain] = splitAddress(recipient);
  return domain === aliasDomain && local.startsWith(`${aliasLocal}+`);
}

function splitAddress(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}
