// What a person does with workspaces in the app, on top of the live SyncController: create
// one (with a relay address, or serving the embedded relay), invite (a code, then compare
// the six-digit code of each join request and admit), join with a code (through the code's
// relay address or another one this device is told), show or change the address this device
// syncs a workspace through (checked to hold the workspace when it answers), list members with
// their fingerprints and pending key changes, confirm a changed key, remove a member (the
// epoch advances, what they could read is re-keyed and queued for rotation), and share or
// unshare accounts with a member or team (several in one pass: bulk-share.ts). Every change
// goes out through the live client.
import { TesseraError } from '../errors';
import {
  assertInviterKey,
  assertOpen,
  currentEpoch,
  fingerprint,
  InviterMailbox,
  inviterDidNotAnswer,
  JoinerMailbox,
  parseInvitation,
  SyncPeer,
  Workspace,
  type AccountRole,
  type Principal,
  type Role,
  type Invitation,
  findMember,
  type Profile,
  effectiveAccountRole,
  parseDocId,
} from '../sync';
import { fromBase64Url } from '../../protocol/canonical-encoding';
import type { Vault } from '../vault';
import { localOwnerAccess, type AccountAccess } from '../access/account-access';
import { deviceKeys, saveWorkspace, forgetWorkspace, myProfile, setMyProfile } from './sync-state';
import { issueInvitation, openInvitations, pendingInvitations, setPendingInvitations, setRelay } from './workspace-records';
import { carriesSecretsSafely, parseRelayAddress } from './relay-address';
import { removeMemberAndRotate, type RotationHook } from './revocation-rotation';
import { accessList, accountMeta, sharedDocFor, writeAccountToDoc } from './shared-accounts';
import { applyShare, distinctAccountIds, planShare, requireOwnerOfAll, type ShareResult } from './bulk-share';
import { changeMemberRole, type RoleChange } from './role-change';
import { findTeam } from './team-actions';
import { findPartner } from './partner-actions';
import type { LiveWorkspace, SyncController } from './sync-controller';

export interface MemberView {
  memberId: string;
  /** The display name and email the member signed into the chain; null until they did. */
  name: string | null;
  email: string | null;
  role: Role;
  /** The partner this person came in through (its name, or its id before the name synced): a Guest whose role stays. */
  partner: string | null;
  active: boolean;
  you: boolean;
  fingerprint: string;
  /** The new key's fingerprint when this member's identity key changed and waits for confirmation. */
  changedKeyFingerprint: string | null;
}

export interface SharingIdentity {
  memberId: string;
  fingerprint: string;
  deviceId: string;
  deviceFingerprint: string;
}

/** Where this device stands in a workspace (`tessera sync status`). */
export interface WorkspaceReport {
  workspaceId: string;
  relay: string | null;
  memberId: string;
  admitted: boolean;
  workspaceRole: Role | null;
  /** Active members. */
  members: number;
  logs: { docId: string; lastSeq: number; unacknowledged: number }[];
  /** Only accounts shared with this person: of the others this device knows nothing but an id. */
  sharedAccounts: { accountId: string; name: string | null; role: AccountRole }[];
}

/** The address this device syncs a workspace through. */
export interface RelayAddress {
  workspaceId: string;
  relayUrl: string | null;
  /** wss://, or this machine: an SMTP password may be sent through it (link-email-settings.ts). */
  carriesSecrets: boolean;
}

/** A changed address; `checked`: it answered and holds this workspace (false: it did not answer in time, so it could not be checked). */
export type RelayChange = RelayAddress & { checked: boolean };

export interface WorkspaceActionsOptions {
  vault(): Vault;
  controller: SyncController;
  rotation(): RotationHook;
  /** Starts the embedded relay (opt-in) and returns the address peers use. */
  serveRelay?(): Promise<string>;
  /** The person's role on each account: sharing one needs Owner, seeing who has access a role. Default: every account is theirs. */
  access?: AccountAccess;
}

