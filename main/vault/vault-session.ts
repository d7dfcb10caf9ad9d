// The state of an unlocked vault: its keys, the sealed manifest and summary shards
// (decrypted once at unlock), the search index, and the one way to change anything —
// `write()`, which runs a logical change in one IMMEDIATE transaction and re-seals the
// touched shards, the audit entries and the manifest together before committing.
// Another process (the CLI next to the app) may write the same file: every read and
// write first compares the manifest counter and reloads when it moved.
import { randomUUID } from 'node:crypto';
import { TesseraError } from '../errors';
import type { AccountSummary } from './account-record';
import { encodeAad, sealJson } from '../crypto/aead';
import { AUDIT_CHAIN_BREAK, genesisHash, signAuditEntry, type ChainHead } from './audit-chain';
import { openManifest, sealManifest, type Manifest } from './integrity-manifest';
import type { VaultKeys } from './keys';
import { SearchIndex } from './search-index';
import { generationsDigest, openSnapshot, sealSnapshot, type PasswordReuse } from './search-snapshot';
import type { AuditRow, ItemRow, ShardRow, VaultStore } from './store';
import { openShard, sealShard, shardOf } from './summary-shards';
import { inNameOrder } from './name-order';

/** Audit kinds are identifiers, stored in plaintext: never put typed text in them. */
export const AUDIT_KIND_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

export type AuditDetails = Record<string, string | number | boolean | null | readonly string[]>;

interface ShardState {
  generation: number;
  /** Undefined until first needed; null when the shard failed to open or disagrees with the manifest. */
  entries?: Map<string, AccountSummary> | null;
}

export function auditDetailsAad(vaultId: string, seq: number): Uint8Array {
  return encodeAad('audit-details', vaultId, seq);
}

export class VaultSession {
  /** Items found damaged by a read since unlock, with the reason (for list flags). */
  readonly corrupt = new Map<string, string>();
  private readonly search = new SearchIndex();
  private manifest!: Manifest;
  private shards!: ShardState[];
  /** True once every shard is decrypted and the search index holds every live summary. */
  private allLoaded = false;
  /** Every summary in name order, kept until the next change (list calls at 10k skip the sort). */
  private byName: AccountSummary[] | null = null;
  private seenCounter = -1;
  /** Reuse counts of the live passwords, from the snapshot or the summaries; null until asked. */
  private reuse: PasswordReuse | null = null;
  /** False once the stored search snapshot is known not to describe the current summaries. */
  private snapshotUsable = true;

  /**
   * Names this unlock, in memory only: what is granted "until the vault locks" (a standing
   * approval without keep-while-locked) records it and counts only while it is the same.
   */
  readonly unlockId = randomUUID();

  constructor(
    readonly store: VaultStore,
    readonly keys: VaultKeys,
    readonly shardCount: number,
    readonly now: () => number,
  ) {
    this.reload();
  }

  get vaultId(): string {
    return this.keys.vaultId;
  }

  /**
   * Runs reads on one consistent snapshot (a deferred transaction, or a savepoint inside a
   * write), after catching up with commits from other connections.
   */
  read<T>(fn: () => T): T {
    return this.store.db.transaction(() => {
      this.ensureFresh();
      return fn();
    }).deferred();
  }

  /** Reloads when another connection committed since we last looked. */
  private ensureFresh(): void {
    if (this.store.readManifestCounter() !== this.seenCounter) this.reload();
  }

  /**
   * Opens the manifest only. Shards are decrypted when first needed — one shard for a
   * single account, all of them for list and search — so unlock costs about one Argon2 call.
   */
  private reload(): void {
    const header = this.store.readHeader();
    const manifest = openManifest(this.keys.subKey('manifest'), this.vaultId, this.shardCount, header.manifest);
    if (manifest === null) {
      throw new TesseraError('VAULT_CORRUPT', 'The vault manifest is damaged or was replaced. Restore the vault from a backup.');
    }
    this.manifest = manifest;
    this.shards = manifest.shardGenerations.map((generation) => ({ generation }));
    this.allLoaded = false;
    this.byName = null;
    this.seenCounter = header.manifest_counter;
    this.corrupt.clear();
    this.search.clear();
    this.reuse = null;
    this.snapshotUsable = true;
  }

