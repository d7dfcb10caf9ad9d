// A person's devices: link a second device to their identity, see their devices, remove a
// lost one. Linking is the join exchange between two devices of one person (a `tessera-link:`
// code, a commitment exchange and six digits compared on both screens; main/sync/device-link.ts):
//  - the linking device (`link`, then `confirmLink` with the digits the new device shows)
//    adds the new device to every workspace the person is in and posts it the identity;
//  - the new device (`accept`, then it waits) keeps the identity and opens those workspaces.
// Removing a device opens a new epoch in each workspace (it reads nothing written later),
// re-keys the accounts it could read and queues their rotation. Audited in this vault.
import { TesseraError, type ErrorCode } from '../errors';
import {
  assertOpen, certifyLinkedDevice, createInvitation, InviterMailbox, JoinerMailbox, openDeviceLink,
  parseInvitation, saveKeys, sealDeviceLink, SyncPeer, Workspace, type DeviceKeys, type Invitation, type JoinRequest,
} from '../sync';
import type { Vault } from '../vault';
import { deviceKeys, forgetWorkspace, myProfile, saveWorkspace, setMyProfile } from './sync-state';
import { openDeviceLinks, setDeviceLinks, setRelay } from './workspace-records';
import { removeDeviceAndRotate, type RotationHook } from './revocation-rotation';
import type { LiveWorkspace, SyncController } from './sync-controller';
import { inviterAnswer, keyFingerprint } from './workspace-actions';

export interface DeviceView {
  deviceId: string;
  /** The host name the device published in the (encrypted) team doc; null until it did. */
  name: string | null;
  addedAt: number;
  thisDevice: boolean;
  fingerprint: string;
}

/** Where linking this device stands: the digits to type on the other device, then done or why not. */
export type LinkState =
  | { state: 'none' }
  | { state: 'waiting'; sas: string }
  | { state: 'linked'; workspaces: number }
  | { state: 'failed'; code: ErrorCode; message: string };

interface IssuedLink {
  invitation: Invitation;
  workspaceId: string;
  mailbox: InviterMailbox;
  requests: { sas: string; request: JoinRequest; commitment: string }[];
  used: boolean;
}

export interface DeviceActionsOptions {
  vault(): Vault;
  controller: SyncController;
  rotation(): RotationHook;
  /** Tells the window that linking moved on (the sharing.status event). */
  changed(): void;
}

const digitsOf = (sas: string) => sas.replace(/\s+/g, '');

export class DeviceActions {
  readonly #issued = new Map<string, IssuedLink>();
  #accepting: LinkState = { state: 'none' };

  constructor(private readonly options: DeviceActionsOptions) {}

