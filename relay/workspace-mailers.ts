// Which SMTP server sends a workspace's link codes: the workspace's own (set by an Owner or
// Admin over the admin channel, kept in the share-link store: with PostgreSQL, the same on every
// relay node), else the relay's (its operator's flags), else none (links that check an email are
// refused at creation). A workspace's server must be public unless the operator allows private
// ones (smtp-destination.ts), checked when it is set and at each send.
import type { WorkspaceSmtp, WorkspaceSmtpSummary } from '../protocol/share-links';
import { smtpLinkMailer, type LinkMailer } from './link-mailer';
import type { ShareLinkStore } from './share-link-store';
import { publicSmtpAddress, SmtpDestinationError } from './smtp-destination';

export class WorkspaceMailers {
  readonly #cache = new Map<string, { settings: string; mailer: LinkMailer }>();

  constructor(
    private readonly store: ShareLinkStore,
    private readonly relayWide: LinkMailer | undefined,
    /** The operator allows SMTP servers on private and loopback addresses, on any port. */
    private readonly allowPrivateHosts = false,
  ) {}

  /** The mailer for this workspace's codes, or undefined when none can send (the settings are read each time: another relay node may have changed them). */
  async mailerFor(workspaceId: string): Promise<LinkMailer | undefined> {
    const settings = await this.store.smtp(workspaceId);
    if (!settings) {
      this.#forget(workspaceId);
      return this.relayWide;
    }
    const key = JSON.stringify(settings);
    const cached = this.#cache.get(workspaceId);
    if (cached?.settings === key) return cached.mailer;
    cached?.mailer.close();
    const mailer = smtpLinkMailer(settings, this.allowPrivateHosts ? undefined : publicSmtpAddress);
    this.#cache.set(workspaceId, { settings: key, mailer });
    return mailer;
  }

  /** Keeps the workspace's settings (undefined: back to the relay's). Returns why not, for settings this relay will not use. */
  async set(workspaceId: string, settings: WorkspaceSmtp | undefined): Promise<string | undefined> {
    if (settings && !this.allowPrivateHosts) {
      try {
        await publicSmtpAddress(settings.host, settings.port);
      } catch (error) {
        if (error instanceof SmtpDestinationError) return error.message;
        throw error;
      }
    }
    await this.store.setSmtp(workspaceId, settings);
    this.#forget(workspaceId);
    return undefined;
  }

  /** What an Owner or Admin reads back: the workspace's settings without the password, and whether the relay has its own. */
  async summary(workspaceId: string): Promise<{ smtp: WorkspaceSmtpSummary | null; relayHasSmtp: boolean }> {
    const settings = await this.store.smtp(workspaceId);
    const { password, ...rest } = settings ?? {};
    return { smtp: settings ? { ...(rest as Omit<WorkspaceSmtp, 'password'>), hasPassword: password !== undefined } : null, relayHasSmtp: this.relayWide !== undefined };
  }

  close(): void {
    for (const { mailer } of this.#cache.values()) mailer.close();
    this.#cache.clear();
    this.relayWide?.close();
  }

  #forget(workspaceId: string): void {
    this.#cache.get(workspaceId)?.mailer.close();
    this.#cache.delete(workspaceId);
  }
}
