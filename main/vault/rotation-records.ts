// Storage for password rotation (main/rotation owns the meaning): journal entries, policies,
// jobs, batch approvals and leases. Ids, states, kinds and times are plaintext columns so
// queues can be queried and claimed; everything else is a JSON document sealed under the
// vault's 'rotation' sub-key, bound to its table, row id and account. A job's blob is also
// bound to every column that decides what runs (task, trigger, policy, batch, status, due
// time), so editing one in the file makes the job fail to open (ITEM_CORRUPT), and a batch
// approval row counts only when a sealed job of that batch carries the same approval.
// Writes run in the vault's one-transaction-per-change path (synchronous=FULL: durable at
// commit) together with their audit entries.
import type { Database, Statement } from 'better-sqlite3';
import { encodeAad, openJson, sealJson } from '../crypto/aead';
import { TesseraError } from '../errors';
import type { AuditDetails, VaultSession, WriteTx } from './vault-session';

export interface JournalRecord {
  id: string;
  accountId: string;
  jobId: string | null;
  state: string;
  createdAt: number;
  updatedAt: number;
  data: unknown;
}

export interface PolicyRecord {
  id: string;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  lastRunAt: number | null;
  data: unknown;
}

export interface JobRecord {
  id: string;
  accountId: string;
  task: string;
  trigger: string;
  policyId: string | null;
  batchId: string | null;
  status: string;
  dedupeKey: string | null;
  dueAt: number;
  createdAt: number;
  updatedAt: number;
  leaseOwner: string | null;
  leaseExpires: number | null;
  journalId: string | null;
  data: unknown;
}

export interface BatchApprovalRecord {
  batchId: string;
  approvedAt: number;
  expiresAt: number;
}

type SealedTable = 'rotation_journal' | 'rotation_policies' | 'rotation_jobs';

interface JournalRow { id: string; account_id: string; job_id: string | null; state: string; created_at: number; updated_at: number; data: Uint8Array }
interface PolicyRow { id: string; enabled: number; created_at: number; updated_at: number; last_run_at: number | null; data: Uint8Array }
interface JobRow {
  id: string; account_id: string; task: string; trigger: string; policy_id: string | null; batch_id: string | null; status: string;
  dedupe_key: string | null; due_at: number; created_at: number; updated_at: number; lease_owner: string | null;
  lease_expires: number | null; journal_id: string | null; data: Uint8Array;
}

function aad(vaultId: string, table: SealedTable, id: string, accountId: string): Uint8Array {
  return encodeAad('rotation', vaultId, table, id, accountId);
}

/** The job columns that decide what runs, and when. */
type JobDecisionColumns = Pick<JobRow, 'id' | 'account_id' | 'task' | 'trigger' | 'policy_id' | 'batch_id' | 'status' | 'due_at'>;

function jobAad(vaultId: string, row: JobDecisionColumns): Uint8Array {
  return encodeAad('rotation-job/v2', vaultId, row.id, row.account_id, row.task, row.trigger, row.policy_id ?? '', row.batch_id ?? '', row.status, String(row.due_at));
}

/** What a job's blob holds since the columns are bound: the caller's data and the batch approval it carries. */
interface SealedJob {
  data: unknown;
  batchApproval?: { approvedAt: number; expiresAt: number };
}

/** Statuses under which a job runs, or is about to, without asking anyone again. */
const RUNNING_STATUSES: readonly string[] = ['queued', 'running'];

function jobDecisionColumns(record: Omit<JobRecord, 'updatedAt' | 'data'>): JobDecisionColumns {
  return {
    id: record.id, account_id: record.accountId, task: record.task, trigger: record.trigger, policy_id: record.policyId,
    batch_id: record.batchId, status: record.status, due_at: record.dueAt,
  };
}

function buf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Prepared statements per connection, so hot paths (journal transitions) do not re-parse SQL. */
const statementCache = new WeakMap<Database, Map<string, Statement>>();
function stmt(db: Database, sql: string): Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** Decrypts rows; a row that does not open is damaged, and says so by id. */
class Opener {
  constructor(private readonly session: VaultSession) {}

  open(table: SealedTable, id: string, accountId: string, blob: Uint8Array): unknown {
    const value = openJson(this.session.keys.subKey('rotation'), blob, aad(this.session.vaultId, table, id, accountId));
    if (value === undefined) {
      throw new TesseraError('ITEM_CORRUPT', `The rotation record ${id} is damaged or was moved between rows. Restore the vault from a backup.`, { itemId: id });
    }
    return value;
  }

