// Live sync for the app: while the vault is unlocked, every saved workspace keeps a SyncClient
// connected to its relay (the client reconnects with backoff and resumes from the saved
// sequence numbers). Applied changes are saved to the vault (debounced) and the accounts
// shared with this person are materialized into its account list. On lock everything stops
// and the peers, with their keys, are dropped. Status per workspace (online / offline /
// error, last sync, pending outgoing) is answered by `status()` and emitted as
// `sharing.status`. `useRelay` moves a workspace to another address of its relay (LAN or
// internet, another node) on the live connection, without a restart or losing unsent changes.
// Workspace actions (create, join, invite, ...) live in workspace-actions.ts.
import { isTesseraError, TesseraError } from '../errors';
import type { Logger } from '../logger';
import type { SyncRecords, Vault } from '../vault';
import {
  SyncClient,
  webSocketConnector,
  workspaceRelayAccess,
  type DeviceKeys,
  type Identity,
  type InviterMailbox,
  type JoinRequest,
  type RelayConnector,
  type Role,
  type SyncPeer,
} from '../sync';
import type { SyncedLog } from '../sync';
import { syncProblem, type SyncProblem } from './sync-health';
import { loadWorkspace, publishDeviceName, readWorkspace, savedDeviceKeys, saveWorkspace, workspaceIds } from './sync-state';
import { relayOf } from './workspace-records';
import { probeRelay, type RelayVerdict } from './relay-probe';
import { chainLogId } from '../../protocol/doc-ids';
import { materializeSharedAccounts, type MaterializeResult } from './shared-accounts';
import type { SharingService } from './sharing-service';

/** Docs decrypted per save: ~0.5–1 s of main-process work on the shared test machine. */
const MATERIALIZE_CHUNK = 200;
/**
 * New relay records after which an idle device publishes a snapshot of a doc it may write: a
 * new device then starts from one merged envelope instead of the whole history.
 */
export const SNAPSHOT_AFTER_RECORDS = 32;

export type SyncState = 'connecting' | 'online' | 'offline' | 'error';

export interface WorkspaceSyncStatus {
  workspaceId: string;
  name: string | null;
  relayUrl: string | null;
  state: SyncState;
  error: { code: string; message: string } | null;
  lastSyncAt: number | null;
  /** Local records the relay has not acknowledged yet. */
  pendingOutgoing: number;
  /** False until an Owner or Admin admitted this device (after a join). */
  admitted: boolean;
  role: Role | null;
  /** Members whose identity key changed: sync with them waits for a person to confirm. */
  keyChanges: string[];
  /** Shown to an invitee until they are admitted: the code to compare with the inviter. */
  joinSas: string | null;
}

/** A join request waiting for the inviter to compare codes. */
export interface PendingJoin {
  code: string;
  sas: string;
  request: JoinRequest;
}

export interface LiveWorkspace {
  readonly workspaceId: string;
  readonly identity: Identity;
  readonly device: DeviceKeys;
  readonly peer: SyncPeer;
  readonly client: SyncClient | undefined;
  relayUrl: string | undefined;
  /** Counts address changes: a link to an address the workspace left reports no state. */
  route: number;
  state: SyncState;
  error: { code: string; message: string } | null;
  lastSyncAt: number | null;
  joinSas: string | null;
  readonly mailboxes: Map<string, InviterMailbox>;
  readonly joins: PendingJoin[];
  readonly offs: Array<() => void>;
  saveTimer: NodeJS.Timeout | undefined;
  /** Account docs changed since the last save ('all' after a chain change: roles may have moved). */
  dirty: Set<string> | 'all';
  idleCheck: NodeJS.Timeout | undefined;
  /** Per doc, the relay sequence number of the last snapshot this device published. */
  readonly snapshotAt: Map<string, number>;
  /** A device link's meeting place (device-actions.ts): followed, but listed nowhere. */
  readonly hidden: boolean;
}

