// Share links, the sender's side: an Owner gives someone without Tessera an account's
// credentials for a while. The username, password, address, notes and TOTP secret are
// encrypted here (AES-256-GCM) under a random key that only the link's fragment carries; the
// workspace's relay stores the ciphertext with the expiry, "opens once" and the addresses
// or domains that must confirm an emailed code (relay/share-link-routes.ts), and serves the
// recipient's page, which decrypts in the browser. Requests are signed with the workspace's
// current relay-access key (protocol/share-links.ts). The vault keeps which account each link
// is for (sealed) — never the link's key: the URL is shown once. Create, revoke and the views
// the relay reports are in the audit log; a link that ended after someone opened it fires the
// 'link_expired' policy event (services.ts lists links each minute, so this happens unattended).
import { createCipheriv, randomBytes } from 'node:crypto';
import { TesseraError } from '../errors';
import { toBase64Url } from '../../protocol/canonical-encoding';
import { LINK_AUTH_HEADER, LINK_LIFETIMES, LINK_REQUEST_PURPOSE, type LinkCreate, type LinkLifetime, type LinkRecord } from '../../protocol/share-links';
import { workspaceRelayAccess } from '../sync';
import type { Vault } from '../vault';
import type { AccountAccess } from '../access/account-access';
import type { SyncController } from './sync-controller';
import type { RotationHook } from './revocation-rotation';
import { httpBase, signedRelayRequest } from './relay-requests';

/** Notes longer than this are cut in a link (the relay takes one account's credentials, not documents). */
export const LINK_NOTES_MAX = 20_000;
const RECORDS = 'share-links';

export interface ShareLinkInput {
  accountId: string;
  lifetime: LinkLifetime;
  once: boolean;
  emails: string[];
  domains: string[];
  /** Which workspace's relay; default: the only workspace (or the one the account is shared in). */
  workspaceId?: string;
}

/** A link as the relay reports it, with the account and workspace this device made it for. */
export type ShareLinkView = LinkRecord & { accountId: string; workspaceId: string };

interface LocalLink {
  accountId: string;
  workspaceId: string;
  /** Views already written to the audit log. */
  auditedViews: number;
  /** The link ended after a view and its 'link_expired' policy event fired. */
  endReported?: boolean;
}

export interface ShareLinksOptions {
  vault(): Vault;
  controller: SyncController;
  access: AccountAccess;
  /** The workspace a command means (WorkspaceActions.pick). */
  pick(workspaceId?: string): string;
  /** The policies' event hook: a link that ended after a view fires 'link_expired'. */
  rotation?(): Pick<RotationHook, 'onEvent'>;
}

export class ShareLinks {
  constructor(private readonly options: ShareLinksOptions) {}

  /** Creates a link; its URL (with the key in the fragment) is returned once and kept nowhere. */
  async create(input: ShareLinkInput): Promise<{ url: string; linkId: string; expiresAt: number }> {
    this.options.access.requireOwner(input.accountId);
    const account = this.options.vault().accounts.get(input.accountId);
    const workspaceId = this.options.pick(input.workspaceId);
    const key = randomBytes(32);
    const payload = {
      v: 1,
      name: account.name,
      username: account.username,
      password: account.password,
      url: account.urls[0] ?? '',
      notes: account.notes.length > LINK_NOTES_MAX ? `${account.notes.slice(0, LINK_NOTES_MAX)}\n[cut: the rest of the notes is in Tessera]` : account.notes,
      ...(account.totp && account.totp.type === 'totp' ? { totp: { secret: account.totp.secret, digits: account.totp.digits, period: account.totp.period, algorithm: account.totp.algorithm } } : {}),
    };
    const expiresAt = Date.now() + LINK_LIFETIMES[input.lifetime];
    const body: LinkCreate = { ciphertext: encrypt(key, JSON.stringify(payload)), expiresAt, once: input.once, emails: input.emails, domains: input.domains };
    const { linkId } = await this.#request<{ linkId: string }>(workspaceId, 'POST', `/links/${workspaceId}`, body);
    const local = this.#local();
    local[linkId] = { accountId: input.accountId, workspaceId, auditedViews: 0 };
    this.#saveLocal(local);
    this.options.vault().audit.append('link.create', input.accountId, { linkId, workspaceId, expiresAt, once: input.once, emails: input.emails.length, domains: input.domains.length });
    const url = `${httpBase(this.#relayUrl(workspaceId))}/l/${linkId}#${toBase64Url(key)}`;
    key.fill(0);
    return { url, linkId, expiresAt };
  }