  journal(row: JournalRow): JournalRecord {
    return { id: row.id, accountId: row.account_id, jobId: row.job_id, state: row.state, createdAt: row.created_at, updatedAt: row.updated_at, data: this.open('rotation_journal', row.id, row.account_id, row.data) };
  }

  policy(row: PolicyRow): PolicyRecord {
    return { id: row.id, enabled: row.enabled === 1, createdAt: row.created_at, updatedAt: row.updated_at, lastRunAt: row.last_run_at, data: this.open('rotation_policies', row.id, '', row.data) };
  }

  /**
   * The sealed part of a job, checked against its decision columns. A blob sealed before the
   * columns were bound (legacy AAD) still opens, but such a job never runs without a person:
   * queued or running, it reads as needing approval until it is written again.
   */
  sealedJob(row: JobRow): { sealed: SealedJob; legacy: boolean } {
    const key = this.session.keys.subKey('rotation');
    const current = openJson(key, row.data, jobAad(this.session.vaultId, row)) as SealedJob | undefined;
    if (current !== undefined) return { sealed: current, legacy: false };
    const legacy = openJson(key, row.data, aad(this.session.vaultId, 'rotation_jobs', row.id, row.account_id));
    if (legacy !== undefined) return { sealed: { data: legacy }, legacy: true };
    throw new TesseraError(
      'ITEM_CORRUPT',
      `The rotation job ${row.id} is damaged, or its task, status, batch or due time was changed outside Tessera. Nothing of it will run; restore the vault from a backup or delete the job's row.`,
      { itemId: row.id },
    );
  }

  job(row: JobRow): JobRecord {
    const { sealed, legacy } = this.sealedJob(row);
    const status = legacy && RUNNING_STATUSES.includes(row.status) ? 'needs_approval' : row.status;
    return {
      id: row.id, accountId: row.account_id, task: row.task, trigger: row.trigger, policyId: row.policy_id, batchId: row.batch_id,
      status, dedupeKey: row.dedupe_key, dueAt: row.due_at, createdAt: row.created_at, updatedAt: row.updated_at,
      leaseOwner: row.lease_owner, leaseExpires: row.lease_expires, journalId: row.journal_id, data: sealed.data,
    };
  }
}

/** The handle a change gets inside `RotationRecords.write`: sealed puts plus audit, one transaction. */
export class RotationWriteTx {
  /** Batch approvals granted in this transaction: the batch's jobs written after it carry them, sealed. */
  private readonly grantedApprovals = new Map<string, SealedJob['batchApproval']>();

  constructor(private readonly tx: WriteTx, private readonly session: VaultSession) {}

  get now(): number {
    return this.tx.now;
  }

  private seal(table: SealedTable, id: string, accountId: string, data: unknown): Buffer {
    return buf(sealJson(this.session.keys.subKey('rotation'), data, aad(this.session.vaultId, table, id, accountId)));
  }

  putJournal(record: Omit<JournalRecord, 'updatedAt'>): void {
    stmt(this.tx.store.db, `INSERT INTO rotation_journal (id, account_id, job_id, state, created_at, updated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET job_id = excluded.job_id, state = excluded.state, updated_at = excluded.updated_at, data = excluded.data`)
      .run(record.id, record.accountId, record.jobId, record.state, record.createdAt, this.tx.now, this.seal('rotation_journal', record.id, record.accountId, record.data));
  }

