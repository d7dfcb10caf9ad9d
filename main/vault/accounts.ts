// Accounts: create, read, list, search, update with optimistic versions, soft delete
// (restorable for 30 days), restore, purge, password history, reveal/copy with audit.
// Each account is one item row: its own random key (wrapped by the vault), a sealed
// record and a sealed password history, both bound by AAD to vault, item, field set and
// version; its version is cross-checked against the sealed summary shard on every read.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { TesseraError } from '../errors';
import { TRASH_RETENTION_MS } from './trash-retention';
import {
  AccountInputSchema,
  accountPatchSchema,
  AccountRecordSchema,
  PasswordHistorySchema,
  findDuplicates,
  summarize,
  type Account,
  type AccountInput,
  type AccountPatch,
  type AccountRecord,
  type AccountSummary,
  type PasswordChangeReason,
  type PasswordHistoryEntry,
} from './account-record';
import { encodeAad, openJson, sealJson } from '../crypto/aead';
import { ITEM_KEY_BYTES, randomKey, secretFingerprint, type VaultKeys } from './keys';
import type { ItemRow } from './store';
import { shardOf } from './summary-shards';
import type { AuditDetails, VaultSession, WriteTx } from './vault-session';
import type { PasswordReuse } from './search-snapshot';

export const ACCOUNT_KIND = 'account';
export { TRASH_RETENTION_MS };

type FieldSet = 'account.data' | 'account.history';

export type AccountListEntry = ({ status: 'ok' } & AccountSummary) | { status: 'corrupt'; id: string; reason: string };

export interface ListOptions {
  /** 'exclude' (default): live accounts; 'only': the trash; 'include': both. */
  deleted?: 'exclude' | 'include' | 'only';
  /** 'name' (default): sorted by name; 'none': index order, for callers that sort or look up themselves (no sort of a large vault). */
  order?: 'name' | 'none';
}

/** One account as it travels in a backup or a plaintext export. */
export interface ExportedAccount {
  id: string;
  record: AccountRecord;
  history: PasswordHistoryEntry[];
}

export interface WriteResult {
  id: string;
  version: number;
  /** Live accounts with the same host and username: the caller shows a warning. */
  duplicates: string[];
}

/** A secret a person can reveal or copy. `custom:<name>` is a custom field. */
export type SecretField = 'password' | 'totpSecret' | 'notes' | 'backupCodes' | `custom:${string}`;

export function itemAad(vaultId: string, itemId: string, fieldSet: FieldSet, version: number): Uint8Array {
  return encodeAad('item', vaultId, itemId, fieldSet, version);
}

function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'account';
    throw new TesseraError('INVALID_INPUT', `Invalid ${where}: ${issue?.message ?? 'bad value'}. Correct it and try again.`);
  }
  return parsed.data;
}

function corrupt(id: string, reason: string): TesseraError {
  return new TesseraError('ITEM_CORRUPT', `Account ${id} is damaged (${reason}). Other accounts are unaffected; restore it from a backup or purge it.`, {
    itemId: id,
  });
}

interface OpenedItem {
  row: ItemRow;
  key: Uint8Array;
  record: AccountRecord;
  history: PasswordHistoryEntry[];
}

export class AccountService {
  constructor(private readonly session: () => VaultSession) {}

  create(input: AccountInput): WriteResult {
    return this.createMany([input], null)[0]!;
  }

  /**
   * Creates many accounts in one transaction (imports, restore, accounts shared with this
   * device, which pass their `ids`); imports may bring each account's password history. With a `source`, one `account.import` audit entry
   * covers them all; without, one `account.create` each.
   */
  createMany(inputs: readonly AccountInput[], source: string | null, ids?: readonly string[], histories?: readonly (readonly PasswordHistoryEntry[])[]): WriteResult[] {
    const fields = inputs.map((input) => parseInput(AccountInputSchema, input));
    const session = this.session();
    return session.write((tx) => {
      // Given ids (accounts shared with this device keep their doc's id) must be free.
      const taken = ids?.find((id) => session.summary(id) !== undefined || tx.store.readItem(id) !== undefined);
      if (taken !== undefined) throw new TesseraError('ITEM_CONFLICT', `An account ${taken} already exists in this vault.`);
      const created = fields.map((f, index) => {
        const id = ids?.[index] ?? randomUUID();
        const record: AccountRecord = { ...f, createdAt: tx.now, updatedAt: tx.now, deletedAt: null };
        const key = randomKey(ITEM_KEY_BYTES);
        try {
          const summary = this.put(tx, id, 1, key, tx.keys.wrapItemKey(id, key), record, [...(histories?.[index] ?? [])]);
          if (source === null) tx.audit('account.create', id, { name: record.name });
          return summary;
        } finally {
          key.fill(0);
        }
      });
      if (source !== null) tx.audit('account.import', null, { source, count: created.length });
      const duplicates = findDuplicates(created, session.summaries());
      return created.map((summary, index) => ({ id: summary.id, version: 1, duplicates: duplicates[index]! }));
    });
  }

