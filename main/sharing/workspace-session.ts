// One sync round of a saved workspace against its relay, for the CLI: load the peer from the
// vault, connect a SyncClient from the saved sequence numbers, publish and receive until idle
// (following account docs that appear meanwhile), then save everything back sealed.
import { TesseraError } from '../errors';
import type { SyncRecords } from '../vault';
import { createInvitation, isExpired, parseInvitation, SyncClient, webSocketConnector, workspaceRelayAccess, type DeviceKeys, type Identity, type SyncPeer, type SyncStatus } from '../sync';
import type { SyncedLog } from '../sync';
import { syncProblem } from './sync-health';
import { deviceKeys, loadWorkspace, publishDeviceName, saveWorkspace, workspaceIds } from './sync-state';

const relayName = (workspaceId: string) => `relay:${workspaceId}`;
const invitationsName = (workspaceId: string) => `invitations:${workspaceId}`;

export function relayOf(records: SyncRecords, workspaceId: string): string | undefined {
  const url = records.read(relayName(workspaceId));
  return typeof url === 'string' ? url : undefined;
}

export function setRelay(records: SyncRecords, workspaceId: string, url: string | undefined): void {
  records.write(relayName(workspaceId), url);
}

/** Invitation codes this device issued and has not yet admitted (they hold one-time secrets: sealed). */
export function pendingInvitations(records: SyncRecords, workspaceId: string): string[] {
  const codes = records.read(invitationsName(workspaceId));
  return Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [];
}

export function setPendingInvitations(records: SyncRecords, workspaceId: string, codes: string[]): void {
  records.write(invitationsName(workspaceId), codes.length ? codes : undefined);
}

/**
 * The pending invitations that are still open; expired ones are forgotten here (their
 * secrets need not be kept), so a join request for them is never listened for again.
 */
export function openInvitations(records: SyncRecords, workspaceId: string, now = Date.now()): string[] {
  const codes = pendingInvitations(records, workspaceId);
  const open = codes.filter((code) => {
    try {
      return !isExpired(parseInvitation(code), now);
    } catch {
      return false;
    }
  });
  if (open.length !== codes.length) setPendingInvitations(records, workspaceId, open);
  return open;
}

/** Issues an invitation and keeps its code until it is used or expires. */
export function issueInvitation(records: SyncRecords, args: Parameters<typeof createInvitation>[0]): { code: string; expiresAt: number } {
  const { code, invitation } = createInvitation(args);
  setPendingInvitations(records, args.workspaceId, [...openInvitations(records, args.workspaceId, args.now), code]);
  return { code, expiresAt: invitation.expiresAt };
}

export interface OpenWorkspace {
  identity: Identity;
  device: DeviceKeys;
  peer: SyncPeer;
  sequences: Record<string, number>;
}

/** The one workspace (or the one named): loaded from the vault for this device. */
export async function openWorkspace(records: SyncRecords, workspaceId?: string): Promise<OpenWorkspace> {
  const ids = workspaceIds(records);
  const id = workspaceId ?? (ids.length === 1 ? ids[0] : undefined);
  if (!id) {
    throw new TesseraError('INVALID_INPUT', ids.length
      ? `This vault belongs to ${ids.length} workspaces (${ids.join(', ')}). Name one with --workspace.`
      : 'This vault is in no workspace yet. Run tessera workspace create or tessera workspace join CODE.');
  }
  if (!ids.includes(id)) throw new TesseraError('INVALID_INPUT', `This vault is not in workspace ${id}.`);
  const { identity, device } = await deviceKeys(records);
  const loaded = loadWorkspace(records, id, device);
  if (!loaded) throw new TesseraError('ITEM_CORRUPT', `The saved state of workspace ${id} is missing. Join it again.`);
  return { identity, device, ...loaded };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Publishes what this device has and receives what the relay has, until every log is live and
 * acknowledged and no new doc appeared for a moment; then saves the workspace. `change` runs
 * once the client is attached (authoring before that would leave the records unpublished). Returns the
 * client's status (the client is stopped).
 */
export async function syncRound(
  records: SyncRecords,
  open: OpenWorkspace,
  options: { relayUrl: string; extraLogs?: SyncedLog[]; timeoutMs?: number; change?: () => void },
): Promise<SyncStatus> {
  const client = new SyncClient(webSocketConnector(options.relayUrl), { access: workspaceRelayAccess(open.peer.workspace) });
  const attach = (log: SyncedLog) => client.attach(log, open.sequences[log.docId] ?? 0);
  for (const log of open.peer.logs()) attach(log);
  for (const log of options.extraLogs ?? []) client.attach(log, 0);
  const off = open.peer.onLogAdded(attach);
  client.start();
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  try {
    // Changes are made once the client listens, so their records reach its outbox; a refused
    // change still stops the client (else the CLI process waits for its socket to close).
    options.change?.();
    publishDeviceName(records, open.peer);
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new TesseraError('RELAY_UNAVAILABLE', `The relay at ${options.relayUrl} did not answer in time. Check that it runs and try again.`);
      let timer: NodeJS.Timeout | undefined;
      const idle = await Promise.race([
        client.idle().then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), remaining))),
      ]);
      clearTimeout(timer);
      if (!idle) continue;
      const before = open.peer.logs().length;
      await sleep(150);
      if (open.peer.logs().length === before && client.status().logs.every((l) => l.blocked || (l.live && l.unacknowledged === 0))) break;
    }
    const status = client.status();
    saveWorkspace(records, open.peer, client);
    // What arrived is saved; a refused log or a change the relay did not take is still a failure.
    const problem = syncProblem(open.peer.workspace, status);
    if (problem) throw new TesseraError(problem.code, problem.message);
    return status;
  } finally {
    off();
    client.stop();
  }
}