  putPolicy(record: Omit<PolicyRecord, 'updatedAt'>): void {
    stmt(this.tx.store.db, `INSERT OR REPLACE INTO rotation_policies (id, enabled, created_at, updated_at, last_run_at, data) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(record.id, record.enabled ? 1 : 0, record.createdAt, this.tx.now, record.lastRunAt, this.seal('rotation_policies', record.id, '', record.data));
  }

  deletePolicy(id: string): boolean {
    return stmt(this.tx.store.db, 'DELETE FROM rotation_policies WHERE id = ?').run(id).changes === 1;
  }

  /** The approval a job's blob carries: one granted in this transaction, else the one it already had. */
  private carriedApproval(record: Omit<JobRecord, 'updatedAt'>): SealedJob['batchApproval'] {
    if (record.batchId === null) return undefined;
    const granted = this.grantedApprovals.get(record.batchId);
    if (granted) return granted;
    const row = stmt(this.tx.store.db, 'SELECT * FROM rotation_jobs WHERE id = ?').get(record.id) as JobRow | undefined;
    return row ? new Opener(this.session).sealedJob(row).sealed.batchApproval : undefined;
  }

  private sealJob(record: Omit<JobRecord, 'updatedAt'>, batchApproval: SealedJob['batchApproval']): Buffer {
    const sealed: SealedJob = batchApproval ? { data: record.data, batchApproval } : { data: record.data };
    return buf(sealJson(this.session.keys.subKey('rotation'), sealed, jobAad(this.session.vaultId, jobDecisionColumns(record))));
  }

  /** Inserts or replaces a job; false (nothing written) when another job already has its dedupe key. */
  putJob(record: Omit<JobRecord, 'updatedAt'>): boolean {
    const result = stmt(this.tx.store.db, `INSERT INTO rotation_jobs (id, account_id, task, trigger, policy_id, batch_id, status, dedupe_key, due_at,
        created_at, updated_at, lease_owner, lease_expires, journal_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET status = excluded.status, batch_id = excluded.batch_id, due_at = excluded.due_at, updated_at = excluded.updated_at,
        lease_owner = excluded.lease_owner, lease_expires = excluded.lease_expires, journal_id = excluded.journal_id, data = excluded.data
      ON CONFLICT (dedupe_key) DO NOTHING`).run(
      record.id, record.accountId, record.task, record.trigger, record.policyId, record.batchId, record.status, record.dedupeKey, record.dueAt,
      record.createdAt, this.tx.now, record.leaseOwner, record.leaseExpires, record.journalId, this.sealJob(record, this.carriedApproval(record)),
    );
    return result.changes === 1;
  }

  /** The row is an index; the approval counts only once a job of the batch, written next in this transaction, carries it sealed. */
  putBatchApproval(record: BatchApprovalRecord): void {
    this.grantedApprovals.set(record.batchId, { approvedAt: record.approvedAt, expiresAt: record.expiresAt });
    stmt(this.tx.store.db, 'INSERT OR REPLACE INTO rotation_batch_approvals (batch_id, approved_at, expires_at) VALUES (?, ?, ?)')
      .run(record.batchId, record.approvedAt, record.expiresAt);
  }

  /** A sealed, chained audit entry in the same transaction. */
  audit(kind: string, accountId: string | null, details: AuditDetails): void {
    this.tx.audit(kind, accountId, details);
  }
}

export interface JobQuery {
  statuses?: readonly string[];
  accountId?: string;
  batchId?: string;
  /** Only jobs due at or before this time. */
  dueBy?: number;
}

export class RotationRecords {
  constructor(private readonly session: () => VaultSession) {}

  /** One durable transaction (fsynced at commit) with audit; reads inside see its own writes. */
  write<T>(change: (tx: RotationWriteTx) => T): T {
    const session = this.session();
    return session.write((tx) => change(new RotationWriteTx(tx, session)));
  }

  journal(id: string): JournalRecord | undefined {
    const session = this.session();
    const row = stmt(session.store.db, 'SELECT * FROM rotation_journal WHERE id = ?').get(id) as JournalRow | undefined;
    return row && new Opener(session).journal(row);
  }

  /** Journal entries, oldest first; `states` filters by state, `accountId` by account. */
  journalEntries({ states, accountId }: { states?: readonly string[]; accountId?: string } = {}): JournalRecord[] {
    const session = this.session();
    const rows = (accountId === undefined
      ? stmt(session.store.db, 'SELECT * FROM rotation_journal ORDER BY created_at, id').all()
      : stmt(session.store.db, 'SELECT * FROM rotation_journal WHERE account_id = ? ORDER BY created_at, id').all(accountId)) as JournalRow[];
    const opener = new Opener(session);
    return rows.filter((row) => states === undefined || states.includes(row.state)).map((row) => opener.journal(row));
  }

  policies(): PolicyRecord[] {
    const session = this.session();
    const opener = new Opener(session);
    return (stmt(session.store.db, 'SELECT * FROM rotation_policies ORDER BY created_at, id').all() as PolicyRow[]).map((row) => opener.policy(row));
  }

  job(id: string): JobRecord | undefined {
    const session = this.session();
    const row = stmt(session.store.db, 'SELECT * FROM rotation_jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row && new Opener(session).job(row);
  }

  jobs(query: JobQuery = {}): JobRecord[] {
    const session = this.session();
    const opener = new Opener(session);
    const rows = stmt(session.store.db, 'SELECT * FROM rotation_jobs ORDER BY due_at, created_at, id').all() as JobRow[];
    // The status filter applies to the opened job: a legacy-sealed queued job reads as needing approval.
    return rows
      .filter((row) =>
        (query.accountId === undefined || row.account_id === query.accountId) &&
        (query.batchId === undefined || row.batch_id === query.batchId) &&
        (query.dueBy === undefined || row.due_at <= query.dueBy))
      .map((row) => opener.job(row))
      .filter((job) => query.statuses === undefined || query.statuses.includes(job.status));
  }

  /**
   * The batch's approval, if a person gave one: the row must match an approval sealed into one
   * of the batch's jobs; a row added or changed in the file throws ITEM_CORRUPT.
   */
  batchApproval(batchId: string): BatchApprovalRecord | undefined {
    const session = this.session();
    const row = stmt(session.store.db, 'SELECT * FROM rotation_batch_approvals WHERE batch_id = ?').get(batchId) as
      | { batch_id: string; approved_at: number; expires_at: number }
      | undefined;
    if (!row) return undefined;
    const opener = new Opener(session);
    const jobs = stmt(session.store.db, 'SELECT * FROM rotation_jobs WHERE batch_id = ?').all(batchId) as JobRow[];
    const backed = jobs.some((job) => {
      const approval = opener.sealedJob(job).sealed.batchApproval;
      return approval?.approvedAt === row.approved_at && approval.expiresAt === row.expires_at;
    });
    if (!backed) {
      throw new TesseraError(
        'ITEM_CORRUPT',
        `The approval of batch ${batchId} is not one a person gave in Tessera: it was added or changed outside Tessera. Its jobs will ask for approval again once the row is removed; restore the vault from a backup.`,
        { itemId: batchId },
      );
    }
    return { batchId: row.batch_id, approvedAt: row.approved_at, expiresAt: row.expires_at };
  }

  /** Every job and batch approval that fails its seal (for `audit --verify` and the unlock check). */
  checkIntegrity(): { id: string; reason: string }[] {
    const session = this.session();
    const opener = new Opener(session);
    const damaged: { id: string; reason: string }[] = [];
    for (const row of stmt(session.store.db, 'SELECT * FROM rotation_jobs').all() as JobRow[]) {
      try {
        opener.sealedJob(row);
      } catch (error) {
        damaged.push({ id: row.id, reason: (error as Error).message });
      }
    }
    for (const { batch_id: batchId } of stmt(session.store.db, 'SELECT batch_id FROM rotation_batch_approvals').all() as { batch_id: string }[]) {
      try {
        this.batchApproval(batchId);
      } catch (error) {
        damaged.push({ id: batchId, reason: (error as Error).message });
      }
    }
    return damaged;
  }

  /**
   * Moves a job from `from` to `to` and leases it to `owner` until `leaseExpires`, if and only if
   * no other process holds it: one conditional UPDATE, so two processes can never both win.
   */
  claimJob(id: string, owner: string, from: string, to: string, now: number, leaseExpires: number): boolean {
    const session = this.session();
    const db = session.store.db;
    // One IMMEDIATE transaction: check, open (the seal must hold for the status it had) and
    // re-seal for the new status, so no other process can claim in between.
    return session.store.transaction(() => {
      const row = stmt(db, 'SELECT * FROM rotation_jobs WHERE id = ?').get(id) as JobRow | undefined;
      if (!row || row.status !== from || (row.lease_owner !== null && row.lease_owner !== owner && (row.lease_expires ?? 0) >= now)) return false;
      const { sealed, legacy } = new Opener(session).sealedJob(row);
      // Sealed before the columns were bound: a person approves it again before it runs.
      if (legacy && RUNNING_STATUSES.includes(to)) return false;
      const next = { ...row, status: to };
      const blob = buf(sealJson(session.keys.subKey('rotation'), sealed, jobAad(session.vaultId, next)));
      return stmt(db, 'UPDATE rotation_jobs SET status = ?, lease_owner = ?, lease_expires = ?, updated_at = ?, data = ? WHERE id = ? AND status = ?')
        .run(to, owner, leaseExpires, now, blob, id, from).changes === 1;
    });
  }

  /**
   * Takes or renews the named lease for `owner` (in one IMMEDIATE transaction) unless another
   * owner holds it unexpired and `holderIsGone` does not say that owner died. True when
   * `owner` holds it afterwards.
   */
  acquireLease(name: string, owner: string, now: number, ttlMs: number, holderIsGone: (holder: string) => boolean = () => false): boolean {
    const session = this.session();
    return session.store.transaction(() => {
      const row = stmt(session.store.db, 'SELECT owner, expires_at FROM leases WHERE name = ?').get(name) as { owner: string; expires_at: number } | undefined;
      if (row && row.owner !== owner && row.expires_at > now && !holderIsGone(row.owner)) return false;
      stmt(session.store.db, 'INSERT OR REPLACE INTO leases (name, owner, expires_at) VALUES (?, ?, ?)').run(name, owner, now + ttlMs);
      return true;
    });
  }

  releaseLease(name: string, owner: string): void {
    stmt(this.session().store.db, 'DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
  }
}