  /** The full record, secrets included (edit forms, automation). Showing a secret: use `reveal`. */
  get(id: string): Account {
    return this.getWithHistory(id).account;
  }

  passwordHistory(id: string): PasswordHistoryEntry[] {
    return this.getWithHistory(id).history;
  }

  /** `get` and `passwordHistory` from one decryption (the secret checks need both). */
  getWithHistory(id: string): { account: Account; history: PasswordHistoryEntry[] } {
    const item = this.open(id);
    item.key.fill(0);
    return { account: { id, version: item.row.version, ...item.record }, history: item.history };
  }

  /**
   * Summaries only, no secrets, in name order (see name-order.ts); damaged accounts are
   * listed as `corrupt`, after the readable ones, rather than failing.
   */
  list(options: ListOptions = {}): AccountListEntry[] {
    const session = this.session();
    return session.read(() => {
      const deleted = options.deleted ?? 'exclude';
      const entries: AccountListEntry[] = [];
      const corrupt: AccountListEntry[] = [];
      for (const summary of options.order === 'none' ? session.summaries() : session.summariesByName()) {
        const reason = session.corrupt.get(summary.id);
        if (reason !== undefined) {
          corrupt.push({ status: 'corrupt', id: summary.id, reason });
          continue;
        }
        const inTrash = summary.deletedAt !== null;
        if ((deleted === 'exclude' && inTrash) || (deleted === 'only' && !inTrash)) continue;
        entries.push({ status: 'ok', ...summary });
      }
      for (const id of session.itemsInDamagedShards()) corrupt.push({ status: 'corrupt', id, reason: 'its index entry is damaged' });
      return entries.concat(corrupt);
    });
  }

  /** Fuzzy search over live accounts, best first (matches whose summary is unreadable left out). */
  search(query: string, limit = 50): AccountSummary[] {
    const session = this.session();
    return session.read(() => session.searchIndex().search(query, limit).flatMap((hit) => session.summary(hit.id) ?? []));
  }

  /**
   * `search` as list entries: a match found damaged (its item, or the index shard holding its
   * summary) is a `corrupt` entry after the readable ones. Opens only the matches' summaries
   * when the search snapshot is current (search-snapshot.ts).
   */
  find(query: string, limit = 50): AccountListEntry[] {
    const session = this.session();
    return session.read(() => {
      const entries: AccountListEntry[] = [];
      const corrupt: AccountListEntry[] = [];
      for (const { id } of session.searchIndex().search(query, limit)) {
        const summary = session.summary(id);
        const reason = summary === undefined ? 'its index entry is damaged' : session.corrupt.get(id);
        if (reason !== undefined) corrupt.push({ status: 'corrupt', id, reason });
        else if (summary !== undefined && summary.deletedAt === null) entries.push({ status: 'ok', ...summary });
      }
      return entries.concat(corrupt);
    });
  }

  /** The live accounts among `ids` (no name order), without opening the other summaries. */
  liveSummaries(ids: Iterable<string>): AccountSummary[] {
    const session = this.session();
    return session.read(() => {
      const found: AccountSummary[] = [];
      for (const id of ids) {
        const summary = session.summary(id);
        if (summary !== undefined && summary.deletedAt === null && !session.corrupt.has(id)) found.push(summary);
      }
      return found;
    });
  }

  /** How many live accounts share each reused password (from the search snapshot when current). */
  passwordReuse(): PasswordReuse {
    const session = this.session();
    return session.read(() => session.passwordReuse());
  }

  /**
   * Saves the search snapshot when the stored one is stale, so the next process's search opens
   * one blob instead of every summary. The CLI calls it after answering a search.
   */
  keepSearchSnapshot(): boolean {
    return this.session().saveSearchSnapshot();
  }

