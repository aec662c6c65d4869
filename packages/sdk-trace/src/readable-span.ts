import type { Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatus } from '@spool/api';
import type { InstrumentationScope } from './instrumentation-scope.js';
import type { Resource } from './resource.js';

/** An event recorded on a span (OpenTelemetry JS `TimedEvent`). */
export interface TimedEvent {
  /** Epoch time of the event as `[seconds, nanoseconds]`. */
  readonly time: HrTime;
  readonly name: string;
  readonly attributes?: Attributes;
  /** Attributes dropped because of `attributePerEventCountLimit`. */
  readonly droppedAttributesCount?: number;
}

/**
 * A finished (or in-progress) span as span processors and exporters see it. Field
 * names and shapes are those of OpenTelemetry JS 2.x `ReadableSpan`, so processors
 * and exporters written for OpenTelemetry JS accept Spool spans. Times are epoch
 * `[seconds, nanoseconds]`; before `end()` `endTime` is `[0, 0]` and `duration` is
 * `[-1, -1]`.
 */
export interface ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly spanContext: () => SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/**
 * The encoder fast path: a span recorded by Spool with its default id generator
 * also exposes its ids as bytes. The 16-byte trace id is at
 * `[idOffset, idOffset + 16)` of `idBytes` and the 8-byte span id at
 * `[idOffset + 16, idOffset + 24)`. The buffer is shared with other spans and must
 * not be written. Check `idBytes !== undefined` and fall back to the hex ids of
 * `spanContext()` for any other span.
 */
export interface SpanIdBytes {
  readonly idBytes: Uint8Array;
  readonly idOffset: number;
}
