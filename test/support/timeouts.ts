// Step budgets for browser flows in tests. These are guards for a loaded CI machine (2 cores,
// four test files at once, each with several Chromium pages), never timings: a step that
// finishes in 0.4 s alone was seen to take over 10 s there. Tests that exercise a timeout on
// purpose pass their own short budget.

/** A login step's budget in tests: above the product's 15 s default, for the same reason. */
export const BUSY_MACHINE_STEP_TIMEOUT_MS = 20_000;
