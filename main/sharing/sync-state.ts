// This device's sync state in the vault: identity and device keys through the vault's sync
// KeyStore (created lazily on first use), and per workspace the chain entries, the peer's
// saved docs, pinned peer keys and the relay sequence numbers it has applied, all sealed by
// main/vault/sync-records.ts. Loading gives back a SyncPeer with the same chain and docs.
import { hostname } from 'node:os';
import type { SyncRecords } from '../vault';
import {
  createDevice,
  createIdentity,
  currentEpoch,
  loadKeys,
  PeerPins,
  reissueWithoutName,
  saveKeys,
  SyncPeer,
  Workspace,
  type ChainEntry,
  type DeviceKeys,
  type Identity,
  type PinState,
  type SyncClient,
  ProfileSchema,
  parseProfile,
  type Profile,
} from '../sync';
import type { SavedDocs } from '../sync';
import { WORKSPACES_RECORD, workspaceIds } from './saved-workspace-ids';

export { workspaceIds };

const WORKSPACES = WORKSPACES_RECORD;
const PROFILE = 'profile';
const DEVICE_NAME = 'device-name';
const workspaceName = (workspaceId: string) => `workspace:${workspaceId}`;

export interface SavedWorkspace {
  workspaceId: string;
  entries: ChainEntry[];
  docs: SavedDocs;
  pins: PinState;
  /** Relay sequence number applied per doc id. */
  sequences: Record<string, number>;
}

/** The person's identity and this device's keys, made and stored on first use. */
export async function deviceKeys(records: SyncRecords, deviceName = hostname()): Promise<{ identity: Identity; device: DeviceKeys }> {
  const store = records.keyStore();
  const existing = await savedDeviceKeys(records);
  if (existing) return existing;
  const identity = createIdentity();
  // The host name stays out of the certificate (the team chain is readable without keys): it
  // is kept here, sealed in the vault, and published in the encrypted team doc.
  const device = createDevice(identity, '');
  records.write(DEVICE_NAME, deviceName);
  await saveKeys(store, identity, device);
  return { identity, device };
}

/**
 * This device's saved keys, or undefined before the first use. A device made before host names
 * left certificates still had its name in its own: it is re-issued without one (same keys and
 * id) and the name kept sealed in the vault, so a workspace this device joins or creates from
 * now on never sees it in its chain. Chains that already hold the named certificate keep it:
 * a chain is append-only.
 */
export async function savedDeviceKeys(records: SyncRecords): Promise<{ identity: Identity; device: DeviceKeys } | undefined> {
  const store = records.keyStore();
  const existing = await loadKeys(store);
  if (!existing || existing.device.certificate.name === '') return existing;
  const stored = records.read(DEVICE_NAME);
  if (typeof stored !== 'string' || !stored) records.write(DEVICE_NAME, existing.device.certificate.name);
  const device = reissueWithoutName(existing.identity, existing.device);
  await saveKeys(store, existing.identity, device);
  return { identity: existing.identity, device };
}

/** Puts this device's name in the workspace's (encrypted) team doc once the device is admitted and holds the team key. */
export function publishDeviceName(records: SyncRecords, peer: SyncPeer): void {
  const name = records.read(DEVICE_NAME);
  const { workspace } = peer;
  const me = workspace.device.certificate.deviceId;
  const epoch = currentEpoch(workspace.state);
  if (typeof name !== 'string' || !name || !workspace.state.devices.get(me)?.active || !epoch || !workspace.epochKey(epoch.epochId)) return;
  if (peer.team.doc.deviceName(me) !== name) peer.team.doc.setDeviceName(me, name);
}

/** Persists a peer's chain, docs and pins, and the client's sequence numbers when given. */
export function saveWorkspace(records: SyncRecords, peer: SyncPeer, client?: SyncClient): void {
  const workspaceId = peer.workspace.workspaceId;
  const previous = records.read(workspaceName(workspaceId)) as SavedWorkspace | undefined;
  const sequences: Record<string, number> = { ...(previous?.sequences ?? {}) };
  for (const log of client?.status().logs ?? []) sequences[log.docId] = Math.max(sequences[log.docId] ?? 0, log.lastSeq);
  const saved: SavedWorkspace = { workspaceId, entries: peer.workspace.entries(), docs: peer.save(), pins: peer.pins.toJSON(), sequences };
  records.write(workspaceName(workspaceId), saved);
  const ids = workspaceIds(records);
  if (!ids.includes(workspaceId)) records.write(WORKSPACES, [...ids, workspaceId]);
}

export function readWorkspace(records: SyncRecords, workspaceId: string): SavedWorkspace | undefined {
  return records.read(workspaceName(workspaceId)) as SavedWorkspace | undefined;
}

/** Opens a saved workspace as a SyncPeer for this device, with its sequence numbers for the SyncClient. */
export function loadWorkspace(records: SyncRecords, workspaceId: string, device: DeviceKeys): { peer: SyncPeer; sequences: Record<string, number> } | undefined {
  const saved = readWorkspace(records, workspaceId);
  if (!saved) return undefined;
  const workspace = Workspace.open(workspaceId, device, saved.entries);
  const peer = new SyncPeer(workspace, { pins: new PeerPins(saved.pins), saved: saved.docs });
  peer.useProfile(myProfile(records));
  return { peer, sequences: saved.sequences };
}

export function forgetWorkspace(records: SyncRecords, workspaceId: string): void {
  records.write(workspaceName(workspaceId), undefined);
  records.write(WORKSPACES, workspaceIds(records).filter((id) => id !== workspaceId));
}

/** The name and email this person shows in every workspace (sealed in the vault's sync records). */
export function myProfile(records: SyncRecords): Profile | undefined {
  const parsed = ProfileSchema.safeParse(records.read(PROFILE));
  return parsed.success ? parsed.data : undefined;
}

export function setMyProfile(records: SyncRecords, profile: Profile): Profile {
  const parsed = parseProfile(profile);
  records.write(PROFILE, parsed);
  return parsed;
}
