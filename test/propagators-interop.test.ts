// Interop of @spool/propagators with the OpenTelemetry JS propagators: for every
// format, what one side injects the other extracts to the same span context
// (trace id, span id, flags, remote, trace state) and baggage, and the reverse.
// Where the two disagree, the "documented disagreement" tests pin down both
// behaviours; docs/propagation.md says which side the specification backs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as otel from '@opentelemetry/api';
import { TraceState as OtelTraceState, W3CBaggagePropagator as OtelBaggage, W3CTraceContextPropagator as OtelTraceContext } from '@opentelemetry/core';
import { B3InjectEncoding as OtelB3Encoding, B3Propagator as OtelB3 } from '@opentelemetry/propagator-b3';
import { JaegerPropagator as OtelJaeger } from '@opentelemetry/propagator-jaeger';
import { AWSXRayPropagator as OtelXRay } from '@opentelemetry/propagator-aws-xray';
import * as spool from '@spool/api';
import {
  AwsXRayPropagator,
  B3InjectEncoding,
  B3Propagator,
  JaegerPropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@spool/propagators';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const B3_DEBUG = Symbol.for('OpenTelemetry Context Key B3 Debug Flag');

type Carrier = Record<string, string>;
interface Ids {
  traceId: string;
  spanId: string;
  traceFlags: number;
  isRemote: boolean | undefined;
  traceState: string | undefined;
}
interface Pair {
  name: string;
  spool: spool.TextMapPropagator;
  otel: otel.TextMapPropagator;
  /** The flag values the format can carry (W3C carries random, the others only sampled). */
  flags: number[];
  tracestate: boolean;
}

const pairs: Pair[] = [
  { name: 'tracecontext', spool: new W3CTraceContextPropagator(), otel: new OtelTraceContext(), flags: [0, 1, 2, 3], tracestate: true },
  { name: 'b3 single', spool: new B3Propagator(), otel: new OtelB3(), flags: [0, 1], tracestate: false },
  {
    name: 'b3 multi',
    spool: new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
    otel: new OtelB3({ injectEncoding: OtelB3Encoding.MULTI_HEADER }),
    flags: [0, 1],
    tracestate: false,
  },
  { name: 'jaeger', spool: new JaegerPropagator(), otel: new OtelJaeger(), flags: [0, 1], tracestate: false },
  { name: 'xray', spool: new AwsXRayPropagator(), otel: new OtelXRay(), flags: [0, 1], tracestate: false },
];

function ids(sc: { traceId: string; spanId: string; traceFlags: number; isRemote?: boolean; traceState?: { serialize(): string } } | undefined): Ids | undefined {
  if (sc === undefined) return undefined;
  const ts = sc.traceState?.serialize();
  return { traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags, isRemote: sc.isRemote, traceState: ts === '' ? undefined : ts };
}

function spoolInject(p: spool.TextMapPropagator, ctx: spool.Context): Carrier {
  const c: Carrier = {};
  p.inject(ctx, c, spool.defaultTextMapSetter);
  return c;
}
function otelInject(p: otel.TextMapPropagator, ctx: otel.Context): Carrier {
  const c: Carrier = {};
  p.inject(ctx, c, otel.defaultTextMapSetter);
  return c;
}
function spoolExtract(p: spool.TextMapPropagator, c: Record<string, unknown>): spool.Context {
  return p.extract(spool.ROOT_CONTEXT, c, spool.defaultTextMapGetter);
}
function otelExtract(p: otel.TextMapPropagator, c: Record<string, unknown>): otel.Context {
  return p.extract(otel.ROOT_CONTEXT, c, otel.defaultTextMapGetter);
}
function spoolCtx(traceFlags: number, traceState?: string): spool.Context {
  return spool.trace.setSpanContext(spool.ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags,
    ...(traceState === undefined ? {} : { traceState: spool.createTraceState(traceState) }),
  });
}
function otelCtx(traceFlags: number, traceState?: string): otel.Context {
  return otel.trace.setSpanContext(otel.ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags,
    ...(traceState === undefined ? {} : { traceState: new OtelTraceState(traceState) }),
  });
}

