import type { SpanAttributes, SpanAttributeValue } from './attributes.js';
import type { Exception } from './exception.js';
import type { Link } from './link.js';
import type { SpanContext } from './span-context.js';
import type { SpanStatus } from './span-status.js';
import type { TimeInput } from './time.js';

/**
 * One operation of a trace. Same shape as `@opentelemetry/api`'s `Span`.
 * Calls on an ended or non-recording span are ignored; none of the methods throws.
 */
export interface Span {
  /** The span's propagated identity; valid even after `end`. */
  spanContext(): SpanContext;
  /** Sets one attribute; invalid keys or values are dropped by SDKs. */
  setAttribute(key: string, value: SpanAttributeValue): this;
  /** Sets several attributes; invalid entries are dropped by SDKs. */
  setAttributes(attributes: SpanAttributes): this;
  /** Adds an event, with attributes and/or a time. */
  addEvent(name: string, attributesOrStartTime?: SpanAttributes | TimeInput, startTime?: TimeInput): this;
  /** Adds a link after the span started (links given at start are seen by samplers). */
  addLink(link: Link): this;
  /** Adds several links. */
  addLinks(links: Link[]): this;
  /** Sets the status; `OK` is final, `UNSET` never overrides. */
  setStatus(status: SpanStatus): this;
  /** Renames the span. */
  updateName(name: string): this;
  /** Ends the span; later calls are ignored. */
  end(endTime?: TimeInput): void;
  /** True while the span records (sampled or record-only, and not ended). */
  isRecording(): boolean;
  /** Records an `exception` event from an error or a message. */
  recordException(exception: Exception, time?: TimeInput): void;
}
