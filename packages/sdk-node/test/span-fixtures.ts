import { SpanKind, SpanStatusCode, TraceFlags } from '@spool/api';
import type { HrTime, SpanContext } from '@spool/api';
import { Resource } from '@spool/sdk-trace';
import type { ReadableSpan } from '@spool/sdk-trace';

export const TRACE_A = '0af7651916cd43dd8448eb211c80319c';
export const TRACE_B = '4bf92f3577b34da6a3ce929d0e0e4736';

/** What a test says about a span; times in ms from an arbitrary epoch. */
export interface SpanSpec {
  readonly traceId?: string;
  readonly spanId: string;
  readonly parentId?: string;
  readonly remoteParent?: boolean;
  readonly name: string;
  readonly service?: string;
  readonly start: number;
  readonly end: number;
  readonly error?: string;
  readonly events?: readonly { readonly name: string; readonly at: number }[];
}

const EPOCH_S = 1_700_000_000;

function hr(ms: number): HrTime {
  const ns = Math.round(ms * 1e6);
  return [EPOCH_S + Math.floor(ns / 1e9), ns % 1e9];
}

/** A finished span as an exporter receives it, with exact times (a plain ReadableSpan value). */
export function makeSpan(spec: SpanSpec): ReadableSpan {
  const traceId = spec.traceId ?? TRACE_A;
  const ctx: SpanContext = { traceId, spanId: spec.spanId.padStart(16, '0'), traceFlags: TraceFlags.SAMPLED };
  const parent: SpanContext | undefined =
    spec.parentId === undefined
      ? undefined
      : { traceId, spanId: spec.parentId.padStart(16, '0'), traceFlags: TraceFlags.SAMPLED, isRemote: spec.remoteParent === true };
  const duration = spec.end - spec.start;
  return {
    name: spec.name,
    kind: SpanKind.INTERNAL,
    spanContext: () => ctx,
    ...(parent !== undefined ? { parentSpanContext: parent } : {}),
    startTime: hr(spec.start),
    endTime: hr(spec.end),
    duration: [Math.floor(duration / 1e3), Math.round((duration % 1e3) * 1e6)],
    status: spec.error !== undefined ? { code: SpanStatusCode.ERROR, message: spec.error } : { code: SpanStatusCode.UNSET },
    attributes: {},
    links: [],
    events: (spec.events ?? []).map((e) => ({ name: e.name, time: hr(e.at) })),
    ended: true,
    resource: new Resource({ 'service.name': spec.service ?? 'order' }),
    instrumentationScope: { name: 'test' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

/** A stream that keeps what is written. */
export class MemoryStream {
  readonly chunks: string[] = [];
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}
