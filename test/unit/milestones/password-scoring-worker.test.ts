// Password scoring in worker threads (main/milestones/password-scoring.ts and its worker): real
// worker threads running the real zxcvbn (from source here: the .ts worker with Node's type
// stripping), the same scores as the main thread, batches waiting when the pool is terminated
// rejected, and through the real services: a lock ends the workers and drops what they had not
// answered; without a worker file the scoring runs on the main thread and says so in the log.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spyDecryptions } from '../../support/decryption-spy';
import { passwordStrength } from '../../../main/milestones/dashboard/password-strength';
import { PasswordScoringPool, ScoringStopped, locateScoringWorker, type ScoringItem } from '../../../main/milestones/password-scoring';
import { SecretChecks } from '../../../main/milestones/secret-checks';
import type { Logger, LogFields } from '../../../main/logger';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';

const SAMPLE: ScoringItem[] = [
  { password: 'summer2024', inputs: ['alice@team.example', 'Acme Portal', 'acme.example.com'] },
  { password: 'P@ssw0rd1!', inputs: [] },
  { password: 're1@t!onsh!p', inputs: ['bob'] },
  { password: 'acmeportal2024', inputs: ['ops@acme.example', 'Acme Portal', 'acme.example.com'] },
  { password: 'alice.12@team', inputs: ['alice.12@team.example', 'Team'] },
  { password: 'qwertyuiop', inputs: [] },
  { password: 'correct horse battery staple', inputs: [] },
  { password: 'globex-1x9k2q-7f-Q!', inputs: ['carol.3@team.example', 'Globex Admin 7', 'globex42.example.com'] },
  { password: 'Tr0ub4dor&3', inputs: [] },
  { password: 'vT7#qLm2-xz8$Kp0w-Rr4!nB6y', inputs: ['dave', 'Vendor'] },
  { password: '123456', inputs: [] },
  { password: 'x'.repeat(140), inputs: [] },
];

describe('the scoring worker', () => {
  const file = locateScoringWorker();
  let pool: PasswordScoringPool | null = null;
  afterEach(async () => {
    await pool?.terminate();
    pool = null;
  });

  it('runs from source here (the .ts worker) and gives the main thread\'s scores, in order', async () => {
    expect(file).toMatchObject({ source: true });
    pool = new PasswordScoringPool(file!, 2);
    const [first, second] = await Promise.all([pool.score(SAMPLE.slice(0, 6)), pool.score(SAMPLE.slice(6))]);
    expect([...first, ...second]).toEqual(SAMPLE.map((item) => passwordStrength(item.password, item.inputs)));
    expect(pool.pending).toBe(0);
    expect(pool.running).toBe(2);
  });

  it('rejects batches still waiting when terminated, and its threads exit', async () => {
    pool = new PasswordScoringPool(file!, 1);
    const waiting = pool.score(SAMPLE);
    const stopped = pool.terminate();
    await expect(waiting).rejects.toBeInstanceOf(ScoringStopped);
    await stopped;
    expect(pool.running).toBe(0);
    await expect(pool.score(SAMPLE)).rejects.toBeInstanceOf(ScoringStopped);
  });

  it('prefers a built worker next to the bundle (or its chunk\'s parent) over the source, and finds none elsewhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scoring-worker-'));
    try {
      mkdirSync(join(dir, 'chunks'));
      expect(locateScoringWorker(join(dir, 'chunks'))).toBeNull();
      writeFileSync(join(dir, 'password-scoring-worker.js'), '');
      expect(locateScoringWorker(join(dir, 'chunks'))).toEqual({ path: join(dir, 'password-scoring-worker.js'), source: false });
      expect(locateScoringWorker(dir)).toEqual({ path: join(dir, 'password-scoring-worker.js'), source: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('secret checks with the scoring workers', () => {
  let h: ChannelHarness;
  const value = <T,>(channel: string, input: unknown = {}) => h.value<T>(channel, input);
  beforeEach(() => {
    h = openChannelHarness();
  });
  afterEach(() => h.close());

  async function vaultWith(count: number): Promise<void> {
    await value('vault.create', { password: 'master-password-1' });
    for (let i = 0; i < count; i++) {
      await value('accounts.create', { name: `Site ${i}`, username: `user${i}`, urls: [`https://site${i}.example.com/login`], password: i % 5 === 0 ? `site${i}2024` : `unique-${i}-vT7#qLm2-${i * 7919}` });
    }
    h.services.facts.clear();
  }

  it('scores every password in workers, with the main thread\'s scores, and keeps them in the summaries', async () => {
    await vaultWith(30);
    const checks = h.services.facts.checks;
    await value('milestones.levels');
    await expect.poll(() => checks.scoringPool).not.toBeNull();
    const pool = checks.scoringPool!;
    await checks.settled();
    expect(pool.running).toBe(0); // ended with its run
    const vault = h.services.vault.unlocked();
    const summaries = vault.accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' ? [e] : []));
    expect(summaries).toHaveLength(30);
    for (const summary of summaries) {
      const account = vault.accounts.get(summary.id);
      expect(summary.passwordScore).toBe(passwordStrength(account.password, [account.username, account.name, ...summary.hosts]));
    }
  });

  it('decrypts each account once when the workers have room: the password read for its facts is the one scored', async () => {
    await vaultWith(30);
    const checks = h.services.facts.checks;
    const accounts = h.services.vault.unlocked().accounts;
    const decrypted = spyDecryptions(accounts);
    checks.checkInBackground();
    await checks.settled();
    const ids = decrypted.ids();
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const summaries = accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' ? [e] : []));
    expect(summaries.every((s) => s.passwordScore !== undefined)).toBe(true);
  });

  it('ends the workers on lock and drops what they had not answered', async () => {
    await vaultWith(120);
    const checks = h.services.facts.checks;
    await value('milestones.levels');
    await expect.poll(() => checks.scoringPool?.pending ?? 0).toBeGreaterThan(0);
    const pool = checks.scoringPool!;
    await value('vault.lock');
    expect(checks.scoringPool).toBeNull();
    await checks.settled();
    await expect.poll(() => pool.running).toBe(0);
    await value('vault.unlock', { password: 'master-password-1' });
    // Fewer than a save's worth were answered before the lock, and nothing was saved or kept after it.
    const summaries = h.services.vault.unlocked().accounts.list({ deleted: 'exclude' }).flatMap((e) => (e.status === 'ok' ? [e] : []));
    expect(summaries.filter((s) => s.passwordScore !== undefined)).toEqual([]);
    expect(summaries.filter((s) => checks.knownScore(s) !== undefined)).toEqual([]);
  });

  it('scores on the main thread, with a log line, when no worker file can be found', async () => {
    await vaultWith(8);
    const lines: { event: string; fields?: LogFields }[] = [];
    const log: Logger = { info() {}, warn: (event, fields) => lines.push({ event, ...(fields ? { fields } : {}) }), error() {} };
    const vault = () => h.services.vault.unlocked();
    const checks = new SecretChecks(vault, undefined, { worker: null, log });
    checks.checkInBackground();
    expect(checks.scoringPool).toBeNull();
    await checks.settled();
    expect(lines).toEqual([{ event: 'milestones.scoring-on-main-thread', fields: expect.objectContaining({ passwords: 8 }) }]);
    for (const entry of vault().accounts.list({ deleted: 'exclude' })) {
      if (entry.status !== 'ok') continue;
      const account = vault().accounts.get(entry.id);
      expect(checks.knownScore(entry)).toBe(passwordStrength(account.password, [account.username, account.name, ...entry.hosts]));
    }
  });
});