describe('interop: span context', () => {
  for (const pair of pairs) {
    for (const flags of pair.flags) {
      const traceState = pair.tracestate ? 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' : undefined;
      it(`${pair.name}: Spool inject -> OpenTelemetry extract keeps the span context (flags ${flags})`, () => {
        const carrier = spoolInject(pair.spool, spoolCtx(flags, traceState));
        const got = ids(otel.trace.getSpanContext(otelExtract(pair.otel, carrier)));
        assert.deepEqual(got, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: flags, isRemote: true, traceState });
      });
      it(`${pair.name}: OpenTelemetry inject -> Spool extract keeps the span context (flags ${flags})`, () => {
        const carrier = otelInject(pair.otel, otelCtx(flags, traceState));
        const got = ids(spool.trace.getSpanContext(spoolExtract(pair.spool, carrier)));
        assert.deepEqual(got, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: flags, isRemote: true, traceState });
      });
      it(`${pair.name}: both sides inject the same headers (flags ${flags})`, () => {
        assert.deepEqual(spoolInject(pair.spool, spoolCtx(flags, traceState)), otelInject(pair.otel, otelCtx(flags, traceState)));
      });
    }
  }

  it('b3: a 64-bit trace id is padded the same way by both', () => {
    for (const pair of pairs.filter((p) => p.name.startsWith('b3'))) {
      const carrier = pair.name === 'b3 single'
        ? { b3: `64fe8b2a57d3eff7-${SPAN_ID}-1` }
        : { 'x-b3-traceid': '64fe8b2a57d3eff7', 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '1' };
      assert.deepEqual(
        ids(spool.trace.getSpanContext(spoolExtract(pair.spool, carrier))),
        ids(otel.trace.getSpanContext(otelExtract(pair.otel, carrier))),
      );
    }
  });

  it('b3: debug survives a hop through either implementation in the same encoding', () => {
    for (const [spoolP, otelP, header] of [
      [new B3Propagator(), new OtelB3(), 'b3'],
      [new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }), new OtelB3({ injectEncoding: OtelB3Encoding.MULTI_HEADER }), 'x-b3-flags'],
    ] as const) {
      const debugIn = header === 'b3' ? { b3: `${TRACE_ID}-${SPAN_ID}-d` } : { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-flags': '1' };
      // OpenTelemetry extracts, Spool injects
      const viaOtel = otelExtract(otelP, debugIn);
      const spoolOut = spoolInject(spoolP, viaOtel as unknown as spool.Context);
      assert.equal(spoolOut[header], header === 'b3' ? `${TRACE_ID}-${SPAN_ID}-d` : '1');
      // Spool extracts, OpenTelemetry injects
      const viaSpool = spoolExtract(spoolP, debugIn);
      assert.equal(viaSpool.getValue(B3_DEBUG), header === 'b3' ? 'd' : '1');
      const otelOut = otelInject(otelP, viaSpool as unknown as otel.Context);
      assert.equal(otelOut[header], header === 'b3' ? `${TRACE_ID}-${SPAN_ID}-d` : '1');
    }
  });

  it('contexts made by either API carry span contexts the other propagator injects', () => {
    // A Spool propagator reading an OpenTelemetry context and the reverse (same Symbol.for keys).
    const p = new W3CTraceContextPropagator();
    assert.equal(spoolInject(p, otelCtx(1) as unknown as spool.Context).traceparent, `00-${TRACE_ID}-${SPAN_ID}-01`);
    assert.equal(otelInject(new OtelTraceContext(), spoolCtx(1) as unknown as otel.Context).traceparent, `00-${TRACE_ID}-${SPAN_ID}-01`);
  });
});

