// The propagators read and write plain-object carriers directly when they are
// given the API's default getter or setter (plain-carrier.ts). These tests hold
// that shortcut to its contract: whatever the carrier, the result is exactly
// what going through the getter or setter gives. A getter or setter that only
// delegates to the default one is not recognised, so it takes the slow path and
// serves as the reference.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  TraceFlags,
  baggageEntryMetadataFromString,
  createContextKey,
  createTraceState,
  defaultTextMapGetter,
  defaultTextMapSetter,
  diag,
  propagation,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@spool/api';
import {
  AwsXRayPropagator,
  B3InjectEncoding,
  B3Propagator,
  JaegerPropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '../src/index.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

const delegatingGetter: TextMapGetter = {
  get: (carrier, key) => defaultTextMapGetter.get(carrier, key),
  keys: (carrier) => defaultTextMapGetter.keys(carrier),
};
const delegatingSetter: TextMapSetter = {
  set: (carrier, key, value) => defaultTextMapSetter.set(carrier, key, value),
};

const propagators: [string, TextMapPropagator][] = [
  ['tracecontext', new W3CTraceContextPropagator()],
  ['baggage', new W3CBaggagePropagator()],
  ['b3', new B3Propagator()],
  ['b3multi', new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })],
  ['jaeger', new JaegerPropagator()],
  ['xray', new AwsXRayPropagator()],
];

/** Everything a context carries that a propagator may have set, as a comparable value. */
function describeContext(ctx: Context): unknown {
  const sc = trace.getSpanContext(ctx);
  const baggage = propagation.getBaggage(ctx);
  return {
    span: sc === undefined ? undefined : { ...sc, traceState: sc.traceState?.serialize() },
    baggage: baggage?.getAllEntries().map(([k, e]) => [k, e.value, e.metadata?.toString()]),
    b3Debug: ctx.getValue(createContextKey('OpenTelemetry Context Key B3 Debug Flag')),
    jaegerDebug: ctx.getValue(createContextKey('Spool Context Key Jaeger Debug Flag')),
  };
}

function hostile(carrier: Record<string, unknown>, name: string): Record<string, unknown> {
  return Object.defineProperty(carrier, name, {
    enumerable: true,
    configurable: true,
    get() {
      throw new Error('hostile getter');
    },
  });
}

/** Carriers that exercise the case-insensitive fallback, arrays, junk values and throwing properties. */
function carriers(): Record<string, unknown>[] {
  const tp = `00-${TRACE_ID}-${SPAN_ID}-01`;
  const b3 = `${TRACE_ID}-${SPAN_ID}-1`;
  const uber = `${TRACE_ID}:${SPAN_ID}:0:01`;
  const xray = `Root=1-${TRACE_ID.slice(0, 8)}-${TRACE_ID.slice(8)};Parent=${SPAN_ID};Sampled=1`;
  const list: Record<string, unknown>[] = [
    {},
    { traceparent: tp, tracestate: 'a=1,b=2', baggage: 'k=v;p=1,k2=v%202', b3, 'uber-trace-id': uber, 'x-amzn-trace-id': xray },
    { Traceparent: tp, TRACESTATE: 'a=1', Baggage: 'k=v', B3: b3, 'Uber-Trace-Id': uber, 'X-Amzn-Trace-Id': xray },
    { traceparent: [tp], tracestate: ['a=1', 'b=2'], baggage: ['k=v', 'k2=w'], b3: [b3, 'x'], 'uber-trace-id': [uber] },
    { 'X-B3-TraceId': TRACE_ID, 'X-B3-SpanId': SPAN_ID, 'X-B3-Sampled': '1', 'X-B3-Flags': '1' },
    { 'x-b3-traceid': TRACE_ID, 'X-B3-SPANID': SPAN_ID, 'x-b3-sampled': 0 as unknown as string, 'X-B3-Sampled': '1' },
    { b3: 'garbage', 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID },
    { b3: 42, B3: b3 },
    { traceparent: 7, TraceParent: tp, 'uberctx-user': 'a%20b', 'UberCtx-Other': 'x' },
    hostile({ b3: 'x', 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '1' }, 'b3'),
    hostile({ traceparent: tp, tracestate: 'a=1' }, 'tracestate'),
    hostile({ Traceparent: tp }, 'traceparent'),
    hostile({ baggage: 'k=v', Baggage: 'k2=v2' }, 'baggage'),
    hostile({ 'uber-trace-id': uber, 'uberctx-a': '1', 'uberctx-b': '2' }, 'uberctx-a'),
    hostile({ 'X-Amzn-Trace-Id': xray }, 'x-amzn-trace-id'),
    Object.assign(Object.create(null) as Record<string, unknown>, { traceparent: tp, B3: b3, 'UBER-TRACE-ID': uber }),
    Object.assign(Object.create({ Traceparent: tp, B3: b3, 'uberctx-inherited': 'x' }) as Record<string, unknown>, { own: '1' }),
  ];
  return list;
}