  private openShardRow(shard: number, row: ShardRow | undefined): Map<string, AccountSummary> | null {
    const { generation } = this.shards[shard]!;
    if (generation === 0) return row === undefined ? new Map() : null;
    if (row === undefined || row.generation !== generation) return null;
    return openShard(this.keys.subKey('index'), this.vaultId, shard, generation, row.blob);
  }

  private shardEntriesOrNull(shard: number): Map<string, AccountSummary> | null {
    const state = this.shards[shard]!;
    if (state.entries === undefined) state.entries = this.openShardRow(shard, this.store.readShard(shard));
    return state.entries;
  }

  private loadAll(): void {
    if (this.allLoaded) return;
    if (this.search.restored) this.search.clear();
    // One shard row at a time: each row's ciphertext and plaintext can go before the next is
    // read, instead of every shard's blob held at once (~30 MB less peak at 100k accounts).
    for (let shard = 0; shard < this.shards.length; shard++) this.shardEntriesOrNull(shard);
    this.allLoaded = true;
    for (const summary of this.summaries()) if (summary.deletedAt === null) this.search.set(summary);
  }

  summary(id: string): AccountSummary | undefined {
    return this.shardEntriesOrNull(shardOf(id, this.shardCount))?.get(id);
  }

  *summaries(): Iterable<AccountSummary> {
    this.loadAll();
    for (const shard of this.shards) if (shard.entries) yield* shard.entries.values();
  }

  /** Every summary (trash included) in name order; the array is shared, so never mutate it. */
  summariesByName(): readonly AccountSummary[] {
    this.byName ??= inNameOrder(this.summaries());
    return this.byName;
  }

  /**
   * The fuzzy index over every live account: restored from the search snapshot when it is
   * current (no summary opened), else built from every summary on first use.
   */
  searchIndex(): SearchIndex {
    if (!this.allLoaded) this.restoreSnapshot();
    if (!this.search.restored) this.loadAll();
    return this.search;
  }

  /** How many live accounts share each reused password fingerprint (search-snapshot.ts). */
  passwordReuse(): PasswordReuse {
    if (this.reuse === null && !this.allLoaded) this.restoreSnapshot();
    this.reuse ??= reuseOf(this.summaries());
    return this.reuse;
  }

  private restoreSnapshot(): void {
    if (this.search.restored || !this.snapshotUsable) return;
    const digest = generationsDigest(this.manifest.shardGenerations);
    const blob = this.store.readSearchSnapshot(digest);
    const snapshot = blob === undefined ? null : openSnapshot(this.keys.subKey('index'), this.vaultId, digest, blob);
    if (snapshot === null) {
      this.snapshotUsable = false;
      return;
    }
    this.search.restore(snapshot.index);
    this.reuse ??= snapshot.reuse;
  }

  /**
   * Stores a search snapshot of the current summaries when the stored one is missing or
   * stale (after any change to them). Builds the index and its word dictionary first when
   * needed (about half a second at 100k accounts), outside the write lock; a change committed
   * meanwhile by another connection leaves it unsaved. True when one was written.
   */
  saveSearchSnapshot(): boolean {
    const prepared = this.read(() => {
      const digest = generationsDigest(this.manifest.shardGenerations);
      if (this.store.readSearchSnapshotDigest() === digest) return null;
      const index = this.searchIndex().parts();
      const blob = sealSnapshot(this.keys.subKey('index'), this.vaultId, digest, { index, reuse: this.passwordReuse() });
      return blob === null ? null : { digest, blob };
    });
    if (prepared === null) return false;
    return this.store.transaction(() => {
      this.ensureFresh();
      if (generationsDigest(this.manifest.shardGenerations) !== prepared.digest) return false;
      this.store.writeSearchSnapshot(prepared.digest, prepared.blob);
      this.snapshotUsable = true;
      return true;
    });
  }

