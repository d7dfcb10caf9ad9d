// The built scoring worker (out/main/password-scoring-worker.js, electron-vite's bundle with the
// pruned dictionary matchers loading zxcvbn-ts's files at run time) as a real worker thread:
// it starts, and scores a varied sample like zxcvbn-ts's stock matchers. Builds first when the
// bundle is older than main/ (as the CLI smoke tests do).
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createZxcvbn } from '../../../main/milestones/dashboard/password-strength';
import { PasswordScoringPool, locateScoringWorker } from '../../../main/milestones/password-scoring';
import { ROOT, ensureBuiltCli } from '../../support/cli-harness';
import { passwordCorpus } from '../../support/password-corpus';

let pool: PasswordScoringPool | null = null;

beforeAll(async () => {
  await ensureBuiltCli(); // the same build makes the worker
}, 300_000);

afterAll(async () => {
  await pool?.terminate();
});

it('scores in the built worker like zxcvbn-ts with its stock matchers', async () => {
  const file = locateScoringWorker(join(ROOT, 'out/main/chunks'));
  expect(file).toEqual({ path: join(ROOT, 'out/main/password-scoring-worker.js'), source: false });
  pool = new PasswordScoringPool(file!, 2);
  const items = passwordCorpus(6, 11).map(({ password, inputs }) => ({ password, inputs }));
  const [first, second] = await Promise.all([pool.score(items.slice(0, 50)), pool.score(items.slice(50))]);
  const stock = createZxcvbn('stock');
  expect([...first!, ...second!]).toEqual(items.map(({ password, inputs }) => stock.check(password.slice(0, 100), inputs.filter((s) => s !== '')).score));
});
