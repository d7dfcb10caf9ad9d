// The workspace's own SMTP server for share-link codes, the Owner/Admin device's side (the
// relay's is relay/workspace-mailers.ts): set it, read it back (never the password), or clear
// it so the relay's own server (if its operator set one) sends them again. Sent over the admin
// channel (relay-requests.ts). The relay must hold the SMTP password to send, so a password is
// sent only to a relay reached over TLS (wss://) or on this machine — never in clear over a
// network — and each change is in the audit log (host, never the password).
import { TesseraError } from '../errors';
import type { WorkspaceSmtp, WorkspaceSmtpSummary } from '../../protocol/share-links';
import type { Vault } from '../vault';
import { adminRelayRequest } from './relay-requests';
import { carriesSecretsSafely } from './relay-address';
import type { SyncController } from './sync-controller';

export interface LinkEmailState {
  /** The workspace's own server; null: none (the relay's, if it has one, sends codes). */
  smtp: WorkspaceSmtpSummary | null;
  /** The relay's operator set an SMTP server of its own. */
  relayHasSmtp: boolean;
}

const WHAT = 'set the email server for share-link codes';

export class LinkEmailSettings {
  constructor(private readonly options: { vault(): Vault; controller: SyncController }) {}

  read(workspaceId: string): Promise<LinkEmailState> {
    const live = this.options.controller.get(workspaceId);
    return adminRelayRequest<LinkEmailState & { ok?: boolean }>(live, WHAT, 'GET', `/scim-admin/${workspaceId}/smtp`).then(({ smtp, relayHasSmtp }) => ({ smtp, relayHasSmtp }));
  }

  async set(workspaceId: string, settings: WorkspaceSmtp): Promise<LinkEmailState> {
    const live = this.options.controller.get(workspaceId);
    if (settings.password !== undefined && !carriesSecretsSafely(live.relayUrl)) {
      throw new TesseraError('INSECURE_RELAY', `The relay at ${live.relayUrl ?? '(none)'} is not reached over TLS, so the SMTP password would cross the network in clear. Use a relay with a wss:// address, or an SMTP server that needs no password.`);
    }
    await adminRelayRequest(live, WHAT, 'POST', `/scim-admin/${workspaceId}/smtp`, settings);
    this.options.vault().audit.append('links.smtp', null, { workspaceId, host: settings.host, port: settings.port });
    return this.read(workspaceId);
  }

  async clear(workspaceId: string): Promise<LinkEmailState> {
    const live = this.options.controller.get(workspaceId);
    await adminRelayRequest(live, WHAT, 'DELETE', `/scim-admin/${workspaceId}/smtp`);
    this.options.vault().audit.append('links.smtp', null, { workspaceId, cleared: true });
    return this.read(workspaceId);
  }
}