  damagedShards(): number[] {
    this.loadAll();
    return this.shards.flatMap((s, shard) => (s.entries === null ? [shard] : []));
  }

  isInDamagedShard(id: string): boolean {
    return this.shardEntriesOrNull(shardOf(id, this.shardCount)) === null;
  }

  /** Ids of stored items whose summaries are unreadable because their shard is damaged. */
  itemsInDamagedShards(): string[] {
    if (this.damagedShards().length === 0) return [];
    return this.store.readAllItemIds().filter((id) => this.isInDamagedShard(id));
  }

  auditAnchor(): ChainHead {
    const { auditSeq, auditHash } = this.manifest;
    return { seq: auditSeq, hash: auditSeq === 0 ? genesisHash(this.vaultId) : Buffer.from(auditHash, 'hex') };
  }

  get manifestCounter(): number {
    return this.manifest.counter;
  }

  /** Runs `change` as one transaction; in-memory state follows only after the commit. */
  write<T>(change: (tx: WriteTx) => T): T {
    const { result, tx } = this.store.transaction(() => {
      this.ensureFresh();
      const tx = new WriteTx(this);
      const result = change(tx);
      tx.flush();
      return { result, tx };
    });
    this.applyCommitted(tx);
    return result;
  }

  /** @internal for WriteTx */
  shardEntries(shard: number): Map<string, AccountSummary> {
    const entries = this.shardEntriesOrNull(shard);
    if (entries === null) {
      throw new TesseraError(
        'VAULT_CORRUPT',
        'Part of the vault index is damaged, so this change cannot be saved safely. Run "repair index", or restore from a backup.',
      );
    }
    return entries;
  }

  /** @internal for WriteTx */
  currentManifest(): Manifest {
    return this.manifest;
  }

  private applyCommitted(tx: WriteTx): void {
    if (tx.editedShards.size > 0) {
      this.byName = null;
      this.reuse = null;
      // The stored snapshot describes the summaries before this change.
      this.snapshotUsable = false;
      if (this.search.restored) this.search.clear();
    }
    for (const [shard, entries] of tx.editedShards) {
      if (this.allLoaded) {
        for (const id of this.shards[shard]!.entries?.keys() ?? []) if (!entries.has(id)) this.search.remove(id);
        for (const summary of entries.values()) {
          if (summary.deletedAt === null) this.search.set(summary);
          else this.search.remove(summary.id);
        }
      }
      this.shards[shard] = { generation: tx.nextManifest!.shardGenerations[shard]!, entries };
    }
    for (const id of tx.touchedItems) this.corrupt.delete(id);
    this.manifest = tx.nextManifest!;
    this.seenCounter = this.manifest.counter;
  }

  /** Zeroes the keys and drops every cache. */
  dispose(): void {
    this.keys.zero();
    this.search.clear();
    this.corrupt.clear();
    this.byName = null;
    this.shards = [];
  }
}

/**
 * Reuse counts over the live accounts with a password; not known while any summary (trash
 * included, so the backfill can tell it has nothing left to do) lacks its fingerprint.
 */
function reuseOf(summaries: Iterable<AccountSummary>): PasswordReuse {
  const uses = new Map<string, number>();
  let known = true;
  for (const summary of summaries) {
    if (summary.passwordFingerprint === undefined) known = false;
    else if (summary.deletedAt === null && summary.hasPassword) uses.set(summary.passwordFingerprint, (uses.get(summary.passwordFingerprint) ?? 0) + 1);
  }
  for (const [fingerprint, count] of uses) if (count < 2) uses.delete(fingerprint);
  return { reused: uses, known };
}

/** The handle a change gets inside `VaultSession.write`. */
export class WriteTx {
  readonly now: number;
  readonly editedShards = new Map<number, Map<string, AccountSummary>>();
  readonly touchedItems = new Set<string>();
  nextManifest: Manifest | null = null;
  private head: ChainHead;
  private readonly session: VaultSession;

