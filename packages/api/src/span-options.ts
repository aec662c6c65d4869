import type { Attributes } from './attributes.js';
import type { Link } from './link.js';
import type { SpanKind } from './span-kind.js';
import type { TimeInput } from './time.js';

/**
 * Options of `Tracer.startSpan`. Same shape as `@opentelemetry/api`'s `SpanOptions`.
 */
export interface SpanOptions {
  /** The span kind; `INTERNAL` when absent. */
  kind?: SpanKind;
  /** Attributes set at start (visible to samplers). */
  attributes?: Attributes;
  /** Links set at start (visible to samplers). */
  links?: Link[];
  /** Start time; the current time when absent or invalid. */
  startTime?: TimeInput;
  /** When true, the span starts a new trace and ignores the parent in the context. */
  root?: boolean;
}
