import type { SpanAttributes } from './attributes.js';
import type { SpanContext } from './span-context.js';

/**
 * A reference from one span to another span context, possibly in another trace.
 * Same shape as `@opentelemetry/api`'s `Link`.
 */
export interface Link {
  /** The linked span's context. */
  context: SpanContext;
  /** Attributes describing the link. */
  attributes?: SpanAttributes;
  /** How many attributes were dropped (set by SDKs over their limits). */
  droppedAttributesCount?: number;
}
