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
import { captureDiag } from './capture-diag.js';

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

/** A carrier holding a valid header set of every format. */
function fullCarrier(): Record<string, unknown> {
  return {
    traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`,
    tracestate: 'a=1',
    baggage: 'k=v',
    'X-B3-TraceId': TRACE_ID,
    'X-B3-SpanId': SPAN_ID,
    'X-B3-Sampled': '1',
    'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:01`,
    'uberctx-k': 'v',
    'X-Amzn-Trace-Id': `Root=1-${TRACE_ID.slice(0, 8)}-${TRACE_ID.slice(8)};Parent=${SPAN_ID};Sampled=1`,
  };
}

/** A context whose `setValue` throws: every extract that finds something then throws, directly or through the getter. */
const throwingContext: Context = {
  getValue: (key) => ROOT_CONTEXT.getValue(key),
  setValue() {
    throw new Error('hostile context');
  },
  deleteValue() {
    throw new Error('hostile context');
  },
};

describe('extract when reading the carrier throws', () => {
  // For each propagator, a property whose direct read throws, and what the
  // getter (which reads such a property as absent) then finds: a span context
  // with this trace id and this tracestate, and these baggage entries.
  const cases: [string, () => TextMapPropagator, string, { traceId?: string; traceState?: string; baggage?: unknown }][] = [
    ['tracecontext', () => new W3CTraceContextPropagator(), 'tracestate', { traceId: TRACE_ID, traceState: undefined }],
    ['baggage', () => new W3CBaggagePropagator(), 'baggage', { baggage: undefined }],
    ['b3', () => new B3Propagator(), 'b3', { traceId: TRACE_ID }],
    ['b3multi', () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }), 'x-b3-flags', { traceId: TRACE_ID }],
    ['jaeger', () => new JaegerPropagator(), 'uberctx-other', { traceId: TRACE_ID, baggage: [['k', 'v', undefined]] }],
    ['xray', () => new AwsXRayPropagator(), 'x-amzn-trace-id', { traceId: TRACE_ID }],
  ];
  for (const [name, make, throwing, expected] of cases) {
    it(`${name}: a property that throws is read through the getter, without a report`, async () => {
      const propagator = make();
      let got: Context = ROOT_CONTEXT;
      const records = await captureDiag(() => {
        got = propagator.extract(ROOT_CONTEXT, hostile(fullCarrier(), throwing), defaultTextMapGetter);
      });
      const seen = describeContext(got) as { span?: { traceId: string; traceState?: string }; baggage?: unknown };
      if ('traceId' in expected) assert.equal(seen.span?.traceId, expected.traceId);
      if ('traceState' in expected) assert.equal(seen.span?.traceState, expected.traceState);
      if ('baggage' in expected) assert.deepEqual(seen.baggage, expected.baggage);
      const reference = propagator.extract(ROOT_CONTEXT, hostile(fullCarrier(), throwing), delegatingGetter);
      assert.deepEqual(describeContext(got), describeContext(reference));
      assert.deepEqual(records, []);
    });

    it(`${name}: what throws through the getter too leaves the context unchanged and is reported once`, async () => {
      const propagator = make();
      const records = await captureDiag(() => {
        for (let i = 0; i < 3; i++) {
          assert.equal(propagator.extract(throwingContext, fullCarrier(), defaultTextMapGetter), throwingContext);
          assert.equal(propagator.extract(throwingContext, fullCarrier(), delegatingGetter), throwingContext);
        }
      });
      const warnings = records.filter((r) => r.level === 'warn');
      assert.equal(warnings.length, 1, JSON.stringify(records));
      assert.match(warnings[0]!.message, /extract failed/);
    });
  }

  it('jaeger: baggage headers that cannot be read do not cost the span context', async () => {
    const keysThrow: TextMapGetter = {
      get: (carrier, key) => defaultTextMapGetter.get(carrier, key),
      keys() {
        throw new Error('keys');
      },
    };
    let got: Context = ROOT_CONTEXT;
    const records = await captureDiag(() => {
      got = new JaegerPropagator().extract(ROOT_CONTEXT, { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:01`, 'uberctx-k': 'v' }, keysThrow);
    });
    assert.equal(trace.getSpanContext(got)?.traceId, TRACE_ID);
    assert.equal(propagation.getBaggage(got), undefined);
    assert.equal(records.filter((r) => r.level === 'warn').length, 1);
  });
});