  /**
   * Applies `patch` if the account is still at `expectedVersion` (else ITEM_CONFLICT).
   * A changed password goes to the history with `reason`.
   */
  update(id: string, expectedVersion: number, patch: AccountPatch, reason: PasswordChangeReason = 'edit'): WriteResult {
    const changes = parseInput(accountPatchSchema(), patch);
    return this.rewrite(id, expectedVersion, (record, history, tx) => {
      const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter(
        (k) => changes[k] !== undefined && JSON.stringify(changes[k]) !== JSON.stringify(record[k]),
      );
      if (changed.includes('password') && record.password !== '') {
        history.push({ password: record.password, replacedAt: tx.now, reason });
      }
      Object.assign(record, Object.fromEntries(changed.map((k) => [k, changes[k]])));
      return { kind: 'account.edit', details: { changed, reason } };
    });
  }

  /** Moves the account to the trash; restorable for 30 days. */
  delete(id: string, expectedVersion?: number): WriteResult {
    return this.rewrite(id, expectedVersion, (record, _history, tx) => {
      if (record.deletedAt === null) record.deletedAt = tx.now;
      return { kind: 'account.delete', details: { name: record.name } };
    });
  }

  restore(id: string): WriteResult {
    return this.rewrite(id, undefined, (record, _history, tx) => {
      if (record.deletedAt !== null && tx.now - record.deletedAt > TRASH_RETENTION_MS) {
        throw new TesseraError('ITEM_NOT_FOUND', `Account ${id} was deleted more than 30 days ago and can no longer be restored.`);
      }
      record.deletedAt = null;
      return { kind: 'account.restore', details: { name: record.name } };
    });
  }

  /** Removes the row for good (also works on a damaged account). */
  purge(id: string): void {
    const session = this.session();
    session.write((tx) => {
      if (session.summary(id) === undefined && tx.store.readItem(id) === undefined) {
        throw new TesseraError('ITEM_NOT_FOUND', `No account ${id}. Refresh the list.`);
      }
      tx.removeItem(id);
      tx.audit('account.purge', id, {});
    });
  }

  /**
   * Purges accounts that have been in the trash for more than 30 days; returns their ids.
   * Not run by unlock (it would decrypt every summary); the app calls it after the first
   * list, the CLI after unlock.
   */
  purgeExpired(): string[] {
    const session = this.session();
    const cutoff = session.now() - TRASH_RETENTION_MS;
    const expired = session.read(() => [...session.summaries()].filter((s) => s.deletedAt !== null && s.deletedAt < cutoff).map((s) => s.id));
    if (expired.length === 0) return [];
    session.write((tx) => {
      for (const id of expired) {
        tx.removeItem(id);
        tx.audit('account.purge', id, { reason: 'trash expired' });
      }
    });
    return expired;
  }

  /**
   * Every readable account with its history (backup, export); damaged ones are named in
   * `skipped`. `exclude`: accounts left out (those shared with the person as a Collaborator).
   */
  exportAll(exclude: ReadonlySet<string> = new Set()): { accounts: ExportedAccount[]; skipped: string[] } {
    const session = this.session();
    return session.read(() => {
      const accounts: ExportedAccount[] = [];
      const skipped: string[] = [];
      for (const summary of [...session.summaries()]) {
        if (exclude.has(summary.id)) continue;
        try {
          const item = this.open(summary.id);
          item.key.fill(0);
          accounts.push({ id: summary.id, record: item.record, history: item.history });
        } catch (error) {
          if (!(error instanceof TesseraError) || error.code !== 'ITEM_CORRUPT') throw error;
          skipped.push(summary.id);
        }
      }
      skipped.push(...session.itemsInDamagedShards());
      return { accounts, skipped };
    });
  }

  /** Inside a restore transaction: writes an exported account under its original id, at version 1. */
  putExported(tx: WriteTx, account: ExportedAccount): void {
    const key = randomKey(ITEM_KEY_BYTES);
    try {
      this.put(tx, account.id, 1, key, tx.keys.wrapItemKey(account.id, key), account.record, account.history);
    } finally {
      key.fill(0);
    }
  }

  /** Returns one secret for display and records `account.reveal`. */
  reveal(id: string, field: SecretField): string {
    return this.accessSecret(id, field, 'account.reveal');
  }

  /** Returns one secret for the clipboard and records `account.copy`. */
  copy(id: string, field: SecretField): string {
    return this.accessSecret(id, field, 'account.copy');
  }

