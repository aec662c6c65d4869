import type { TraceState } from './trace-state.js';
import { W3CTraceState } from './w3c-trace-state.js';

/**
 * Makes an immutable W3C {@link TraceState} from a `tracestate` header value
 * (W3C Trace Context §3.3, the current key grammar: a lowercase letter or digit
 * first, then `a-z 0-9 _ - * / @`, up to 256 characters).
 *
 * Optional whitespace and empty members are removed; members keep their order
 * and duplicate keys are kept as received. The whole list is dropped (it reads
 * as empty) when a member breaks the grammar, when there are more than 32
 * members, or when `raw` is over 32768 characters: the processing model allows
 * discarding the entire header, and the W3C test suite expects it. No members
 * are cut for length: the spec's 512 characters are a minimum to propagate.
 * A missing or non-string `raw` gives an empty list.
 *
 * `raw` is validated on first use (`get`, `set`, `unset` or `serialize`), not
 * here, so a list that is only passed on costs nothing; the first
 * drop is reported once through `diag.debug`. Never throws.
 */
export function createTraceState(raw?: string): TraceState {
  if (typeof raw !== 'string' || raw.length === 0) return new W3CTraceState('', true);
  return new W3CTraceState(raw, false);
}