export interface SyncControllerOptions {
  vault(): Vault;
  sharing: SharingService;
  emit(event: string, payload: unknown): void;
  log: Logger;
  /** How to reach a relay; WebSocket by default. */
  connector?: (url: string) => RelayConnector;
  /** Told of every peer the controller follows; returns its undo (secret conflicts use it). */
  onPeer?: (peer: SyncPeer) => () => void;
  /** Delay before saving after a change; default 250 ms. */
  debounceMs?: number;
  retryDelayMs?: (attempt: number) => number;
}

export class SyncController {
  readonly #live = new Map<string, LiveWorkspace>();
  #generation = 0;

  constructor(private readonly options: SyncControllerOptions) {}

  get #records(): SyncRecords {
    return this.options.vault().sync;
  }

  /** On unlock: connects every saved workspace. */
  async start(): Promise<void> {
    const generation = this.#generation;
    const records = this.#records;
    const ids = workspaceIds(records);
    if (!ids.length) return;
    const keys = await savedDeviceKeys(records);
    if (!keys || generation !== this.#generation) return;
    for (const id of ids) {
      if (this.#live.has(id)) continue;
      const loaded = loadWorkspace(records, id, keys.device);
      if (!loaded) continue;
      this.open({ ...keys, peer: loaded.peer, sequences: loaded.sequences, relayUrl: relayOf(records, id) });
    }
  }

  /** On lock: stops every client and drops the peers (and with them the keys they hold). */
  stop(): void {
    this.#generation++;
    for (const live of this.#live.values()) {
      clearTimeout(live.saveTimer);
      clearTimeout(live.idleCheck);
      live.client?.stop();
      for (const off of live.offs.splice(0)) off();
    }
    this.#live.clear();
  }

  workspaces(): LiveWorkspace[] {
    return [...this.#live.values()];
  }

  get(workspaceId: string): LiveWorkspace {
    const live = this.#live.get(workspaceId);
    if (!live) throw new TesseraError('INVALID_INPUT', `This vault is not in workspace ${workspaceId}. Create or join it first.`);
    return live;
  }

  status(): WorkspaceSyncStatus[] {
    return this.workspaces().filter((live) => !live.hidden).map((live) => this.#statusOf(live));
  }

  /** Follows a workspace live: roles answered from its docs, changes saved and materialized. */
  open(args: { identity: Identity; device: DeviceKeys; peer: SyncPeer; sequences: Record<string, number>; relayUrl: string | undefined; extraLogs?: SyncedLog[]; hidden?: boolean }): LiveWorkspace {
    const { peer } = args;
    const workspaceId = peer.workspace.workspaceId;
    const connector = args.relayUrl ? this.#connectorFor(args.relayUrl) : undefined;
    const live: LiveWorkspace = {
      workspaceId,
      identity: args.identity,
      device: args.device,
      peer,
      client: undefined,
      relayUrl: args.relayUrl,
      route: 0,
      state: args.relayUrl ? 'connecting' : 'error',
      error: args.relayUrl ? null : { code: 'RELAY_UNAVAILABLE', message: 'This workspace has no relay address. Join it again with a new invitation.' },
      lastSyncAt: null,
      joinSas: null,
      mailboxes: new Map(),
      joins: [],
      offs: [],
      saveTimer: undefined,
      dirty: 'all',
      idleCheck: undefined,
      snapshotAt: new Map(),
      hidden: args.hidden === true,
    };
    const client = connector
      ? new SyncClient(this.#observed(live, connector), {
        access: workspaceRelayAccess(peer.workspace),
        ...(this.options.retryDelayMs ? { retryDelayMs: this.options.retryDelayMs } : {}),
      })
      : undefined;
    (live as { client: SyncClient | undefined }).client = client;
    this.#live.set(workspaceId, live);
    live.offs.push(this.options.sharing.attachPeer(peer));
    if (this.options.onPeer) live.offs.push(this.options.onPeer(peer));
    const changed = () => this.#scheduleSave(live);
    const watch = (log: SyncedLog) => {
      client?.attach(log, args.sequences[log.docId] ?? 0);
      // A lookup, not a scan: sharing 1,000 accounts adds 1,000 logs in one turn.
      const ref = peer.followed(log.docId);
      if (ref) {
        const docChanged = () => {
          if (live.dirty !== 'all') live.dirty.add(ref.docId);
          this.#scheduleSave(live);
        };
        ref.doc.on('update', docChanged);
        live.offs.push(() => ref.doc.off('update', docChanged));
      }
    };
    for (const log of peer.logs()) watch(log);
    for (const log of args.extraLogs ?? []) client?.attach(log, 0);
    live.offs.push(peer.onLogAdded(watch));
    live.offs.push(peer.workspace.onChange(() => {
      live.dirty = 'all';
      this.#scheduleSave(live);
    }));
    peer.team.doc.doc.on('update', changed);
    live.offs.push(() => peer.team.doc.doc.off('update', changed));
    live.offs.push(peer.onRejected((rejection) => {
      if (rejection.result.code === 'SYNC_KEY_CHANGED') this.#emitStatus(live);
      else this.options.log.warn('sharing: refused a sync record', { docId: rejection.docId, code: rejection.result.code });
    }));
    client?.start();
    // Materialize what the saved docs already hold (e.g. after an earlier session).
    this.#scheduleSave(live);
    return live;
  }

  /**
   * Syncs the workspace through another address of its relay from now on: the connection moves
   * at once (sequence numbers and unacknowledged changes carry over) and the status says
   * "connecting" until the new address answers. The caller saved the address (workspace-records).
   */
  useRelay(workspaceId: string, relayUrl: string): void {
    const live = this.get(workspaceId);
    if (live.relayUrl === relayUrl && live.client) return;
    if (!live.client) {
      // Followed without a relay so far: follow it again, now with one, from what is saved.
      this.saveNow(workspaceId);
      this.close(workspaceId);
      this.open({ identity: live.identity, device: live.device, peer: live.peer, sequences: readWorkspace(this.#records, workspaceId)?.sequences ?? {}, relayUrl, hidden: live.hidden });
      return;
    }
    live.route++;
    live.relayUrl = relayUrl;
    live.state = 'connecting';
    live.error = null;
    live.client.useConnector(this.#observed(live, this.#connectorFor(relayUrl)));
    this.#emitStatus(live);
  }

  /**
   * Whether `relayUrl` leads to this workspace's relay: it holds the last team-chain record this
   * device applied (relay-probe.ts). 'unreachable' also when this device has applied none yet.
   */
  relayAt(workspaceId: string, relayUrl: string, timeoutMs = 5_000): Promise<RelayVerdict> {
    const chain = this.get(workspaceId).client?.status().logs.find((l) => l.docId === chainLogId(workspaceId));
    if (!chain?.lastSeq) return Promise.resolve('unreachable');
    return probeRelay(this.#connectorFor(relayUrl), chain.docId, chain.lastSeq, timeoutMs);
  }

  /** Stops following a workspace (after a failed join). */
  close(workspaceId: string): void {
    const live = this.#live.get(workspaceId);
    if (!live) return;
    clearTimeout(live.saveTimer);
    clearTimeout(live.idleCheck);
    live.client?.stop();
    for (const off of live.offs.splice(0)) off();
    this.#live.delete(workspaceId);
    this.#emitStatus(live);
  }

  /** Resolves once the workspace's client is in step with its relay, or rejects after `timeoutMs`. */
  async idle(workspaceId: string, timeoutMs = 15_000): Promise<void> {
    const live = this.get(workspaceId);
    if (!live.client) throw new TesseraError('RELAY_UNAVAILABLE', 'This workspace has no relay to sync with.');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        live.client.idle(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new TesseraError('RELAY_UNAVAILABLE', `The relay at ${live.relayUrl} did not answer in time. Check that it runs and that this device can reach it, then try again.`)), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Strictly in step, for a short process (the CLI) that changes a workspace and ends: every log
   * live and acknowledged and no new doc opened for a moment (applying records can open logs),
   * then saved, with everything shared with this person materialized. RELAY_UNAVAILABLE after
   * `timeoutMs`; RELAY_AUTH_REFUSED when the relay refuses a log this device should read or
   * write (see sync-health.ts): a change that did not reach the relay is never reported as sent.
   */
  async inStep(workspaceId: string, timeoutMs = 15_000): Promise<void> {
    const live = this.get(workspaceId);
    const client = live.client;
    if (!client) throw new TesseraError('RELAY_UNAVAILABLE', live.error?.message ?? 'This workspace has no relay to sync with.');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.idle(workspaceId, Math.max(1, deadline - Date.now()));
      const logsBefore = live.peer.logs().length;
      await new Promise((resolve) => setTimeout(resolve, 150));
      const status = client.status();
      if (live.peer.logs().length === logsBefore && status.logs.every((l) => l.blocked || (l.live && l.unacknowledged === 0))) {
        while (this.saveNow(workspaceId)?.more);
        const problem = syncProblem(live.peer.workspace, status);
        if (this.#reportProblem(live, problem) && problem) throw new TesseraError(problem.code, problem.message);
        return;
      }
      if (Date.now() >= deadline) throw new TesseraError('RELAY_UNAVAILABLE', `The relay at ${live.relayUrl} did not answer in time. Check that it runs and that this device can reach it, then try again.`);
    }
  }

  /**
   * Waits until every live workspace is in step with its relay (or `timeoutMs` passed), then
   * saves each: how a short process (the CLI) sends a change before it ends. Returns the
   * workspaces that did not get in step; their changes are kept and go out at the next sync.
   */
  async settle(timeoutMs = 15_000): Promise<{ workspaceId: string; code: string; message: string }[]> {
    const failed: { workspaceId: string; code: string; message: string }[] = [];
    await Promise.all(this.workspaces().map(async ({ workspaceId }) => {
      try {
        await this.idle(workspaceId, timeoutMs);
      } catch (error) {
        failed.push({ workspaceId, code: isTesseraError(error) ? error.code : 'INTERNAL', message: error instanceof Error ? error.message : String(error) });
      }
      this.saveNow(workspaceId);
    }));
    return failed;
  }

  /** A change was made through an action: save soon and tell the renderer. */
  changed(workspaceId: string): void {
    const live = this.#live.get(workspaceId);
    if (live) this.#scheduleSave(live);
  }

  /** Saves now (actions that must survive a crash right after, e.g. an admission). */
  saveNow(workspaceId: string): MaterializeResult | undefined {
    const live = this.#live.get(workspaceId);
    if (!live || live.hidden) return undefined;
    clearTimeout(live.saveTimer);
    live.saveTimer = undefined;
    return this.#save(live);
  }

  /** While idle: a snapshot of every doc this device may write that grew by SNAPSHOT_AFTER_RECORDS. */
  async #publishSnapshots(live: LiveWorkspace, logs: ReadonlyArray<{ docId: string; lastSeq: number; blocked?: true }>): Promise<void> {
    const client = live.client;
    if (!client) return;
    // The growth check first: it is a map lookup per log, the write check walks the grants.
    for (const { docId, lastSeq: seq, blocked } of logs) {
      if (blocked || seq - (live.snapshotAt.get(docId) ?? 0) < SNAPSHOT_AFTER_RECORDS) continue;
      const replica = live.peer.snapshotReplica(docId);
      if (!replica) continue;
      live.snapshotAt.set(docId, seq);
      try {
        await client.publishSnapshot(replica);
      } catch (error) {
        // Not in step any more (a new edit) or offline: the next idle moment tries again.
        live.snapshotAt.delete(docId);
        this.options.log.info('sharing: snapshot not published', { code: isTesseraError(error) ? error.code : 'INTERNAL' });
        return;
      }
    }
  }

  #connectorFor(relayUrl: string): RelayConnector {
    return (this.options.connector ?? webSocketConnector)(relayUrl);
  }

  #observed(live: LiveWorkspace, connector: RelayConnector): RelayConnector {
    const route = live.route;
    return (handlers) =>
      connector({
        onOpen: () => {
          handlers.onOpen();
          if (live.route !== route) return;
          live.state = 'online';
          live.error = null;
          this.#emitStatus(live);
        },
        onMessage: (text) => {
          handlers.onMessage(text);
          // Checked once per burst of messages: the status walks every log.
          live.idleCheck ??= setTimeout(() => {
            live.idleCheck = undefined;
            const status = live.client?.status();
            if (!status?.connected) return;
            if (this.#reportProblem(live, syncProblem(live.peer.workspace, status))) return;
            if (!status.logs.every((l) => l.live && l.unacknowledged === 0)) return;
            const first = live.lastSyncAt === null;
            live.lastSyncAt = Date.now();
            if (first) this.#emitStatus(live);
            void this.#publishSnapshots(live, status.logs);
          }, 100);
        },
        onClose: () => {
          handlers.onClose();
          if (live.route === route && live.state !== 'offline') {
            live.state = 'offline';
            live.error = { code: 'RELAY_UNAVAILABLE', message: `Cannot reach the relay at ${live.relayUrl}. Changes are kept and sent when it is back.` };
            this.#emitStatus(live);
          }
        },
      });
  }

  /** A refused log is an error the person sees (never "online"); true while there is one. */
  #reportProblem(live: LiveWorkspace, problem: SyncProblem | undefined): boolean {
    if (problem) {
      if (live.state !== 'error' || live.error?.message !== problem.message) {
        live.state = 'error';
        live.error = { code: problem.code, message: problem.message };
        this.#emitStatus(live);
      }
      return true;
    }
    if (live.state === 'error' && live.error?.code === 'RELAY_AUTH_REFUSED') {
      live.state = 'online';
      live.error = null;
      this.#emitStatus(live);
    }
    return false;
  }

  #scheduleSave(live: LiveWorkspace): void {
    // A link's meeting place is never saved: it holds nothing of this person's.
    if (live.saveTimer || live.hidden) return;
    live.saveTimer = setTimeout(() => {
      live.saveTimer = undefined;
      if (this.#live.get(live.workspaceId) !== live) return;
      try {
        this.#save(live);
      } catch (error) {
        this.options.log.warn('sharing: could not save the workspace', { workspaceId: live.workspaceId, code: isTesseraError(error) ? error.code : 'INTERNAL' });
      }
    }, this.options.debounceMs ?? 250);
  }

  #save(live: LiveWorkspace): MaterializeResult {
    const vault = this.options.vault();
    const dirty = live.dirty;
    live.dirty = new Set();
    let result: MaterializeResult;
    try {
      // Sync is background work: it must not keep an unattended vault from idle-locking.
      result = vault.idleLock.untouched(() => {
        publishDeviceName(vault.sync, live.peer);
        saveWorkspace(vault.sync, live.peer, live.client);
        return materializeSharedAccounts(vault, live.peer, dirty === 'all' ? undefined : dirty, MATERIALIZE_CHUNK, (message) =>
          this.options.emit('inbox.message', { accountIds: message.accountIds, category: message.category, receivedAt: message.receivedAt.getTime() }));
      });
      // The rest in the next pass (unchanged docs are skipped cheaply), after the event loop breathes.
      if (result.more) {
        live.dirty = 'all';
        this.#scheduleSave(live);
      }
    } catch (error) {
      live.dirty = 'all';
      throw error;
    }
    if (result.added.length || result.updated.length || result.removed.length) this.options.emit('sharing.accounts', { added: result.added, updated: result.updated, removed: result.removed });
    this.#emitStatus(live);
    return result;
  }

  #emitStatus(live: LiveWorkspace): void {
    if (live.hidden) return;
    this.options.emit('sharing.status', this.#statusOf(live));
  }

  #statusOf(live: LiveWorkspace): WorkspaceSyncStatus {
    const state = live.peer.workspace.state;
    const me = state.members.get(live.identity.memberId);
    const logs = live.client?.status().logs ?? [];
    return {
      workspaceId: live.workspaceId,
      name: live.peer.team.doc.name() ?? null,
      relayUrl: live.relayUrl ?? null,
      state: live.state,
      error: live.error,
      lastSyncAt: live.lastSyncAt,
      pendingOutgoing: logs.reduce((sum, l) => sum + l.unacknowledged, 0),
      admitted: me?.active === true,
      role: me?.active ? me.role : null,
      keyChanges: [...state.members.keys()].filter((id) => live.peer.pins.isBlocked(id)),
      joinSas: me?.active ? null : live.joinSas,
    };
  }
}
