import { describe, expect, it } from 'vitest';
import { RUN_WORDING, type StepEvent, StepRunner } from '../../../automation/login/step-runner';

describe('StepRunner', () => {
  it('emits start and ok with the detail, and returns the value', async () => {
    const seen: StepEvent[] = [];
    const runner = new StepRunner((event) => seen.push(event), undefined, 1_000);
    const value = await runner.run('navigate', async () => ({ value: 42, detail: 'HTTP 200' }));
    expect(value).toBe(42);
    expect(seen.map(({ step, status, detail }) => ({ step, status, detail }))).toEqual([
      { step: 'navigate', status: 'start', detail: undefined },
      { step: 'navigate', status: 'ok', detail: 'HTTP 200' },
    ]);
    expect(runner.events).toEqual(seen);
  });

  it('fails a step that runs past its timeout with TIMEOUT', async () => {
    const runner = new StepRunner(undefined, undefined, 50);
    await expect(runner.run('detect-form', () => new Promise(() => undefined))).rejects.toMatchObject({ code: 'TIMEOUT', details: { step: 'detect-form' } });
    expect(runner.events.at(-1)).toMatchObject({ step: 'detect-form', status: 'fail' });
  });

  it('stops at once when cancelled', async () => {
    const controller = new AbortController();
    const runner = new StepRunner(undefined, controller.signal, 10_000);
    const running = runner.run('wait-result', () => new Promise(() => undefined));
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('does not start a step after cancellation', async () => {
    const controller = new AbortController();
    controller.abort();
    const runner = new StepRunner(undefined, controller.signal, 1_000);
    let ran = false;
    await expect(runner.run('navigate', async () => ({ value: (ran = true) }))).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(ran).toBe(false);
  });

  it('turns other errors into AUTOMATION_FAILED with their first line only', async () => {
    const runner = new StepRunner(undefined, undefined, 1_000);
    await expect(
      runner.run('submit', async () => {
        throw new Error('click failed\nCall log: <input value="page text">');
      }),
    ).rejects.toMatchObject({ code: 'AUTOMATION_FAILED', message: 'The step "submit" failed: click failed' });
  });

  it('words a login timeout with the assisted-mode hint, and a run after a login without it', async () => {
    const login = new StepRunner(undefined, undefined, 20);
    await expect(login.run('submit', () => new Promise(() => undefined))).rejects.toMatchObject({
      message: 'The step "submit" took longer than 0 s. The site may be slow or may have changed; try again or log in in assisted mode.',
    });
    const run = new StepRunner<string>(undefined, undefined, 20, RUN_WORDING);
    await expect(run.run('change-password', () => new Promise(() => undefined))).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'The step "change-password" took longer than 0 s. The site may be slow or may have changed.',
    });
  });

  it('says "the run was cancelled" for a flow after a login', async () => {
    const controller = new AbortController();
    const runner = new StepRunner<string>(undefined, controller.signal, 10_000, RUN_WORDING);
    const running = runner.run('find-page', () => new Promise(() => undefined));
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED', message: 'The run was cancelled.', details: { step: 'find-page' } });
  });
});
