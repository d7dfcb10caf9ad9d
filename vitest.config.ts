// Three test tiers, each a vitest project and an npm script:
// - `fast` (test/unit, `npm run test:fast`): pure cores, SQLite files, in-process services and
//   the CLI run in-process (runCli) at the test KDF cost. No build, no browser, no child process.
// - `integration` (test/integration, `npm run test:integration`): real Chromium, Dovecot IMAP,
//   relays over sockets, child processes, and the spawned smoke tests of the built CLI.
// - `e2e` (test/e2e, `npm run test:e2e`): the app's screens in real Chromium against the web
//   test host (uses out/renderer: build first).
// `npm test` runs lint, type-checks and the build in parallel, then the tiers in this order.
import { defineConfig } from 'vitest/config';

// expect.poll waits for a state that arrives over sockets or child processes: its 1 s default
// was too short on a loaded CI machine (a relay admission took longer). Waiting is bounded, not timed.
const POLL = { poll: { timeout: 15_000 } };

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Most test time is waiting (browsers, IMAP, child processes, network-quiet windows), not
    // CPU: on 2 cores, 2 workers kept the CPU about a third busy. E2E files still run one at
    // a time (their project sets fileParallelism: false).
    maxWorkers: Number(process.env['TESSERA_TEST_WORKERS'] ?? 4),
    projects: [
      {
        test: {
          name: 'fast',
          include: ['test/unit/**/*.test.ts'],
          // Guards, not timings: a 2-core machine shared with builds can stall a test for seconds.
          testTimeout: 90_000,
          hookTimeout: 60_000,
          expect: POLL,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Generous guards, not timings: spawned CLI tests run real Argon2id (64 MiB) and
          // browser tests real Chromium, which on a busy 2-core machine can take tens of seconds.
          testTimeout: 90_000,
          hookTimeout: 60_000,
          expect: POLL,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          expect: POLL,
        },
      },
      {
        // Real open-source apps (test/real-apps/apps/*) driven through the built CLI; each app
        // is started once by its own scripts. One file, one app at a time: the apps share a
        // 2-core machine with everything else, and rotation and MFA runs take minutes.
        test: {
          name: 'real-apps',
          include: ['test/real-apps/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        // Benchmarks report numbers to bench/RESULTS.md; they never assert on time.
        test: {
          name: 'bench',
          include: ['bench/**/*.bench.ts'],
          testTimeout: 30 * 60_000,
          hookTimeout: 10 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