  /** Decrypts every account; returns the damaged ones (and flags them for `list`). */
  checkIntegrity(): { id: string; reason: string }[] {
    const session = this.session();
    return session.read(() => {
      const damaged: { id: string; reason: string }[] = [];
      const ids = new Set([...[...session.summaries()].map((s) => s.id), ...session.store.readAllItemIds()]);
      for (const id of ids) {
        try {
          this.open(id).key.fill(0);
        } catch (error) {
          if (!(error instanceof TesseraError) || error.code !== 'ITEM_CORRUPT') throw error;
          damaged.push({ id, reason: session.corrupt.get(id) ?? error.message });
        }
      }
      return damaged;
    });
  }

  private accessSecret(id: string, field: SecretField, kind: 'account.reveal' | 'account.copy'): string {
    const { record } = this.open(id);
    const value = secretValue(record, field);
    if (value === undefined) throw new TesseraError('INVALID_INPUT', `Account ${id} has no ${field}.`);
    this.session().write((tx) => tx.audit(kind, id, { field }));
    return value;
  }

  private rewrite(
    id: string,
    expectedVersion: number | undefined,
    change: (record: AccountRecord, history: PasswordHistoryEntry[], tx: WriteTx) => { kind: string; details: AuditDetails },
  ): WriteResult {
    const session = this.session();
    return session.write((tx) => {
      const item = this.open(id);
      try {
        if (expectedVersion !== undefined && item.row.version !== expectedVersion) {
          throw new TesseraError(
            'ITEM_CONFLICT',
            `Account ${id} was changed elsewhere (version ${item.row.version}, you edited ${expectedVersion}). Reload it and apply your change again.`,
          );
        }
        const { kind, details } = change(item.record, item.history, tx);
        item.record.updatedAt = tx.now;
        const version = item.row.version + 1;
        const summary = this.put(tx, id, version, item.key, item.row.wrapped_key, item.record, item.history);
        tx.audit(kind, id, details);
        return { id, version, duplicates: findDuplicates([summary], session.summaries())[0]! };
      } finally {
        item.key.fill(0);
      }
    });
  }

  private put(tx: WriteTx, id: string, version: number, key: Uint8Array, wrappedKey: Uint8Array, record: AccountRecord, history: PasswordHistoryEntry[]): AccountSummary {
    const vaultId = tx.keys.vaultId;
    const summary = summarize(id, version, record, fingerprinter(tx.keys));
    tx.putItem(
      {
        id,
        kind: ACCOUNT_KIND,
        version,
        wrapped_key: wrappedKey,
        data: sealJson(key, record, itemAad(vaultId, id, 'account.data', version)),
        history: sealJson(key, history, itemAad(vaultId, id, 'account.history', version)),
      },
      summary,
    );
    return summary;
  }

  /** Decrypts and checks one item; the caller zeroes `key`. Damage → ITEM_CORRUPT naming the item. */
  private open(id: string): OpenedItem {
    const session = this.session();
    return session.read(() => {
      const summary = session.summary(id);
      const row = session.store.readItem(id);
      const fail = (reason: string): TesseraError => {
        session.corrupt.set(id, reason);
        return corrupt(id, reason);
      };
      if (summary === undefined) {
        if (session.isInDamagedShard(id) && row !== undefined) throw fail('its index entry is damaged');
        throw new TesseraError('ITEM_NOT_FOUND', `No account ${id}. It may have been purged; refresh the list.`);
      }
      if (row === undefined) throw fail('its row is missing');
      if (row.version !== summary.version) throw fail(`its row is at version ${row.version} but the vault recorded ${summary.version}: rolled back or replaced`);
      const opened = decryptRow(session, row);
      if (typeof opened === 'string') throw fail(opened);
      session.corrupt.delete(id);
      return opened;
    });
  }