function contexts(): Context[] {
  const sc = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, isRemote: false };
  const withBaggage = propagation.setBaggage(
    ROOT_CONTEXT,
    propagation.createBaggage({ k: { value: 'a b', metadata: baggageEntryMetadataFromString('p=1') }, k2: { value: 'v' } }),
  );
  return [
    ROOT_CONTEXT,
    trace.setSpanContext(ROOT_CONTEXT, sc),
    trace.setSpanContext(withBaggage, { ...sc, traceState: createTraceState('a=1,b=2') }),
    trace.setSpanContext(ROOT_CONTEXT, { ...sc, traceFlags: TraceFlags.NONE }).setValue(createContextKey('OpenTelemetry Context Key B3 Debug Flag'), 'd'),
    withBaggage,
  ];
}

describe('direct access to plain carriers', () => {
  for (const [name, propagator] of propagators) {
    it(`${name}: extract reads a plain carrier exactly as through the default getter`, () => {
      diag.disable();
      for (const [i, carrier] of carriers().entries()) {
        const direct = propagator.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
        const reference = propagator.extract(ROOT_CONTEXT, carrier, delegatingGetter);
        assert.deepEqual(describeContext(direct), describeContext(reference), `carrier ${i}`);
      }
    });

    it(`${name}: inject writes a plain carrier exactly as through the default setter`, () => {
      for (const [i, ctx] of contexts().entries()) {
        const direct: Record<string, string> = {};
        const reference: Record<string, string> = {};
        propagator.inject(ctx, direct, defaultTextMapSetter);
        propagator.inject(ctx, reference, delegatingSetter);
        assert.deepEqual(direct, reference, `context ${i}`);
        assert.deepEqual(Object.keys(direct), Object.keys(reference), `context ${i}: key order`);
      }
    });

    it(`${name}: inject into a frozen carrier or one with a throwing property writes what the setter would`, () => {
      for (const ctx of contexts()) {
        const frozen = Object.freeze({});
        assert.doesNotThrow(() => propagator.inject(ctx, frozen, defaultTextMapSetter));
        assert.deepEqual(frozen, {});
        const make = (): Record<string, string> => {
          const c: Record<string, string> = {};
          for (const header of propagator.fields()) {
            Object.defineProperty(c, header, {
              enumerable: false,
              set() {
                throw new Error('setter');
              },
            });
          }
          return c;
        };
        const direct = make();
        const reference = make();
        assert.doesNotThrow(() => propagator.inject(ctx, direct, defaultTextMapSetter));
        propagator.inject(ctx, reference, delegatingSetter);
        assert.deepEqual({ ...direct }, { ...reference });
      }
    });
  }

  it('finds every B3 header that is not under its lowercase name in one pass, keeping the first match', () => {
    const p = new B3Propagator();
    const ctx = p.extract(
      ROOT_CONTEXT,
      { 'X-B3-TRACEID': TRACE_ID, 'X-B3-TraceId': 'ffffffffffffffffffffffffffffffff', 'X-B3-SpanId': SPAN_ID, 'X-B3-Flags': '1' },
      defaultTextMapGetter,
    );
    const sc = trace.getSpanContext(ctx);
    assert.equal(sc?.traceId, TRACE_ID);
    assert.equal(sc?.spanId, SPAN_ID);
    assert.equal(sc?.traceFlags, TraceFlags.SAMPLED);
  });
});
