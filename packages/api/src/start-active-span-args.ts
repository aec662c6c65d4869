import type { Context } from './context.js';
import type { SpanOptions } from './span-options.js';

/**
 * The arguments of `Tracer.startActiveSpan` after its three overloads are told
 * apart: `fn` is the last function argument; `undefined` when there is none.
 * @internal
 */
export interface StartActiveSpanArgs<F> {
  options: SpanOptions | undefined;
  context: Context | undefined;
  fn: F | undefined;
}

/**
 * Sorts the overloaded arguments of `startActiveSpan` (`fn`, `options, fn`,
 * `options, context, fn`). Shared with SDK tracers through the API's behaviour,
 * not its exports.
 * @internal
 */
export function parseStartActiveSpanArgs<F>(a2: unknown, a3: unknown, a4: unknown): StartActiveSpanArgs<F> {
  if (typeof a2 === 'function') return { options: undefined, context: undefined, fn: a2 as F };
  if (typeof a3 === 'function') return { options: a2 as SpanOptions | undefined, context: undefined, fn: a3 as F };
  if (typeof a4 === 'function') {
    return { options: a2 as SpanOptions | undefined, context: a3 as Context | undefined, fn: a4 as F };
  }
  return { options: undefined, context: undefined, fn: undefined };
}