  constructor(session: VaultSession) {
    this.session = session;
    this.now = session.now();
    const anchor = session.auditAnchor();
    const tail = session.store.lastAudit();
    this.head = anchor;
    if (tail === undefined ? anchor.seq !== 0 : tail.seq !== anchor.seq || !Buffer.from(tail.hash).equals(anchor.hash)) {
      // The log no longer ends where the sealed manifest says (rows removed, rolled back or
      // added outside Tessera). Keep working, but chain onto the real tail and leave signed
      // evidence that verify() reports.
      this.head = tail ?? { seq: 0, hash: genesisHash(session.vaultId) };
      this.audit(AUDIT_CHAIN_BREAK, null, { recordedSeq: anchor.seq, foundSeq: tail?.seq ?? 0 });
    }
  }

  get store(): VaultStore {
    return this.session.store;
  }

  get keys(): VaultKeys {
    return this.session.keys;
  }

  putItem(row: ItemRow, summary: AccountSummary): void {
    this.session.store.writeItem(row);
    this.setSummary(summary);
    this.touchedItems.add(row.id);
  }

  /** A summary rewritten for an unchanged row (same version): fields added to summaries later. */
  updateSummary(summary: AccountSummary): void {
    this.setSummary(summary);
  }

  /** Hard delete of the row and its summary. */
  removeItem(id: string): void {
    this.session.store.deleteItem(id);
    this.editableShard(id).delete(id);
    this.touchedItems.add(id);
  }

  /** Repair only: replaces a damaged shard's entries wholesale. */
  replaceShard(shard: number, entries: Map<string, AccountSummary>): void {
    this.editedShards.set(shard, entries);
  }

  private setSummary(summary: AccountSummary): void {
    this.editableShard(summary.id).set(summary.id, summary);
  }

  /** Copy-on-write, so a failed transaction leaves the in-memory shard untouched. */
  private editableShard(id: string): Map<string, AccountSummary> {
    const shard = shardOf(id, this.session.shardCount);
    let entries = this.editedShards.get(shard);
    if (!entries) {
      entries = new Map(this.session.shardEntries(shard));
      this.editedShards.set(shard, entries);
    }
    return entries;
  }

  /** Appends a sealed, chained, signed audit entry. `at` defaults to now. */
  audit(kind: string, accountId: string | null, details: AuditDetails, at = this.now): void {
    if (!AUDIT_KIND_PATTERN.test(kind) || kind.length > 64) {
      throw new TesseraError('INVALID_INPUT', `"${kind.slice(0, 64)}" is not an audit event kind. Use dotted lower-case identifiers such as "rotation.commit".`);
    }
    const seq = this.head.seq + 1;
    const sealed = sealJson(this.session.keys.subKey('audit'), details, auditDetailsAad(this.session.vaultId, seq));
    const row: AuditRow = signAuditEntry({ seq, at, kind, accountId, details: sealed, prevHash: this.head.hash }, (m) => this.session.keys.sign(m));
    this.session.store.appendAudit(row);
    this.head = { seq, hash: row.hash };
  }

  /** Seals the edited shards and the new manifest. Called once, at the end of the transaction. */
  flush(): void {
    const previous = this.session.currentManifest();
    const shardGenerations = [...previous.shardGenerations];
    const indexKey = this.session.keys.subKey('index');
    for (const [shard, entries] of this.editedShards) {
      const generation = shardGenerations[shard]! + 1;
      shardGenerations[shard] = generation;
      this.session.store.writeShard({ shard, generation, blob: sealShard(indexKey, this.session.vaultId, shard, generation, entries.values()) });
    }
    const manifest: Manifest = {
      counter: previous.counter + 1,
      shardGenerations,
      auditSeq: this.head.seq,
      auditHash: Buffer.from(this.head.hash).toString('hex'),
    };
    this.session.store.writeManifest(manifest.counter, sealManifest(this.session.keys.subKey('manifest'), this.session.vaultId, manifest));
    this.nextManifest = manifest;
  }
}
