import {
  ROOT_CONTEXT, TraceFlags, baggageEntryMetadataFromString, createTraceState, defaultTextMapGetter,
  defaultTextMapSetter, propagation, trace, type BaggageEntry, type Context, type TextMapPropagator,
} from '@opentelemetry/api';
import type { PropagationOptions } from '../harness/propagation-benchmark.js';
import {
  FIXTURE_BAGGAGE, FIXTURE_SPAN_ID, FIXTURE_TRACE_ID, FIXTURE_TRACE_STATE, describeBaggage, describeSpanContext,
} from '../harness/propagation-fixture.js';

/**
 * The OpenTelemetry JS side of a propagate_* scenario: what to inject
 * (`carries`: a sampled span context, optionally with tracestate, or
 * baggage) and how to compare what comes back.
 */
export function otelPropagation(propagator: TextMapPropagator, carries: 'span' | 'span+tracestate' | 'baggage'): PropagationOptions<Context> {
  let context: Context;
  let describe: (c: Context) => string;
  if (carries === 'baggage') {
    const entries: Record<string, BaggageEntry> = {};
    for (const e of FIXTURE_BAGGAGE) {
      entries[e.key] = e.metadata !== undefined ? { value: e.value, metadata: baggageEntryMetadataFromString(e.metadata) } : { value: e.value };
    }
    context = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries));
    describe = (c) => describeBaggage(propagation.getBaggage(c));
  } else {
    context = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: FIXTURE_TRACE_ID,
      spanId: FIXTURE_SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: false,
      ...(carries === 'span+tracestate' ? { traceState: createTraceState(FIXTURE_TRACE_STATE) } : {}),
    });
    describe = (c) => describeSpanContext(trace.getSpanContext(c));
  }
  return { impl: 'otel', propagator, context, root: ROOT_CONTEXT, getter: defaultTextMapGetter, setter: defaultTextMapSetter, describe };
}