  /**
   * Rebuilds damaged summary shards from the item rows. Their versions cannot be checked
   * against anything any more, so they are taken as they are; rows that do not decrypt
   * stay listed as corrupt.
   */
  /**
   * Summaries written before they carried the password's fingerprint get it: one decryption
   * per such account, once, in one transaction. Reuse is then known from the index alone (a
   * level or a search no longer decrypts every account). At most `limit` per call (the app
   * works through a large vault in slices); returns how many were updated and how many remain.
   */
  backfillFingerprints(limit = Infinity): { updated: number; remaining: number } {
    const session = this.session();
    // Known reuse means every summary carries its fingerprint: nothing to read (no summary
    // opened when the search snapshot is current).
    if (session.read(() => session.passwordReuse().known)) return { updated: 0, remaining: 0 };
    const all = session.read(() => [...session.summaries()].filter((s) => s.passwordFingerprint === undefined));
    const missing = all.slice(0, limit);
    if (missing.length === 0) return { updated: 0, remaining: 0 };
    const updated = session.write((tx) => {
      const fingerprint = fingerprinter(tx.keys);
      let updated = 0;
      for (const summary of missing) {
        const row = tx.store.readItem(summary.id);
        if (row === undefined || row.version !== summary.version) continue;
        const opened = decryptRow(session, row);
        if (typeof opened === 'string') continue; // damaged: reported where it is read
        opened.key.fill(0);
        tx.updateSummary(summarize(row.id, row.version, opened.record, fingerprint));
        updated++;
      }
      return updated;
    });
    return { updated, remaining: all.length - missing.length };
  }

  /**
   * Keeps passwords' strength scores in their summaries (sealed in the index), for the versions
   * they were worked out for: the next level, dashboard or CLI run reads them instead of
   * scoring again. Scores of accounts changed since are dropped. Returns how many were kept.
   */
  recordScores(scores: readonly { id: string; version: number; score: number }[]): number {
    if (scores.length === 0) return 0;
    const session = this.session();
    return session.write((tx) => {
      let kept = 0;
      for (const { id, version, score } of scores) {
        const summary = session.summary(id);
        if (summary === undefined || summary.version !== version || summary.passwordScore === score || !Number.isInteger(score) || score < 0 || score > 4) continue;
        tx.updateSummary({ ...summary, passwordScore: score });
        kept++;
      }
      return kept;
    });
  }

  repairIndex(): { rebuilt: string[]; unreadable: string[] } {
    const session = this.session();
    return session.write((tx) => {
      const rebuilt: string[] = [];
      const unreadable: string[] = [];
      const damaged = new Map(session.damagedShards().map((shard) => [shard, new Map<string, AccountSummary>()]));
      if (damaged.size === 0) return { rebuilt, unreadable };
      for (const row of tx.store.readAllItems()) {
        const entries = damaged.get(shardOf(row.id, session.shardCount));
        if (entries === undefined) continue;
        const opened = decryptRow(session, row);
        if (typeof opened === 'string') {
          unreadable.push(row.id);
          continue;
        }
        opened.key.fill(0);
        entries.set(row.id, summarize(row.id, row.version, opened.record, fingerprinter(session.keys)));
        rebuilt.push(row.id);
      }
      for (const [shard, entries] of damaged) tx.replaceShard(shard, entries);
      tx.audit('vault.repair', null, { shards: damaged.size, rebuilt: rebuilt.length, unreadable });
      return { rebuilt, unreadable };
    });
  }
}

/** The vault's keyed fingerprint of a secret, for summaries. */
function fingerprinter(keys: VaultKeys): (secret: string) => string {
  const key = keys.subKey('fingerprint');
  return (secret) => secretFingerprint(key, secret);
}

/** Decrypts one row; a string says why it failed. The caller zeroes `key`. */
function decryptRow(session: VaultSession, row: ItemRow): OpenedItem | string {
  if (row.kind !== ACCOUNT_KIND) return 'it is not an account';
  const key = session.keys.unwrapItemKey(row.id, row.wrapped_key);
  if (key === null) return 'its key does not decrypt';
  const record = AccountRecordSchema.safeParse(openJson(key, row.data, itemAad(session.vaultId, row.id, 'account.data', row.version)));
  const history = PasswordHistorySchema.safeParse(openJson(key, row.history, itemAad(session.vaultId, row.id, 'account.history', row.version)));
  if (!record.success || !history.success) {
    key.fill(0);
    return record.success ? 'its password history does not decrypt' : 'its data does not decrypt';
  }
  return { row, key, record: record.data, history: history.data };
}

function secretValue(record: AccountRecord, field: SecretField): string | undefined {
  switch (field) {
    case 'password':
      return record.password || undefined;
    case 'totpSecret':
      return record.totp?.secret;
    case 'notes':
      return record.notes || undefined;
    case 'backupCodes':
      return record.backupCodes.length > 0 ? record.backupCodes.join('\n') : undefined;
    default:
      return record.customFields.find((f) => `custom:${f.name}` === field)?.value;
  }
}
