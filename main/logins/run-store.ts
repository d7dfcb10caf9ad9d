// The runs of every account, encrypted in the data directory:
//   automation-runs/<accountId>/<runId>.record     the report (steps, outcome, evidence) + what else exists
//   automation-runs/<accountId>/<runId>.shot-<n>   masked screenshots (PNG)
//   automation-runs/<accountId>/<runId>.trace-<n>  Playwright trace chunks (zip)
//   automation-runs/verifications                   last conclusive verification per account (milestone 1)
// Every file is sealed by the vault (BlobSealer) and bound to its place; nothing is written in
// plaintext. The newest RUNS_KEPT runs per account are kept, older ones deleted. Playwright's
// scratch folders (a run's own, and the warm browser's trace data) live in automation-runs/.work,
// 0700, and are deleted when the run ends (the browser's once no other run records) and at start-up.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RunArtifacts } from '../../automation/flows/run-capture';
import type { RunReport } from '../../automation/flows/run-report';
import { TesseraError } from '../errors';
import { writeFileAtomicSync } from '../platform/atomic-write';
import type { BlobSealer } from './blob-sealer';

export const RUNS_FOLDER = 'automation-runs';
export const RUNS_KEPT = 20;
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,128}$/;
const RUN_ID = /^[0-9]{13}-[0-9a-f]{8}$/;

export interface StoredRun {
  runId: string;
  accountId: string;
  report: RunReport;
  screenshots: { name: string; at: number }[];
  traceChunks: number;
}

export type RunSummary = Pick<StoredRun, 'runId' | 'accountId'> &
  Pick<RunReport, 'kind' | 'outcome' | 'startedAt' | 'durationMs' | 'strategy'> & { reason: string; screenshots: number; traceChunks: number };

export interface VerificationFact {
  succeeded: boolean;
  at: number;
  outcome: string;
  runId: string;
  /** 'person': a login a person made by hand in their own browser (the extension saw it); absent: an automated one. */
  by?: 'person';
}

const VerificationsSchema = z.record(z.string(), z.object({ succeeded: z.boolean(), at: z.number(), outcome: z.string(), runId: z.string(), by: z.literal('person').optional() }));

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function checkAccountId(accountId: string): void {
  if (!ACCOUNT_ID.test(accountId)) throw new TesseraError('INVALID_INPUT', 'An account id may only contain letters, digits, "-" and "_".');
}

/** The shared headless browser's scratch folder under .work (Playwright's tracesDir). */
export const BROWSER_WORK = 'browser';

function checkRunId(runId: string): void {
  if (!RUN_ID.test(runId)) throw new TesseraError('INVALID_INPUT', 'That is not a run id. Pick a run from the list of runs.');
}

export function summarize(run: StoredRun): RunSummary {
  const { report } = run;
  return {
    runId: run.runId,
    accountId: run.accountId,
    kind: report.kind,
    outcome: report.outcome,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    strategy: report.strategy,
    reason: report.reasons[0] ?? '',
    screenshots: run.screenshots.length,
    traceChunks: run.traceChunks,
  };
}

export class RunStore {
  readonly root: string;

  constructor(dataDir: string, private readonly sealer: BlobSealer) {
    this.root = path.join(dataDir, RUNS_FOLDER);
  }

