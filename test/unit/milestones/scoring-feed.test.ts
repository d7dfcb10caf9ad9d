// The scoring feed (main/milestones/scoring-feed.ts) over a real worker pool (the .ts worker run
// from source, the real zxcvbn): batches of the set size, at most `ahead` per worker unanswered,
// one full batch held until a worker has room (`hasRoom` false meanwhile), every score handed
// back with its key in order, and the pool's end not taken for a failure.
import { afterEach, describe, expect, it } from 'vitest';
import { passwordStrength } from '../../../main/milestones/dashboard/password-strength';
import { PasswordScoringPool, locateScoringWorker, type ScoringItem } from '../../../main/milestones/password-scoring';
import { ScoringFeed } from '../../../main/milestones/scoring-feed';

const items: ScoringItem[] = Array.from({ length: 11 }, (_, i) => ({ password: i % 3 === 0 ? `summer${2020 + i}` : `vT7#qLm2-${i * 7919}-x`, inputs: [`user${i}`] }));

describe('the scoring feed', () => {
  let pool: PasswordScoringPool | null = null;
  afterEach(async () => {
    await pool?.terminate();
    pool = null;
  });

  function feedOf(batchSize: number, ahead: number) {
    pool = new PasswordScoringPool(locateScoringWorker()!, 1);
    const answers: { keys: number[]; scores: number[] }[] = [];
    const errors: unknown[] = [];
    const feed = new ScoringFeed<number>(pool, { batchSize, ahead, onScores: (keys, scores) => answers.push({ keys, scores }), onError: (error) => errors.push(error) });
    return { pool, feed, answers, errors };
  }

  it('sends full batches while a worker has room, holds one more, and hands back every score with its key', async () => {
    const { pool, feed, answers, errors } = feedOf(3, 1);
    for (let i = 0; i < 3; i++) feed.add(i, items[i]!);
    expect(pool.pending).toBe(1); // full: sent at once
    for (let i = 3; i < 6; i++) {
      expect(feed.hasRoom).toBe(true);
      feed.add(i, items[i]!);
    }
    expect(pool.pending).toBe(1); // the second full batch waits for the first answer
    expect(feed.hasRoom).toBe(false);
    await feed.room();
    expect(feed.hasRoom).toBe(true);
    expect(answers.map((a) => a.keys)).toEqual([[0, 1, 2]]);
    expect(pool.pending).toBe(1); // the held batch went when the first was answered
    for (let i = 6; i < items.length; i++) {
      await feed.room();
      feed.add(i, items[i]!);
    }
    await feed.drain();
    expect(pool.pending).toBe(0);
    expect(answers.map((a) => a.keys)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10]]);
    expect(answers.flatMap((a) => a.scores)).toEqual(items.map((item) => passwordStrength(item.password, item.inputs)));
    expect(errors).toEqual([]);
    expect(feed.failed).toBe(false);
  });

  it('takes the pool\'s end for a stop, not a failure: nothing answered, nothing reported', async () => {
    const { pool, feed, answers, errors } = feedOf(2, 2);
    for (let i = 0; i < 5; i++) feed.add(i, items[i]!);
    await pool.terminate();
    await feed.drain();
    expect(answers).toEqual([]);
    expect(errors).toEqual([]);
    expect(feed.failed).toBe(false);
  });
});