  /** This vault's links (all, or one account's) with their state and views as the relay reports them; new views go to the audit log. */
  async list(accountId?: string): Promise<ShareLinkView[]> {
    if (accountId) this.options.access.requireOwner(accountId);
    const local = this.#local();
    const workspaces = [...new Set(Object.values(local).filter((l) => !accountId || l.accountId === accountId).map((l) => l.workspaceId))];
    const views: ShareLinkView[] = [];
    let audited = false;
    for (const workspaceId of workspaces) {
      if (!this.options.controller.workspaces().some((w) => w.workspaceId === workspaceId)) continue;
      const { links } = await this.#request<{ links: LinkRecord[] }>(workspaceId, 'GET', `/links/${workspaceId}`);
      for (const link of links) {
        const mine = local[link.linkId];
        if (!mine || (accountId && mine.accountId !== accountId)) continue;
        for (const view of link.views.slice(mine.auditedViews)) {
          this.options.vault().audit.append('link.view', mine.accountId, { linkId: link.linkId, at: view.at, verifiedEmail: view.email !== null });
          audited = true;
        }
        mine.auditedViews = link.views.length;
        // A link that ended (expired, used, revoked, locked) after someone opened it left the password with them.
        if (link.state !== 'open' && link.views.length > 0 && !mine.endReported) {
          mine.endReported = true;
          audited = true;
          this.options.rotation?.().onEvent({ type: 'link_expired', accountIds: [mine.accountId], subject: `a share link ${link.state === 'used' ? 'was used' : `is ${link.state}`} after ${link.views.length} view(s)` });
        }
        views.push({ ...link, accountId: mine.accountId, workspaceId });
      }
    }
    if (audited) this.#saveLocal(local);
    return views.sort((a, b) => b.createdAt - a.createdAt);
  }

  async revoke(linkId: string): Promise<void> {
    const mine = this.#local()[linkId];
    if (!mine) throw new TesseraError('INVALID_INPUT', 'This vault created no link with that id. See tessera link list.');
    this.options.access.requireOwner(mine.accountId);
    await this.#request(mine.workspaceId, 'DELETE', `/links/${mine.workspaceId}/${linkId}`);
    this.options.vault().audit.append('link.revoke', mine.accountId, { linkId });
  }

  #relayUrl(workspaceId: string): string {
    const url = this.options.controller.get(workspaceId).relayUrl;
    if (!url) throw new TesseraError('RELAY_UNAVAILABLE', 'This workspace has no relay to hold links.');
    return url;
  }

  async #request<T>(workspaceId: string, method: string, path: string, body?: unknown): Promise<T> {
    const live = this.options.controller.get(workspaceId);
    const key = workspaceRelayAccess(live.peer.workspace).credentials()?.keys.at(-1);
    if (!key) throw new TesseraError('SYNC_UNKNOWN_EPOCH', 'This device does not hold the workspace key yet. Wait until it is admitted and synced.');
    return signedRelayRequest<T>({
      relayUrl: this.#relayUrl(workspaceId), workspaceId, method, path, purpose: LINK_REQUEST_PURPOSE, header: LINK_AUTH_HEADER,
      signer: { id: key.publicKey, secretKey: key.secretKey }, ...(body === undefined ? {} : { body }),
    });
  }

  #local(): Record<string, LocalLink> {
    return (this.options.vault().sync.read(RECORDS) as Record<string, LocalLink> | undefined) ?? {};
  }

  #saveLocal(local: Record<string, LocalLink>): void {
    this.options.vault().sync.write(RECORDS, local);
  }
}

function encrypt(key: Uint8Array, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return toBase64Url(Buffer.concat([iv, body]));
}
