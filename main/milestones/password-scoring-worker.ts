// Entry of out/main/password-scoring-worker.js (electron.vite.config.ts), a worker thread that
// scores passwords with zxcvbn so the main process keeps answering (password-scoring.ts starts
// it). It gets batches of { password, user inputs } over its message port and answers each with
// the scores in the same order. It keeps nothing between batches: no password, no score, only
// zxcvbn's dictionaries and their index, built as soon as it starts (~0.5–1 s, while the main
// process prepares the first batches; messages wait meanwhile). It is terminated when the vault
// locks and when a background run ends.
import { parentPort } from 'node:worker_threads';
import { passwordStrength } from './dashboard/password-strength';
import type { ScoringReply, ScoringRequest } from './password-scoring';

const port = parentPort;
if (!port) throw new Error('password-scoring-worker runs as a worker thread only');

port.on('message', (request: ScoringRequest) => {
  const scores = request.items.map((item) => {
    try {
      return passwordStrength(item.password, item.inputs);
    } catch {
      return -1; // not scored: the main process leaves it unknown, like a failed read
    }
  });
  request.items.length = 0;
  port.postMessage({ batch: request.batch, scores } satisfies ScoringReply);
});

setImmediate(() => {
  try {
    passwordStrength(''); // builds the factory
  } catch {
    // each item then fails on its own and is answered -1
  }
});