/** A base64url public key as people compare it (`what` names the key in an error). */
export const keyFingerprint = (key: string, what = 'identity key') => fingerprint(fromBase64Url(key, what));

export class WorkspaceActions {
  constructor(private readonly options: WorkspaceActionsOptions) {}

  get #controller(): SyncController {
    return this.options.controller;
  }

  get #access(): AccountAccess {
    return this.options.access ?? localOwnerAccess;
  }

  /**
   * The workspace a command means: the one named, else the only one this vault is in.
   * INVALID_INPUT says which to name when there are several, or how to get into one.
   */
  pick(workspaceId?: string): string {
    const ids = this.#controller.workspaces().map((w) => w.workspaceId);
    const id = workspaceId ?? (ids.length === 1 ? ids[0] : undefined);
    if (!id) {
      throw new TesseraError('INVALID_INPUT', ids.length
        ? `This vault belongs to ${ids.length} workspaces (${ids.join(', ')}). Name one with --workspace.`
        : 'This vault is in no workspace yet. Run tessera workspace create or tessera workspace join CODE.');
    }
    this.#controller.get(id);
    return id;
  }

  /** This person's identity and this device's key fingerprints (made on first use). */
  async identity(): Promise<SharingIdentity> {
    const { identity, device } = await deviceKeys(this.options.vault().sync);
    return {
      memberId: identity.memberId,
      fingerprint: fingerprint(identity.publicKey),
      deviceId: device.certificate.deviceId,
      deviceFingerprint: keyFingerprint(device.certificate.signingKey),
    };
  }

  /** A new workspace with this person as its Owner; `name` is stored encrypted in the team doc. */
  async create(args: { name?: string; relayUrl?: string; serveRelay?: boolean; profile?: Profile }): Promise<{ workspaceId: string }> {
    if (args.profile) setMyProfile(this.options.vault().sync, args.profile);
    let relayUrl = args.relayUrl !== undefined ? parseRelayAddress(args.relayUrl) : undefined;
    if (args.serveRelay) {
      if (!this.options.serveRelay) throw new TesseraError('NOT_PERMITTED', 'This app cannot serve a relay here. Enter the address of a relay instead.');
      relayUrl = await this.options.serveRelay();
    }
    if (!relayUrl) throw new TesseraError('INVALID_INPUT', 'Enter a relay address (ws://host:port) or choose to serve the relay from this device.');
    const records = this.options.vault().sync;
    const { identity, device } = await deviceKeys(records);
    const peer = new SyncPeer(Workspace.create(identity, device));
    peer.useProfile(myProfile(records));
    if (args.name !== undefined) peer.team.doc.setName(args.name);
    saveWorkspace(records, peer);
    setRelay(records, peer.workspace.workspaceId, relayUrl);
    this.#controller.open({ identity, device, peer, sequences: {}, relayUrl });
    return { workspaceId: peer.workspace.workspaceId };
  }

  /**
   * A fresh invitation code, open for `lifetimeMs` (24 h by default) and for one person; join
   * requests for it are collected for `admit`. Owners and Admins invite; a partner's Manager
   * invites people into their partner (`partnerId`).
   */
  invite(workspaceId: string, lifetimeMs?: number, partnerId?: string): { code: string; expiresAt: number } {
    const live = this.#controller.get(workspaceId);
    this.#requireAdminOrManager(live, partnerId);
    const issued = issueInvitation(this.options.vault().sync, {
      workspaceId,
      inviter: live.identity,
      ...(live.relayUrl ? { relayUrl: live.relayUrl } : {}),
      ...(lifetimeMs !== undefined ? { lifetimeMs } : {}),
    });
    this.listen(live, issued.code);
    return issued;
  }

  /** After unlock: listens again for join requests to the invitations still open. */
  resume(): void {
    const records = this.options.vault().sync;
    for (const live of this.#controller.workspaces()) {
      for (const code of openInvitations(records, live.workspaceId)) this.listen(live, code);
    }
  }

  /** Whether this device still holds the invitation open (not used, not expired). */
  #stillOpen(workspaceId: string, code: string): boolean {
    return openInvitations(this.options.vault().sync, workspaceId).includes(code);
  }

  /** Attaches the mailbox of a pending invitation to the live client (also on unlock). */
  listen(live: LiveWorkspace, code: string): void {
    if (live.mailboxes.has(code)) return;
    const invitation = parseInvitation(code);
    // Answers each joiner's commitment with this device's nonce, then reports matching reveals.
    const mailbox = new InviterMailbox(invitation, live.identity, () => this.#stillOpen(live.workspaceId, code));
    mailbox.onRequest(({ request, sas }) => {
      // A used or expired invitation admits no one: its later requests are not even shown.
      if (!this.#stillOpen(live.workspaceId, code)) return;
      live.joins.push({ code, sas, request });
      this.#controller.changed(live.workspaceId);
    });
    live.mailboxes.set(code, mailbox);
    live.client?.attach(mailbox, 0);
  }

  /** Join requests waiting for the inviter: the code each invitee's screen shows. */
  joinRequests(workspaceId: string): { sas: string; memberId: string; fingerprint: string }[] {
    const live = this.#controller.get(workspaceId);
    const members = live.peer.workspace.state.members;
    return live.joins
      .filter((j) => !members.get(j.request.member.memberId)?.active && this.#stillOpen(workspaceId, j.code))
      .map((j) => ({ sas: j.sas, memberId: j.request.member.memberId, fingerprint: keyFingerprint(j.request.member.identityKey) }));
  }

  /**
   * Admits the invitee whose screen shows `sas` (as they read it out); refuses any other code.
   * `partner`: into that partner, as a Guest (its Manager when `manager`: Owners and Admins only).
   */
  admit(workspaceId: string, sas: string, role: Role, partner?: { partnerId: string; manager: boolean }): { memberId: string; fingerprint: string } {
    const live = this.#controller.get(workspaceId);
    this.#requireAdminOrManager(live, partner && !partner.manager ? partner.partnerId : undefined);
    if (partner && role !== 'guest') throw new TesseraError('INVALID_INPUT', "A partner's people join as Guests: they can only be Collaborators.");
    const wanted = sas.replace(/\s+/g, '');
    const match = live.joins.find((j) => j.sas.replace(/\s+/g, '') === wanted);
    if (!match) throw new TesseraError('INVITATION_INVALID', `No join request shows the code ${wanted}. Check the code with the person; do not admit anyone whose code differs.`);
    const records = this.options.vault().sync;
    if (!this.#stillOpen(workspaceId, match.code)) {
      assertOpen(parseInvitation(match.code)); // INVITATION_EXPIRED when that is why
      throw new TesseraError('INVITATION_USED', 'That invitation already admitted someone: each code admits one person. Send this person a new invitation.');
    }
    live.peer.workspace.addMember(match.request.member, role, partner);
    // Used: the code admits no one else; requests for it that come later are not even shown.
    setPendingInvitations(records, workspaceId, pendingInvitations(records, workspaceId).filter((c) => c !== match.code));
    // Other requests for the same code stay (hidden from the list), so admitting one says INVITATION_USED.
    live.joins.splice(live.joins.indexOf(match), 1);
    this.#controller.saveNow(workspaceId);
    return { memberId: match.request.member.memberId, fingerprint: keyFingerprint(match.request.member.identityKey) };
  }

  /**
   * Posts a commitment, waits for the workspace's chain to check the inviter's key and for the
   * inviter's device to answer (it must be online), reveals the join request; returns the code to compare.
   * `relayUrl`: another address of the inviter's relay (this device's way to it), kept for the workspace.
   */
  async join(code: string, timeoutMs = 30_000, profile?: Profile, relayUrl?: string): Promise<{ workspaceId: string; sas: string; relayUrl: string }> {
    const invitation = parseInvitation(code);
    assertOpen(invitation);
    const relay = relayUrl !== undefined ? parseRelayAddress(relayUrl) : invitation.relayUrl;
    if (profile) setMyProfile(this.options.vault().sync, profile);
    if (!relay) throw new TesseraError('INVITATION_INVALID', 'This invitation names no relay. Ask for a new one, or give the relay\'s address (tessera workspace join CODE --relay URL).');
    if (this.#controller.workspaces().some((w) => w.workspaceId === invitation.workspaceId)) {
      throw new TesseraError('INVALID_INPUT', 'This vault is already in that workspace.');
    }
    const records = this.options.vault().sync;
    const { identity, device } = await deviceKeys(records);
    const peer = new SyncPeer(Workspace.open(invitation.workspaceId, device, []));
    // Signed into the chain by this device once it is admitted and holds the team key.
    peer.useProfile(myProfile(records));
    saveWorkspace(records, peer);
    setRelay(records, invitation.workspaceId, relay);
    const mailbox = new JoinerMailbox(invitation, identity, device);
    const deadline = Date.now() + timeoutMs;
    const live = this.#controller.open({ identity, device, peer, sequences: {}, relayUrl: relay, extraLogs: [mailbox] });
    try {
      live.joinSas = await inviterAnswer(this.#controller, peer, invitation, mailbox, {
        timeoutMs, deadline, noWorkspace: 'The relay does not have this workspace yet. Check the relay address with the inviter and try again.',
      });
      this.#controller.saveNow(invitation.workspaceId);
      return { workspaceId: invitation.workspaceId, sas: live.joinSas, relayUrl: relay };
    } catch (error) {
      this.#controller.close(invitation.workspaceId);
      forgetWorkspace(records, invitation.workspaceId);
      throw error;
    }
  }

  /** The address this device syncs the workspace through. */
  relayAddress(workspaceId: string): RelayAddress {
    const relayUrl = this.#controller.get(workspaceId).relayUrl ?? null;
    return { workspaceId, relayUrl, carriesSecrets: carriesSecretsSafely(relayUrl ?? undefined) };
  }

  /**
   * This device syncs the workspace through `relayUrl` from now on (another address of the same
   * relay: LAN or internet, another node): saved, and the live connection moves to it at once.
   * An address that answers must hold this workspace (INVALID_INPUT otherwise: another relay);
   * one that does not answer yet is kept unchecked. Other devices keep theirs; invitations this
   * device issues from now on carry this one.
   */
  async setRelayAddress(workspaceId: string, relayUrl: string): Promise<RelayChange> {
    const url = parseRelayAddress(relayUrl);
    const live = this.#controller.get(workspaceId);
    if (live.hidden) throw new TesseraError('INVALID_INPUT', `This vault is not in workspace ${workspaceId}. Create or join it first.`);
    const verdict = live.relayUrl === url ? 'same' : await this.#controller.relayAt(workspaceId, url);
    if (verdict === 'other') {
      throw new TesseraError('INVALID_INPUT', `The relay at ${url} does not hold this workspace: it is another relay, or one that lost its data. Check the address with your team; this device keeps syncing through ${live.relayUrl ?? 'no relay'}.`);
    }
    setRelay(this.options.vault().sync, workspaceId, url);
    this.#controller.useRelay(workspaceId, url);
    return { ...this.relayAddress(workspaceId), checked: verdict === 'same' };
  }

  members(workspaceId: string): MemberView[] {
    const live = this.#controller.get(workspaceId);
    const profiles = live.peer.workspace.profiles();
    return [...live.peer.workspace.state.members.values()].map((m) => {
      const change = live.peer.pins.pendingChange(m.memberId);
      return {
        memberId: m.memberId,
        name: profiles.get(m.memberId)?.name ?? null,
        email: profiles.get(m.memberId)?.email ?? null,
        role: m.role,
        partner: m.partnerId === undefined ? null : live.peer.team.doc.partnerName(m.partnerId) ?? m.partnerId,
        active: m.active,
        you: m.memberId === live.identity.memberId,
        fingerprint: keyFingerprint(change?.pinned ?? m.identityKey),
        changedKeyFingerprint: change ? keyFingerprint(change.offered) : null,
      };
    });
  }

  /** The name and email this person shows in their workspaces; null before they set one. */
  profile(): Profile | null {
    return myProfile(this.options.vault().sync) ?? null;
  }

  /** Sets this person's name and email and signs it into every live workspace's chain. */
  setProfile(input: Profile): Profile {
    const profile = setMyProfile(this.options.vault().sync, input);
    for (const live of this.#controller.workspaces()) {
      live.peer.useProfile(profile);
      this.#controller.changed(live.workspaceId);
    }
    return profile;
  }

  /** The member a person means: a member id (or a unique prefix of one), an email or a display name (unique among active members). */
  findMember(workspaceId: string, who: string): string {
    const { workspace } = this.#controller.get(workspaceId).peer;
    const ref = who.trim();
    const byId = [...workspace.state.members.values()].filter((m) => m.active && (m.memberId === ref || (ref.length >= 6 && m.memberId.startsWith(ref))));
    if (byId.length === 1) return byId[0]!.memberId;
    if (byId.length > 1) throw new TesseraError('INVALID_INPUT', `"${ref}" matches ${byId.length} members; give more of the id.`);
    return findMember(workspace.state, workspace.profiles(), ref);
  }

  /** "Name <email>" as the member signed it into the chain; their member id before they did. */
  personLabel(workspaceId: string, memberId: string): string {
    const profile = this.#controller.get(workspaceId).peer.workspace.profiles().get(memberId);
    return profile ? `${profile.name}${profile.email ? ` <${profile.email}>` : ''}` : memberId;
  }

  /** Whom an account grant names: `team:<id or name>`, `partner:<id or name>`, else a member as findMember finds them. */
  findPrincipal(workspaceId: string, who: string): { principal: Principal; label: string } {
    if (who.startsWith('partner:')) {
      const partnerId = findPartner(this.#controller.get(workspaceId), who.slice('partner:'.length));
      const name = this.#controller.get(workspaceId).peer.team.doc.partnerName(partnerId);
      return { principal: `partner:${partnerId}`, label: `partner ${name ?? partnerId}` };
    }
    if (who.startsWith('team:')) {
      const teamId = findTeam(this.#controller.get(workspaceId), who.slice('team:'.length));
      return { principal: `team:${teamId}`, label: `team ${teamId}` };
    }
    const memberId = this.findMember(workspaceId, who);
    return { principal: `member:${memberId}`, label: this.personLabel(workspaceId, memberId) };
  }

  /** Changes a member's workspace role (Owners/Admins; see role-change.ts), audited in this vault. */
  changeRole(workspaceId: string, memberId: string, role: Role): RoleChange {
    const live = this.#controller.get(workspaceId);
    const change = changeMemberRole(live.peer, memberId, role);
    this.options.vault().audit.append('sharing.role_change', null, { workspaceId, memberId, from: change.from, to: change.to, demotedGrants: change.demotedGrants.length });
    this.#controller.saveNow(workspaceId);
    return change;
  }

  /** A person checked the new fingerprint with its owner: sync with them resumes. */
  confirmKey(workspaceId: string, memberId: string): void {
    const live = this.#controller.get(workspaceId);
    const change = live.peer.pins.pendingChange(memberId);
    if (!change) throw new TesseraError('INVALID_INPUT', 'This member\'s key has not changed; there is nothing to confirm.');
    live.peer.confirmKeyChange(memberId, change.offered);
    this.#controller.saveNow(workspaceId);
  }

  /** Removes a member: a new epoch, their accounts re-keyed, rotations queued. */
  removeMember(workspaceId: string, memberId: string): { epochNumber: number; exposedAccounts: string[]; rotationJobIds: string[] } {
    const live = this.#controller.get(workspaceId);
    this.#requireAdmin(live);
    if (memberId === live.identity.memberId) throw new TesseraError('INVALID_INPUT', 'You cannot remove yourself. Ask another Owner or Admin.');
    if (!live.peer.workspace.state.members.get(memberId)?.active) throw new TesseraError('INVALID_INPUT', 'That person is not an active member of this workspace.');
    const result = removeMemberAndRotate(live.peer, memberId, this.options.rotation());
    this.#controller.saveNow(workspaceId);
    return { epochNumber: currentEpoch(live.peer.workspace.state)?.number ?? 0, exposedAccounts: result.accountIds, rotationJobIds: result.jobs.map((job) => job.id) };
  }

  /**
   * The accounts a member can use in this workspace (a direct or team grant) that this person
   * is an Owner of: what a Universal Logout of that member covers. Owners and Admins only.
   */
  memberAccounts(workspaceId: string, memberId: string): { accountIds: string[]; name: string | null } {
    const live = this.#controller.get(workspaceId);
    this.#requireAdmin(live);
    const state = live.peer.workspace.state;
    if (!state.members.get(memberId)?.active) throw new TesseraError('INVALID_INPUT', 'That person is not an active member of this workspace.');
    const accountIds = live.peer.accounts().flatMap((doc) => {
      const ref = parseDocId(doc.docId);
      if (ref?.kind !== 'account' || effectiveAccountRole(doc, memberId, state) === null) return [];
      return effectiveAccountRole(doc, live.identity.memberId, state) === 'owner' ? [ref.accountId] : [];
    });
    return { accountIds, name: this.members(workspaceId).find((m) => m.memberId === memberId)?.name ?? null };
  }

  /** Shares a vault account (starting its doc on first share) with a member or team. */
  share(workspaceId: string, accountId: string, principal: Principal, role: AccountRole): { docId: string } {
    return { docId: this.shareMany(workspaceId, [accountId], principal, role).docIds[0]! };
  }

  /**
   * Shares several accounts with one member, team or partner in one pass (bulk-share.ts): all
   * of them or, when this person is not an Owner of some or some are gone, none. Saved once.
   */
  shareMany(workspaceId: string, accountIds: readonly string[], principal: Principal, role: AccountRole): ShareResult {
    const ids = distinctAccountIds(accountIds);
    requireOwnerOfAll(this.#access, ids);
    const live = this.#controller.get(workspaceId);
    const vault = this.options.vault();
    // Refused before any doc is started: a doc that reached the relay must be saved here.
    const plan = planShare(live.peer, vault, ids, principal, role);
    try {
      return applyShare(live.peer, vault, plan);
    } finally {
      // Whatever was written goes into the saved state with its clocks, even when a step failed.
      this.#controller.saveNow(workspaceId);
    }
  }

  /** Takes a role away; the item key is replaced and a rotation queued when devices held it. */
  unshare(workspaceId: string, accountId: string, principal: Principal): { rotationJobIds: string[] } {
    this.#access.requireOwner(accountId);
    const live = this.#controller.get(workspaceId);
    const doc = sharedDocFor(live.peer, accountId);
    if (!doc) throw new TesseraError('INVALID_INPUT', 'This account is not shared in that workspace.');
    const { exposedTo } = live.peer.unshare(doc.docId, principal);
    const jobs = exposedTo.length ? this.options.rotation().onEvent({ type: 'member_removed', accountIds: [accountId], subject: `unshared from ${principal}` }) : [];
    this.#controller.saveNow(workspaceId);
    return { rotationJobIds: jobs.map((job) => job.id) };
  }

  /** Admission, role, members, the logs at the relay and the accounts shared with this person. */
  report(workspaceId: string): WorkspaceReport {
    const live = this.#controller.get(workspaceId);
    const state = live.peer.workspace.state;
    const me = state.members.get(live.identity.memberId);
    return {
      workspaceId,
      relay: live.relayUrl ?? null,
      memberId: live.identity.memberId,
      admitted: me?.active === true,
      workspaceRole: me?.active ? me.role : null,
      members: [...state.members.values()].filter((m) => m.active).length,
      logs: (live.client?.status().logs ?? []).map((l) => ({ docId: l.docId, lastSeq: l.lastSeq, unacknowledged: l.unacknowledged })),
      sharedAccounts: live.peer.accounts().flatMap((doc) => {
        const role = effectiveAccountRole(doc, live.identity.memberId, state);
        if (role === null) return [];
        const ref = parseDocId(doc.docId);
        return [{
          accountId: ref?.kind === 'account' ? ref.accountId : doc.docId,
          name: accountMeta(doc, doc.openItemKeys(live.peer.workspace.device))?.name ?? null,
          role,
        }];
      }),
    };
  }

  /** A vault account changed here (edit, rotation): an Owner's change goes out to everyone it is shared with. */
  accountChanged(accountId: string): void {
    for (const live of this.#controller.workspaces()) {
      const doc = sharedDocFor(live.peer, accountId);
      if (doc && writeAccountToDoc(live.peer, doc, this.options.vault().accounts.get(accountId))) this.#controller.changed(live.workspaceId);
    }
  }

  /** Who has access to an account, per workspace it is shared in. */
  accountAccess(accountId: string): { workspaceId: string; workspaceName: string | null; grants: { principal: Principal; role: AccountRole }[] }[] {
    this.#access.requireAccess(accountId);
    return this.#controller.workspaces().flatMap((live) => {
      const doc = sharedDocFor(live.peer, accountId);
      return doc ? [{ workspaceId: live.workspaceId, workspaceName: live.peer.team.doc.name() ?? null, grants: accessList(doc) }] : [];
    });
  }

  #requireAdminOrManager(live: LiveWorkspace, partnerId: string | undefined): void {
    const partner = partnerId !== undefined ? live.peer.workspace.state.partners.get(partnerId) : undefined;
    if (partner?.active && partner.managers.has(live.identity.memberId)) return;
    this.#requireAdmin(live);
  }

  #requireAdmin(live: LiveWorkspace): void {
    const role = live.peer.workspace.state.members.get(live.identity.memberId)?.role;
    if (role !== 'owner' && role !== 'admin') throw new TesseraError('NOT_PERMITTED', 'Only Owners and Admins of the workspace can invite, admit or remove members.');
  }
}

/**
 * The joiner's side of the meeting (a join, or a device link): waits for the workspace's chain,
 * checks the inviter's key it names against the code (the chain is signed, not encrypted) and
 * pins it, then waits for the inviter's device to answer; returns the six digits.
 */
export async function inviterAnswer(
  controller: SyncController, peer: SyncPeer, invitation: Invitation, mailbox: JoinerMailbox,
  { timeoutMs, deadline, noWorkspace }: { timeoutMs: number; deadline: number; noWorkspace: string },
): Promise<string> {
  await controller.idle(invitation.workspaceId, timeoutMs);
  const inviter = peer.workspace.state.members.get(invitation.inviterMemberId);
  if (!inviter) throw new TesseraError('RELAY_UNAVAILABLE', noWorkspace);
  assertInviterKey(invitation, fromBase64Url(inviter.identityKey, 'identity key'));
  peer.pins.check(inviter.memberId, inviter.identityKey);
  return answeredBy(mailbox, deadline);
}

/** The joiner's six digits, or RELAY_UNAVAILABLE when the inviter's device does not answer by the deadline. */
async function answeredBy(mailbox: JoinerMailbox, deadline: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      mailbox.sas(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(inviterDidNotAnswer()), Math.max(0, deadline - Date.now())))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