describe('interop: baggage', () => {
  const entries = {
    userId: 'Amélie',
    serverNode: 'DF 28',
    'is.production': 'false',
    'odd-value': 'a=b;c,d%e"f\\g',
  };
  function spoolBaggageCtx(): spool.Context {
    const rec: Record<string, spool.BaggageEntry> = {};
    for (const [k, v] of Object.entries(entries)) rec[k] = { value: v };
    rec['withMeta'] = { value: 'm', metadata: spool.baggageEntryMetadataFromString('p1;p2=v2') };
    return spool.propagation.setBaggage(spool.ROOT_CONTEXT, spool.propagation.createBaggage(rec));
  }
  function otelBaggageCtx(): otel.Context {
    const rec: Record<string, otel.BaggageEntry> = {};
    for (const [k, v] of Object.entries(entries)) rec[k] = { value: v };
    rec['withMeta'] = { value: 'm', metadata: otel.baggageEntryMetadataFromString('p1;p2=v2') };
    return otel.propagation.setBaggage(otel.ROOT_CONTEXT, otel.propagation.createBaggage(rec));
  }
  function asRecord(b: { getAllEntries(): [string, { value: string; metadata?: { toString(): string } }][] } | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, e] of b?.getAllEntries() ?? []) out[k] = e.metadata === undefined ? e.value : `${e.value} ;${e.metadata.toString()}`;
    return out;
  }
  const expected = { ...entries, withMeta: 'm ;p1;p2=v2' };

  it('W3C baggage: Spool inject -> OpenTelemetry extract gives the same entries and metadata', () => {
    const carrier = spoolInject(new W3CBaggagePropagator(), spoolBaggageCtx());
    assert.deepEqual(asRecord(otel.propagation.getBaggage(otelExtract(new OtelBaggage(), carrier))), expected);
  });

  it('W3C baggage: OpenTelemetry inject -> Spool extract gives the same entries and metadata', () => {
    const carrier = otelInject(new OtelBaggage(), otelBaggageCtx());
    assert.deepEqual(asRecord(spool.propagation.getBaggage(spoolExtract(new W3CBaggagePropagator(), carrier))), expected);
  });

  const jaegerExpected = { userId: 'Amélie', serverNode: 'DF 28', 'is.production': 'false', 'odd-value': 'a=b;c,d%e"f\\g' };
  function jaegerCtxSpool(): spool.Context {
    const rec: Record<string, spool.BaggageEntry> = {};
    for (const [k, v] of Object.entries(jaegerExpected)) rec[k] = { value: v };
    return spool.propagation.setBaggage(spoolCtx(1), spool.propagation.createBaggage(rec));
  }
  function jaegerCtxOtel(): otel.Context {
    const rec: Record<string, otel.BaggageEntry> = {};
    for (const [k, v] of Object.entries(jaegerExpected)) rec[k] = { value: v };
    return otel.propagation.setBaggage(otelCtx(1), otel.propagation.createBaggage(rec));
  }

  it('Jaeger baggage: Spool inject -> OpenTelemetry extract gives the same entries', () => {
    const carrier = spoolInject(new JaegerPropagator(), jaegerCtxSpool());
    assert.deepEqual(asRecord(otel.propagation.getBaggage(otelExtract(new OtelJaeger(), carrier))), jaegerExpected);
  });

  it('Jaeger baggage: OpenTelemetry inject -> Spool extract gives the same entries', () => {
    const carrier = otelInject(new OtelJaeger(), jaegerCtxOtel());
    assert.deepEqual(asRecord(spool.propagation.getBaggage(spoolExtract(new JaegerPropagator(), carrier))), jaegerExpected);
  });
});

