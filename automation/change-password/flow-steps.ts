// Named steps for the flows after a login (change password, sign out everywhere): each emits
// start/ok/fail with a timestamp and a detail that describes the page, never a secret, has
// its own timeout, and stops when the caller's signal fires. Errors become TesseraErrors.
import { TesseraError } from '../../main/errors';

export interface FlowStepEvent<S extends string = string> {
  step: S;
  status: 'start' | 'ok' | 'fail';
  at: number;
  detail?: string;
}

export type FlowStepSink<S extends string = string> = (event: FlowStepEvent<S>) => void;

export class FlowSteps<S extends string> {
  readonly events: FlowStepEvent<S>[] = [];

  constructor(
    private readonly sink: FlowStepSink<S> | undefined,
    private readonly signal: AbortSignal | undefined,
    readonly timeoutMs: number,
  ) {}

  emit(step: S, status: FlowStepEvent['status'], detail?: string): void {
    const event: FlowStepEvent<S> = detail === undefined ? { step, status, at: Date.now() } : { step, status, at: Date.now(), detail };
    this.events.push(event);
    this.sink?.(event);
  }

  async run<T>(step: S, work: () => Promise<{ value: T; detail?: string }>, { timeoutMs = this.timeoutMs } = {}): Promise<T> {
    if (this.signal?.aborted) throw new TesseraError('CANCELLED', 'The run was cancelled.', { step });
    this.emit(step, 'start');
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TesseraError('TIMEOUT', `The step "${step}" took longer than ${Math.round(timeoutMs / 1000)} s. The site may be slow or may have changed.`, { step })), timeoutMs);
      onAbort = () => reject(new TesseraError('CANCELLED', 'The run was cancelled.', { step }));
      this.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const { value, detail } = await Promise.race([work(), stop]);
      this.emit(step, 'ok', detail);
      return value;
    } catch (error) {
      const failure = asTesseraError(error, step);
      this.emit(step, 'fail', failure.message);
      throw failure;
    } finally {
      clearTimeout(timer);
      if (onAbort) this.signal?.removeEventListener('abort', onAbort);
    }
  }
}

function asTesseraError(error: unknown, step: string): TesseraError {
  if (error instanceof TesseraError) return error;
  if (error instanceof Error && error.name === 'AbortError') return new TesseraError('CANCELLED', 'The run was cancelled.', { step });
  if (error instanceof Error && error.name === 'TimeoutError') return new TesseraError('TIMEOUT', `The step "${step}" timed out. The site may be slow or may have changed.`, { step });
  // Playwright messages can quote page content; keep the first line only.
  const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return new TesseraError('AUTOMATION_FAILED', `The step "${step}" failed: ${firstLine}`, { step });
}
