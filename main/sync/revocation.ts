// Removing a member or a device: the chain entry advances the epoch and seals the new team
// key to everyone else; then every shared account the removed devices could ever decrypt
// is re-keyed (when this member owns it) and reported, so the caller queues a rotation of
// each credential. A removed device keeps what it already had; nothing written after.
import { TesseraError } from '../errors';
import { effectiveAccountRole, type SharedAccountDoc } from './shared-account-doc';
import type { SyncPeer } from './sync-peer';
import type { ChainEntry } from '../../protocol/team-chain';

export interface ExposedAccount {
  docId: string;
  /** False when this member is not an Owner of it: an Owner's device must re-key it. */
  rekeyed: boolean;
}

export interface Revocation {
  entry: ChainEntry;
  removedDevices: string[];
  /** Every account whose secrets the removed devices could decrypt: rotate each credential. */
  exposed: ExposedAccount[];
}

export function revokeMember(peer: SyncPeer, memberId: string): Revocation {
  const state = peer.workspace.state;
  const removedDevices = [...state.devices.values()].filter((d) => d.memberId === memberId).map((d) => d.certificate.deviceId);
  const entry = peer.workspace.removeMember(memberId);
  return { entry, removedDevices, exposed: rekeyExposed(peer, removedDevices, memberId) };
}

export function revokeDevice(peer: SyncPeer, deviceId: string): Revocation {
  if (!peer.workspace.state.devices.has(deviceId)) throw new TesseraError('INVALID_INPUT', `Device ${deviceId} is not a device of this workspace.`);
  const entry = peer.workspace.removeDevice(deviceId);
  return { entry, removedDevices: [deviceId], exposed: rekeyExposed(peer, [deviceId]) };
}

/** Accounts any removed device ever held an item key for, re-keyed to the remaining grantees where this member is an Owner. */
export function exposedAccounts(accounts: readonly SharedAccountDoc[], removedDevices: readonly string[]): SharedAccountDoc[] {
  return accounts.filter((account) => {
    const holders = account.everKeyHolders();
    return removedDevices.some((d) => holders.has(d));
  });
}

function rekeyExposed(peer: SyncPeer, removedDevices: string[], removedMember?: string): ExposedAccount[] {
  const state = peer.workspace.state;
  return exposedAccounts(peer.accounts(), removedDevices).map((account) => {
    if (effectiveAccountRole(account, peer.memberId, state) !== 'owner') return { docId: account.docId, rekeyed: false };
    account.doc.transact(() => {
      if (removedMember) account.revokeGrant(`member:${removedMember}`);
      peer.reconcileItemKey(account);
    });
    return { docId: account.docId, rekeyed: true };
  });
}
