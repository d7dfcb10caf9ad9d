// Helpers to declare a channel once: its zod input schema and (as a phantom type) its output.
// The renderer imports only the *types* derived from these declarations.
import type { z } from 'zod';

export interface ChannelSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom: carries the output type; never set at run time. */
  readonly output?: O;
}

/** `channel<Output>()(inputSchema)` declares a request/response channel. */
export function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelSpec<I, O> => ({ input });
}

/** `event<Payload>()` declares a main → renderer event. */
export function event<P>(): { readonly payload?: P } {
  return {};
}
