// The handler types: a function per channel, typed from the contract. Handler slices
// (handlers/*.ts) and the table (handler-table.ts) both use them.
import type { ChannelName, ChannelOutput, ChannelParsedInput } from './contract';

export type CallContext = {
  /** Which transport delivered the call; for audit and for transport-specific behaviour. */
  transport: 'electron' | 'web-test-host' | 'test';
};

export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  ctx: CallContext,
) => Promise<ChannelOutput<C>> | ChannelOutput<C>;

export type HandlerTable = { [C in ChannelName]: Handler<C> };
export type HandlerSlice<K extends ChannelName> = { [C in K]: Handler<C> };
