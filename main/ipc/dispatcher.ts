// Runs one call end to end: payload guard, schema validation, handler, and the mapping of
// every outcome to the result envelope. Both transports (Electron IPC, web test host) call
// this, so validation and error mapping exist exactly once.
import { channels, type ChannelName } from './contract';
import { fail, ok, type Result } from './result';
import { inspectPayload } from './payload-guard';
import type { CallContext, HandlerTable } from './handler-types';
import { isTesseraError } from '../errors';
import { humanizeIssues } from './human-issues';
import type { Logger } from '../logger';

export const KNOWN_CHANNELS: ReadonlySet<string> = new Set(Object.keys(channels));

export type Dispatch = (channel: string, payload: unknown, ctx: CallContext) => Promise<Result<unknown>>;

export function createDispatcher(table: HandlerTable, log: Logger): Dispatch {
  return async (channel, payload, ctx) => {
    if (!KNOWN_CHANNELS.has(channel)) return fail('UNKNOWN_CHANNEL', 'This action is not available.');
    const name = channel as ChannelName;
    const verdict = inspectPayload(payload);
    if (!verdict.ok) {
      log.warn('ipc.rejected', { channel: name, code: verdict.code, reason: verdict.reason });
      return fail(verdict.code, `The request was refused: ${verdict.reason}.`);
    }
    const parsed = channels[name].input.safeParse(payload);
    if (!parsed.success) {
      // The log keeps the schema's wording and path; people get sentences per field.
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? ` at "${first.path.join('.').slice(0, 80)}"` : '';
      log.warn('ipc.invalid', { channel: name, reason: first ? `${first.message.slice(0, 200)}${where}` : 'invalid input' });
      const human = humanizeIssues(parsed.error.issues);
      return fail('INVALID_INPUT', human.message.slice(0, 300), human.fields);
    }
    try {
      const handler = table[name] as (input: unknown, ctx: CallContext) => unknown;
      return ok(await handler(parsed.data, ctx));
    } catch (error) {
      if (isTesseraError(error)) return fail(error.code, error.message);
      // Unexpected errors may carry anything in their message: log the type, not the text.
      log.error('ipc.handler_crashed', { channel: name, errorType: error instanceof Error ? error.name : typeof error });
      return fail('INTERNAL', 'Something went wrong inside Tessera. Try again; if it keeps happening, restart the app.');
    }
  };
}