  /** Sortable by time, unique enough for one machine. */
  static newRunId(now = Date.now()): string {
    return `${String(now).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
  }

  /** A private scratch folder for one recording run. */
  /** The run's own scratch folder, created 0700 (with a 0700 .work); removeWork deletes it. */
  async workDir(runId: string): Promise<string> {
    checkRunId(runId);
    const dir = path.join(this.root, '.work', runId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(path.dirname(dir), 0o700);
    await chmod(dir, 0o700);
    return dir;
  }

  /** Where the shared headless browser keeps trace data while a run records: private, emptied after runs. */
  async browserWorkDir(): Promise<string> {
    const dir = path.join(this.root, '.work', BROWSER_WORK);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(path.dirname(dir), 0o700);
    await chmod(dir, 0o700);
    return dir;
  }

  /** Deletes a run's scratch folder, or with BROWSER_WORK the browser's, with everything in it. */
  async removeWork(name: string): Promise<void> {
    if (name !== BROWSER_WORK) checkRunId(name);
    await rm(path.join(this.root, '.work', name), { recursive: true, force: true });
  }

  /** Empties the scratch folders a crashed run may have left. */
  async clearWork(): Promise<void> {
    await rm(path.join(this.root, '.work'), { recursive: true, force: true });
  }

  private accountDir(accountId: string): string {
    checkAccountId(accountId);
    return path.join(this.root, accountId);
  }

  private context(accountId: string, runId: string, part: string): string {
    return `run:${accountId}:${runId}:${part}`;
  }

  private async writeSealed(file: string, context: string, plaintext: Uint8Array): Promise<void> {
    await writeFile(file, this.sealer.seal(context, plaintext), { mode: 0o600 });
  }

  private async readSealed(file: string, context: string): Promise<Uint8Array> {
    let box: Buffer;
    try {
      box = await readFile(file);
    } catch {
      throw new TesseraError('ITEM_NOT_FOUND', 'That run or file is no longer stored (only the last 20 runs of an account are kept).');
    }
    const plain = this.sealer.open(context, box);
    if (plain === null) throw new TesseraError('ITEM_CORRUPT', `The stored run file ${path.basename(file)} cannot be decrypted: it was altered or written by another vault.`);
    return plain;
  }

  /** Stores a finished run (report and artifacts, each sealed) and prunes old runs. */
  async save(accountId: string, runId: string, report: RunReport, artifacts: RunArtifacts): Promise<StoredRun> {
    checkRunId(runId);
    const dir = this.accountDir(accountId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const [index, shot] of artifacts.screenshots.entries()) {
      await this.writeSealed(path.join(dir, `${runId}.shot-${index}`), this.context(accountId, runId, `shot-${index}`), shot.png);
    }
    for (const [index, chunk] of artifacts.traceChunks.entries()) {
      await this.writeSealed(path.join(dir, `${runId}.trace-${index}`), this.context(accountId, runId, `trace-${index}`), chunk);
    }
    const run: StoredRun = {
      runId,
      accountId,
      report,
      screenshots: artifacts.screenshots.map(({ name, at }) => ({ name, at })),
      traceChunks: artifacts.traceChunks.length,
    };
    // The record last: a run is listed only once all its parts are on disk.
    await this.writeSealed(path.join(dir, `${runId}.record`), this.context(accountId, runId, 'record'), encoder.encode(JSON.stringify(run)));
    await this.prune(accountId);
    return run;
  }

  private async runIds(accountId: string): Promise<string[]> {
    const names = await readdir(this.accountDir(accountId)).catch(() => [] as string[]);
    return names.filter((name) => name.endsWith('.record')).map((name) => name.slice(0, -'.record'.length)).filter((id) => RUN_ID.test(id)).sort().reverse();
  }

  private async prune(accountId: string): Promise<void> {
    const old = new Set((await this.runIds(accountId)).slice(RUNS_KEPT));
    if (old.size === 0) return;
    const dir = this.accountDir(accountId);
    for (const name of await readdir(dir)) {
      if (old.has(name.split('.')[0] ?? '')) await rm(path.join(dir, name), { force: true });
    }
  }

  /** The account's runs, newest first; a damaged record is skipped, not fatal. */
  async list(accountId: string): Promise<RunSummary[]> {
    const runs: RunSummary[] = [];
    for (const runId of await this.runIds(accountId)) {
      const run = await this.get(accountId, runId).catch(() => undefined);
      if (run) runs.push(summarize(run));
    }
    return runs;
  }

  async get(accountId: string, runId: string): Promise<StoredRun> {
    checkRunId(runId);
    const plain = await this.readSealed(path.join(this.accountDir(accountId), `${runId}.record`), this.context(accountId, runId, 'record'));
    return JSON.parse(decoder.decode(plain)) as StoredRun;
  }

  async screenshot(accountId: string, runId: string, index: number): Promise<Uint8Array> {
    checkRunId(runId);
    return this.readSealed(path.join(this.accountDir(accountId), `${runId}.shot-${index}`), this.context(accountId, runId, `shot-${index}`));
  }

  async traceChunk(accountId: string, runId: string, index: number): Promise<Uint8Array> {
    checkRunId(runId);
    return this.readSealed(path.join(this.accountDir(accountId), `${runId}.trace-${index}`), this.context(accountId, runId, `trace-${index}`));
  }

  /** Deletes every stored run of an account (when the account is purged). */
  async removeAccount(accountId: string): Promise<void> {
    await rm(this.accountDir(accountId), { recursive: true, force: true });
  }

  // verification facts ------------------------------------------------------------------

  private get verificationsFile(): string {
    return path.join(this.root, 'verifications');
  }

  /**
   * The last conclusive verification of every account; an unreadable file counts as none.
   * Synchronous (one small file), so milestone computations can stay synchronous.
   */
  verifications(): Map<string, VerificationFact> {
    let box: Buffer;
    try {
      box = readFileSync(this.verificationsFile);
    } catch {
      return new Map();
    }
    const plain = this.sealer.open('verifications', box);
    const parsed = plain === null ? undefined : VerificationsSchema.safeParse(JSON.parse(decoder.decode(plain)));
    return new Map(parsed?.success ? Object.entries(parsed.data) : []);
  }

  recordVerification(accountId: string, fact: VerificationFact): void {
    checkAccountId(accountId);
    const all = this.verifications();
    all.set(accountId, fact);
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    writeFileAtomicSync(this.verificationsFile, Buffer.from(this.sealer.seal('verifications', encoder.encode(JSON.stringify(Object.fromEntries(all))))));
  }
}