  get #controller(): SyncController {
    return this.options.controller;
  }

  /** Workspaces this person is an active member of, on this device. */
  #admitted(): LiveWorkspace[] {
    return this.#controller.workspaces().filter((live) => live.peer.workspace.state.members.get(live.identity.memberId)?.active === true);
  }

  /** This person's active devices, in every workspace they are in (one entry per device). */
  devices(): DeviceView[] {
    const seen = new Map<string, DeviceView>();
    for (const live of this.#admitted()) {
      for (const device of live.peer.workspace.state.devices.values()) {
        const cert = device.certificate;
        if (!device.active || device.memberId !== live.identity.memberId) continue;
        const known = seen.get(cert.deviceId);
        const name = known?.name ?? live.peer.team.doc.deviceName(cert.deviceId) ?? null;
        seen.set(cert.deviceId, { deviceId: cert.deviceId, name, addedAt: cert.issuedAt, thisDevice: cert.deviceId === live.device.certificate.deviceId, fingerprint: keyFingerprint(cert.signingKey, 'signing key') });
      }
    }
    return [...seen.values()].sort((a, b) => Number(b.thisDevice) - Number(a.thisDevice) || a.addedAt - b.addedAt);
  }

  /** A code for the new device, open for `lifetimeMs` (15 minutes by default) and one device. */
  link(lifetimeMs = 15 * 60_000): { code: string; expiresAt: number } {
    const live = this.#admitted().find((w) => w.relayUrl !== undefined);
    if (!live?.relayUrl) throw new TesseraError('INVALID_INPUT', 'Linking a device needs a workspace you are in: create or join one first, then link your other device.');
    const { invitation, code } = createInvitation({ workspaceId: live.workspaceId, inviter: live.identity, relayUrl: live.relayUrl, lifetimeMs, kind: 'link' });
    const records = this.options.vault().sync;
    setDeviceLinks(records, [...openDeviceLinks(records), code]);
    this.#listen(code, live);
    return { code, expiresAt: invitation.expiresAt };
  }

  /** After unlock (and in each CLI run): listens again for the devices of link codes still open. */
  resume(): void {
    for (const code of openDeviceLinks(this.options.vault().sync)) {
      const live = this.#controller.workspaces().find((w) => w.workspaceId === parseInvitation(code, 'link').workspaceId);
      if (live) this.#listen(code, live);
    }
  }

  #listen(code: string, live: LiveWorkspace): void {
    if (this.#issued.has(code)) return;
    const invitation = parseInvitation(code, 'link');
    const issued: IssuedLink = { invitation, workspaceId: live.workspaceId, mailbox: new InviterMailbox(invitation, live.identity, () => this.#open(issued)), requests: [], used: false };
    issued.mailbox.onRequest(({ request, sas, commitment }) => {
      if (!this.#open(issued)) return;
      issued.requests.push({ request, sas, commitment });
      this.options.changed();
    });
    this.#issued.set(code, issued);
    live.mailboxes.set(code, issued.mailbox);
    live.client?.attach(issued.mailbox, 0);
  }

  #open(issued: IssuedLink): boolean {
    return !issued.used && Date.now() < issued.invitation.expiresAt;
  }

  /** How many new devices wait for their six digits to be typed here. */
  linkRequests(): number {
    return [...this.#issued.values()].filter((i) => this.#open(i)).reduce((n, i) => n + i.requests.length, 0);
  }

  /**
   * Adds the device whose screen shows `sas` to every workspace this person is in and sends
   * it the identity. A code no waiting device shows links nothing.
   */
  confirmLink(sas: string): { deviceId: string; workspaces: number } {
    const wanted = digitsOf(sas);
    const issued = [...this.#issued.values()].find((i) => this.#open(i) && i.requests.some((r) => digitsOf(r.sas) === wanted));
    const match = issued?.requests.find((r) => digitsOf(r.sas) === wanted);
    if (!issued || !match) throw new TesseraError('INVITATION_INVALID', `No device waiting to be linked shows the code ${wanted}. Check the code on the new device; do not link a device whose code differs.`);
    const rendezvous = this.#controller.get(issued.workspaceId);
    const certificate = certifyLinkedDevice(rendezvous.identity, match.request.member.device);
    const admitted = this.#admitted();
    for (const live of admitted) {
      live.peer.workspace.addDevice(certificate);
      this.#controller.saveNow(live.workspaceId);
    }
    const workspaces = admitted.flatMap((live) => (live.relayUrl ? [{ workspaceId: live.workspaceId, relayUrl: live.relayUrl }] : []));
    const profile = myProfile(this.options.vault().sync);
    issued.mailbox.postLink(match.commitment, sealDeviceLink(issued.invitation, { identity: rendezvous.identity, certificate, workspaces, ...(profile ? { profile } : {}) }));
    issued.used = true;
    const records = this.options.vault().sync;
    setDeviceLinks(records, openDeviceLinks(records).filter((code) => this.#issued.get(code) !== issued));
    this.options.vault().audit.append('sharing.device_link', null, { deviceId: certificate.deviceId, workspaces: workspaces.length });
    this.options.changed();
    return { deviceId: certificate.deviceId, workspaces: workspaces.length };
  }

  /**
   * On the new device: meets the other device through the code and returns the six digits to
   * type there; the link then completes in the background (`linkState`). This device must be in
   * no workspace yet: it takes on the other device's identity.
   */
  async accept(code: string, timeoutMs = 30_000): Promise<{ sas: string }> {
    const invitation = parseInvitation(code, 'link');
    assertOpen(invitation);
    if (!invitation.relayUrl) throw new TesseraError('INVITATION_INVALID', 'This link code names no relay. Make a new one on your other device.');
    if (this.#controller.workspaces().length > 0) {
      throw new TesseraError('INVALID_INPUT', 'This device is already in a workspace under its own identity. Link a device that is in no workspace yet (a new install), or leave its workspaces first.');
    }
    if (this.#accepting.state === 'waiting') throw new TesseraError('INVALID_INPUT', 'This device is already waiting to be linked. Type its code on your other device, or restart Tessera to begin again.');
    const records = this.options.vault().sync;
    // This device's own keys stand for it in the exchange; its identity is replaced once linked.
    const { identity, device } = await deviceKeys(records);
    if (identity.memberId === invitation.inviterMemberId) throw new TesseraError('INVALID_INPUT', 'This device already is that identity: use the code on your other device.');
    const peer = new SyncPeer(Workspace.open(invitation.workspaceId, device, []));
    const mailbox = new JoinerMailbox(invitation, identity, device);
    const deadline = Date.now() + timeoutMs;
    this.#controller.open({ identity, device, peer, sequences: {}, relayUrl: invitation.relayUrl, extraLogs: [mailbox], hidden: true });
    try {
      const sas = await inviterAnswer(this.#controller, peer, invitation, mailbox, {
        timeoutMs, deadline, noWorkspace: 'The relay does not have your workspace yet. Check that your other device is online, then try again.',
      });
      this.#accepting = { state: 'waiting', sas };
      void mailbox.linked().then((box) => this.#finish(invitation, device, box), () => undefined);
      return { sas };
    } catch (error) {
      this.#controller.close(invitation.workspaceId);
      forgetWorkspace(records, invitation.workspaceId);
      throw error;
    }
  }

  linkState(): LinkState {
    return this.#accepting;
  }

  async #finish(invitation: Invitation, device: DeviceKeys, box: Uint8Array): Promise<void> {
    const records = this.options.vault().sync;
    this.#controller.close(invitation.workspaceId);
    forgetWorkspace(records, invitation.workspaceId);
    try {
      const link = openDeviceLink(invitation, device, box);
      const linked: DeviceKeys = { ...device, certificate: link.certificate };
      await saveKeys(records.keyStore(), link.identity, linked);
      if (link.profile) setMyProfile(records, link.profile);
      for (const { workspaceId, relayUrl } of link.workspaces) {
        const peer = new SyncPeer(Workspace.open(workspaceId, linked, []));
        const profile = myProfile(records);
        if (profile) peer.useProfile(profile);
        saveWorkspace(records, peer);
        setRelay(records, workspaceId, relayUrl);
        this.#controller.open({ identity: link.identity, device: linked, peer, sequences: {}, relayUrl });
      }
      this.options.vault().audit.append('sharing.device_linked', null, { deviceId: linked.certificate.deviceId, workspaces: link.workspaces.length });
      this.#accepting = { state: 'linked', workspaces: link.workspaces.length };
    } catch (error) {
      const failure = error instanceof TesseraError ? error : new TesseraError('INTERNAL', 'Linking this device failed. Make a new link code on your other device and try again.');
      this.#accepting = { state: 'failed', code: failure.code, message: failure.message };
    }
    this.options.changed();
  }

  /**
   * Removes one of this person's other devices from every workspace: a new epoch each time,
   * its accounts re-keyed and their rotation queued. The device in use cannot remove itself.
   */
  removeDevice(deviceId: string): { workspaces: number; exposedAccounts: string[]; rotationJobs: number } {
    const mine = this.devices().find((d) => d.deviceId === deviceId);
    if (!mine) throw new TesseraError('INVALID_INPUT', 'That is not one of your devices in your workspaces.');
    if (mine.thisDevice) throw new TesseraError('INVALID_INPUT', 'You cannot remove the device you are using. Remove it from one of your other devices.');
    const exposed = new Set<string>();
    let jobs = 0;
    let workspaces = 0;
    for (const live of this.#admitted()) {
      if (!live.peer.workspace.state.devices.get(deviceId)?.active) continue;
      const result = removeDeviceAndRotate(live.peer, deviceId, this.options.rotation(), `device ${mine.name ?? deviceId}`);
      for (const id of result.accountIds) exposed.add(id);
      jobs += result.jobs.length;
      workspaces++;
      this.#controller.saveNow(live.workspaceId);
    }
    this.options.vault().audit.append('sharing.device_remove', null, { deviceId, workspaces, exposedAccounts: exposed.size, rotationJobs: jobs });
    return { workspaces, exposedAccounts: [...exposed], rotationJobs: jobs };
  }
}