describe('interop: documented disagreements (docs/propagation.md)', () => {
  const tc = { spool: new W3CTraceContextPropagator(), otel: new OtelTraceContext() };
  const spoolSc = (p: spool.TextMapPropagator, c: Record<string, unknown>) => ids(spool.trace.getSpanContext(spoolExtract(p, c)));
  const otelSc = (p: otel.TextMapPropagator, c: Record<string, unknown>) => ids(otel.trace.getSpanContext(otelExtract(p, c)));

  it('tracecontext: unknown flag bits are zeroed by Spool, kept (and injected as three digits) by OpenTelemetry', () => {
    const c = { traceparent: `00-${TRACE_ID}-${SPAN_ID}-ff` };
    assert.equal(spoolSc(tc.spool, c)?.traceFlags, 0x03);
    assert.equal(otelSc(tc.otel, c)?.traceFlags, 0xff);
    assert.equal(otelInject(tc.otel, otelCtx(0xff)).traceparent, `00-${TRACE_ID}-${SPAN_ID}-0ff`);
    assert.equal(spoolInject(tc.spool, spoolCtx(0xff)).traceparent, `00-${TRACE_ID}-${SPAN_ID}-03`);
  });

  it('tracecontext: repeated traceparent headers restart the trace in Spool, OpenTelemetry uses the first', () => {
    const c = { traceparent: [`00-${TRACE_ID}-${SPAN_ID}-01`, `00-${TRACE_ID.replace('4', '5')}-${SPAN_ID}-01`] };
    assert.equal(spoolSc(tc.spool, c), undefined);
    assert.equal(otelSc(tc.otel, c)?.traceId, TRACE_ID);
  });

  it('tracestate: one invalid member or 33 members drop the whole list in Spool, OpenTelemetry keeps the valid ones', () => {
    const bad = { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, tracestate: 'foo=1,BAR=2' };
    assert.equal(spoolSc(tc.spool, bad)?.traceState, undefined);
    assert.equal(otelSc(tc.otel, bad)?.traceState, 'foo=1');
    const many = { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, tracestate: Array.from({ length: 33 }, (_, i) => `k${i}=${i}`).join(',') };
    assert.equal(spoolSc(tc.spool, many)?.traceState, undefined);
    assert.equal(otelSc(tc.otel, many)?.traceState?.split(',').length, 32);
  });

  it('tracestate: keys of the current grammar (digit first, several @) are kept by Spool, dropped by OpenTelemetry', () => {
    const c = { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, tracestate: '0abc=1,foo@@bar=2,t@vvvvvvvvvvvvvvv=3' };
    assert.equal(spoolSc(tc.spool, c)?.traceState, '0abc=1,foo@@bar=2,t@vvvvvvvvvvvvvvv=3');
    assert.equal(otelSc(tc.otel, c)?.traceState, undefined);
  });

  it('tracestate: Spool propagates members past 512 characters, OpenTelemetry drops them', () => {
    const long = Array.from({ length: 4 }, (_, i) => `k${i}=${'v'.repeat(200)}`).join(',');
    const c = { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, tracestate: long };
    assert.equal(spoolSc(tc.spool, c)?.traceState, long);
    assert.equal(otelSc(tc.otel, c)?.traceState?.split(',').length, 2);
  });

  it('baggage: a 5000-byte member and an empty value are kept by Spool, dropped by OpenTelemetry', () => {
    const c = { baggage: `big=${'x'.repeat(5000)},empty=,k=v` };
    const s = spool.propagation.getBaggage(spoolExtract(new W3CBaggagePropagator(), c));
    const o = otel.propagation.getBaggage(otelExtract(new OtelBaggage(), c));
    assert.deepEqual(s?.getAllEntries().map(([k]) => k), ['big', 'empty', 'k']);
    assert.deepEqual(o?.getAllEntries().map(([k]) => k), ['k']);
  });

  it('baggage: malformed percent-encoding becomes U+FFFD in Spool, drops the member in OpenTelemetry', () => {
    const c = { baggage: 'a=%FF,b=1' };
    assert.equal(spool.propagation.getBaggage(spoolExtract(new W3CBaggagePropagator(), c))?.getEntry('a')?.value, '\ufffd');
    assert.equal(otel.propagation.getBaggage(otelExtract(new OtelBaggage(), c))?.getEntry('a'), undefined);
  });

  it('baggage: keys that are not tokens are dropped by Spool, percent-encoded by OpenTelemetry', () => {
    const ctxS = spool.propagation.setBaggage(spool.ROOT_CONTEXT, spool.propagation.createBaggage({ 'a key': { value: '1' }, ok: { value: '2' } }));
    const ctxO = otel.propagation.setBaggage(otel.ROOT_CONTEXT, otel.propagation.createBaggage({ 'a key': { value: '1' }, ok: { value: '2' } }));
    assert.equal(spoolInject(new W3CBaggagePropagator(), ctxS).baggage, 'ok=2');
    assert.equal(otelInject(new OtelBaggage(), ctxO).baggage, 'a%20key=1,ok=2');
  });

  it('baggage: metadata with CR/LF is dropped by Spool, injected as is by OpenTelemetry', () => {
    const meta = 'p\r\nx-evil: 1';
    const ctxS = spool.propagation.setBaggage(spool.ROOT_CONTEXT, spool.propagation.createBaggage({ k: { value: 'v', metadata: spool.baggageEntryMetadataFromString(meta) } }));
    const ctxO = otel.propagation.setBaggage(otel.ROOT_CONTEXT, otel.propagation.createBaggage({ k: { value: 'v', metadata: otel.baggageEntryMetadataFromString(meta) } }));
    assert.equal(spoolInject(new W3CBaggagePropagator(), ctxS).baggage, 'k=v');
    assert.equal(otelInject(new OtelBaggage(), ctxO).baggage, `k=v;${meta}`);
  });

  it('b3: a deny-only header gives Spool an unsampled remote context, OpenTelemetry nothing', () => {
    assert.equal(spoolSc(new B3Propagator(), { b3: '0' })?.traceFlags, 0);
    assert.equal(otelSc(new OtelB3(), { b3: '0' }), undefined);
  });

  it('b3: a malformed single header falls back to the multi headers in Spool only', () => {
    const c = { b3: 'junk', 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '1' };
    assert.equal(spoolSc(new B3Propagator(), c)?.spanId, SPAN_ID);
    assert.equal(otelSc(new OtelB3(), c), undefined);
  });

  it('b3: OpenTelemetry accepts an unanchored single header, Spool rejects it', () => {
    const c = { b3: `garbage${TRACE_ID}-${SPAN_ID}-1` };
    assert.equal(spoolSc(new B3Propagator(), c), undefined);
    assert.equal(otelSc(new OtelB3(), c)?.traceId, TRACE_ID);
  });

  it('b3: upper-case multi-header ids are lowercased by Spool, kept upper case by OpenTelemetry', () => {
    const c = { 'x-b3-traceid': TRACE_ID.toUpperCase(), 'x-b3-spanid': SPAN_ID.toUpperCase() };
    assert.equal(spoolSc(new B3Propagator(), c)?.traceId, TRACE_ID);
    assert.equal(otelSc(new OtelB3(), c)?.traceId, TRACE_ID.toUpperCase());
  });

  it('b3: debug extracted from a single header survives a multi-header inject in Spool only', () => {
    const c = { b3: `${TRACE_ID}-${SPAN_ID}-d` };
    const multiS = new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });
    const multiO = new OtelB3({ injectEncoding: OtelB3Encoding.MULTI_HEADER });
    assert.equal(spoolInject(multiS, spoolExtract(multiS, c))['x-b3-flags'], '1');
    const o = otelInject(multiO, otelExtract(multiO, c));
    assert.equal(o['x-b3-flags'], undefined);
    assert.equal(o['x-b3-sampled'], '1');
  });

  it('jaeger: OpenTelemetry writes the W3C random flag into the Jaeger debug bit, Spool does not', () => {
    assert.equal(otelInject(new OtelJaeger(), otelCtx(3))['uber-trace-id'], `${TRACE_ID}:${SPAN_ID}:0:03`);
    assert.equal(spoolInject(new JaegerPropagator(), spoolCtx(3))['uber-trace-id'], `${TRACE_ID}:${SPAN_ID}:0:01`);
  });

  it('jaeger: non-hex ids and flags are rejected by Spool, accepted by OpenTelemetry', () => {
    const c = { 'uber-trace-id': `xyz:${SPAN_ID}:0:zz` };
    assert.equal(spoolSc(new JaegerPropagator(), c), undefined);
    assert.equal(otelSc(new OtelJaeger(), c)?.traceId, '00000000000000000000000000000xyz');
  });

  it('jaeger: the debug bit is kept by Spool and dropped by OpenTelemetry', () => {
    const c = { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:03` };
    assert.equal(spoolInject(new JaegerPropagator(), spoolExtract(new JaegerPropagator(), c))['uber-trace-id'], `${TRACE_ID}:${SPAN_ID}:0:03`);
    assert.equal(otelInject(new OtelJaeger(), otelExtract(new OtelJaeger(), c))['uber-trace-id'], `${TRACE_ID}:${SPAN_ID}:0:01`);
  });

  it('xray: a missing or ? Sampled field gives Spool an unsampled context, OpenTelemetry nothing', () => {
    for (const h of [`Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=${SPAN_ID}`, `Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=${SPAN_ID};Sampled=?`]) {
      assert.equal(spoolSc(new AwsXRayPropagator(), { 'x-amzn-trace-id': h })?.traceFlags, 0);
      assert.equal(otelSc(new OtelXRay(), { 'x-amzn-trace-id': h }), undefined);
    }
  });
});
