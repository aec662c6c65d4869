import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  suppressTracing,
  trace,
  type Context,
  type SpanContext,
} from '@spool/api';
import { B3InjectEncoding, B3Propagator } from '../src/index.js';
import { captureDiag } from './capture-diag.js';

const TRACE_ID = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN_ID = 'e457b5a2e4d86bd1';
const PARENT = '05e3ac9a4f6e3b90';
/** The key of @opentelemetry/propagator-b3, shared on purpose. */
const DEBUG_KEY = Symbol.for('OpenTelemetry Context Key B3 Debug Flag');

const single = new B3Propagator();
const multi = new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER });

function withSpanContext(sc: Partial<SpanContext>, ctx: Context = ROOT_CONTEXT): Context {
  return trace.setSpanContext(ctx, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, ...sc });
}
function inject(p: B3Propagator, ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  p.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}
function extractCtx(carrier: Record<string, unknown>): Context {
  return single.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
}
function extract(carrier: Record<string, unknown>): SpanContext | undefined {
  return trace.getSpanContext(extractCtx(carrier));
}

describe('B3Propagator inject', () => {
  it('writes the single b3 header by default', () => {
    assert.deepEqual(inject(single, withSpanContext({})), { b3: `${TRACE_ID}-${SPAN_ID}-1` });
    assert.deepEqual(inject(single, withSpanContext({ traceFlags: TraceFlags.NONE })), { b3: `${TRACE_ID}-${SPAN_ID}-0` });
    assert.deepEqual(inject(single, withSpanContext({ traceFlags: TraceFlags.RANDOM })), { b3: `${TRACE_ID}-${SPAN_ID}-0` });
  });

  it('writes the x-b3 headers with the multi-header encoding', () => {
    assert.deepEqual(inject(multi, withSpanContext({})), { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '1' });
    assert.deepEqual(inject(multi, withSpanContext({ traceFlags: 0 })), { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-sampled': '0' });
  });

  it('writes the debug flag kept in the context, without x-b3-sampled', () => {
    for (const value of ['d', '1', true]) {
      const ctx = withSpanContext({}).setValue(DEBUG_KEY, value);
      assert.deepEqual(inject(single, ctx), { b3: `${TRACE_ID}-${SPAN_ID}-d` });
      assert.deepEqual(inject(multi, ctx), { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID, 'x-b3-flags': '1' });
    }
  });

  it('writes nothing without a valid span context or when tracing is suppressed', () => {
    assert.deepEqual(inject(single, ROOT_CONTEXT), {});
    assert.deepEqual(inject(multi, withSpanContext({ traceId: 'x'.repeat(32) })), {});
    assert.deepEqual(inject(single, withSpanContext({ spanId: `${SPAN_ID.slice(0, 15)}\n` })), {});
    assert.deepEqual(inject(single, suppressTracing(withSpanContext({}))), {});
  });

  it('lists the fields of the encoding it writes', () => {
    assert.deepEqual(single.fields(), ['b3']);
    assert.deepEqual(multi.fields(), ['x-b3-traceid', 'x-b3-spanid', 'x-b3-flags', 'x-b3-sampled', 'x-b3-parentspanid']);
  });
});

describe('B3Propagator extract, single header', () => {
  it('extracts 128-bit and 64-bit trace ids, padding the short one', () => {
    assert.deepEqual({ ...extract({ b3: `${TRACE_ID}-${SPAN_ID}-1-${PARENT}` }) }, {
      traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true, traceFlags: TraceFlags.SAMPLED, traceState: undefined,
    });
    assert.equal(extract({ b3: `64fe8b2a57d3eff7-${SPAN_ID}-1` })?.traceId, '000000000000000064fe8b2a57d3eff7');
  });

  it('reads the sampling states 1, 0, d and an absent state', () => {
    assert.equal(extract({ b3: `${TRACE_ID}-${SPAN_ID}-1` })?.traceFlags, TraceFlags.SAMPLED);
    assert.equal(extract({ b3: `${TRACE_ID}-${SPAN_ID}-0` })?.traceFlags, TraceFlags.NONE);
    assert.equal(extract({ b3: `${TRACE_ID}-${SPAN_ID}` })?.traceFlags, TraceFlags.NONE);
    assert.equal(extract({ b3: `${TRACE_ID}-${SPAN_ID}-${PARENT}` })?.traceFlags, TraceFlags.NONE);
    const debug = extractCtx({ b3: `${TRACE_ID}-${SPAN_ID}-d` });
    assert.equal(trace.getSpanContext(debug)?.traceFlags, TraceFlags.SAMPLED);
    assert.equal(debug.getValue(DEBUG_KEY), 'd');
  });

  it('keeps debug through a re-inject in either encoding', () => {
    const ctx = extractCtx({ b3: `${TRACE_ID}-${SPAN_ID}-d` });
    assert.equal(inject(single, ctx).b3, `${TRACE_ID}-${SPAN_ID}-d`);
    assert.equal(inject(multi, ctx)['x-b3-flags'], '1');
  });

  it('accepts upper-case hex and lowercases it', () => {
    assert.equal(extract({ b3: `${TRACE_ID.toUpperCase()}-${SPAN_ID.toUpperCase()}-1` })?.traceId, TRACE_ID);
  });

  const invalid = [
    `${TRACE_ID}-${SPAN_ID}-2`,
    `${TRACE_ID}-${SPAN_ID}-1-`,
    `${TRACE_ID}-${SPAN_ID}-1-${PARENT}0`,
    `${TRACE_ID}-${SPAN_ID}-1-xyz`,
    `${TRACE_ID}-${SPAN_ID}1`,
    `${TRACE_ID}0-${SPAN_ID}-1`,
    `${TRACE_ID.slice(2)}-${SPAN_ID}-1`,
    `${'0'.repeat(32)}-${SPAN_ID}-1`,
    `${TRACE_ID}-${'0'.repeat(16)}-1`,
    `${TRACE_ID}-g457b5a2e4d86bd1-1`,
    `${TRACE_ID}`,
    '',
    '2',
    'true',
  ];
  for (const b3 of invalid) {
    it(`ignores the malformed single header ${JSON.stringify(b3.slice(0, 60))}`, () => {
      assert.equal(extractCtx({ b3 }), ROOT_CONTEXT);
    });
  }

  it('falls back to the multi headers when the single header is malformed', () => {
    assert.equal(extract({ b3: 'garbage', 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID })?.spanId, SPAN_ID);
  });

  it('prefers the single header over the multi headers', () => {
    const sc = extract({ b3: `${TRACE_ID}-${SPAN_ID}-0`, 'x-b3-traceid': 'a'.repeat(32), 'x-b3-spanid': 'b'.repeat(16), 'x-b3-sampled': '1' });
    assert.equal(sc?.traceId, TRACE_ID);
    assert.equal(sc?.traceFlags, TraceFlags.NONE);
  });

  it('turns a deny-only header into an unsampled remote context with fresh ids', () => {
    const a = extract({ b3: '0' });
    const b = extract({ b3: '0' });
    assert.ok(a && b);
    assert.equal(a.traceFlags, TraceFlags.NONE);
    assert.equal(a.isRemote, true);
    assert.match(a.traceId, /^[0-9a-f]{32}$/);
    assert.match(a.spanId, /^[0-9a-f]{16}$/);
    assert.notEqual(a.traceId, b.traceId);
    assert.equal(inject(single, trace.setSpanContext(ROOT_CONTEXT, a)).b3, `${a.traceId}-${a.spanId}-0`);
  });

  it('ignores an accept or debug decision sent without ids', () => {
    assert.equal(extractCtx({ b3: '1' }), ROOT_CONTEXT);
    assert.equal(extractCtx({ b3: 'd' }), ROOT_CONTEXT);
  });
});

describe('B3Propagator extract, multi headers', () => {
  const base = { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID };

  it('extracts ids and the sampled state, also true and false', () => {
    assert.equal(extract({ ...base, 'x-b3-sampled': '1' })?.traceFlags, TraceFlags.SAMPLED);
    assert.equal(extract({ ...base, 'x-b3-sampled': 'true' })?.traceFlags, TraceFlags.SAMPLED);
    assert.equal(extract({ ...base, 'x-b3-sampled': '0' })?.traceFlags, TraceFlags.NONE);
    assert.equal(extract({ ...base, 'x-b3-sampled': 'false' })?.traceFlags, TraceFlags.NONE);
    assert.equal(extract(base)?.traceFlags, TraceFlags.NONE);
    assert.equal(extract({ ...base, 'x-b3-parentspanid': PARENT })?.isRemote, true);
  });

  it('treats x-b3-flags 1 as debug, implying sampled, and ignores other values', () => {
    const ctx = extractCtx({ ...base, 'x-b3-flags': '1' });
    assert.equal(trace.getSpanContext(ctx)?.traceFlags, TraceFlags.SAMPLED);
    assert.equal(ctx.getValue(DEBUG_KEY), '1');
    assert.equal(inject(multi, ctx)['x-b3-flags'], '1');
    assert.equal(inject(single, ctx).b3, `${TRACE_ID}-${SPAN_ID}-d`);
    const other = extractCtx({ ...base, 'x-b3-flags': '2' });
    assert.equal(other.getValue(DEBUG_KEY), undefined);
    assert.equal(trace.getSpanContext(other)?.traceFlags, TraceFlags.NONE);
  });

  it('pads a 64-bit trace id and takes the first of repeated values', () => {
    assert.equal(extract({ 'x-b3-traceid': '64fe8b2a57d3eff7', 'x-b3-spanid': SPAN_ID })?.traceId, '000000000000000064fe8b2a57d3eff7');
    assert.equal(extract({ 'x-b3-traceid': [TRACE_ID, 'a'.repeat(32)], 'x-b3-spanid': SPAN_ID })?.traceId, TRACE_ID);
  });

  it('reads header names case-insensitively through the getter', () => {
    assert.equal(extract({ 'X-B3-TraceId': TRACE_ID, 'X-B3-SpanId': SPAN_ID, 'X-B3-Sampled': '1' })?.traceFlags, TraceFlags.SAMPLED);
  });

  it('ignores malformed headers', async () => {
    await captureDiag(() => {
      for (const carrier of [
        { ...base, 'x-b3-sampled': 'yes' },
        { ...base, 'x-b3-sampled': '' },
        { 'x-b3-traceid': TRACE_ID },
        { 'x-b3-spanid': SPAN_ID },
        { 'x-b3-traceid': TRACE_ID.slice(1), 'x-b3-spanid': SPAN_ID },
        { 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID.slice(1) },
        { 'x-b3-traceid': 7, 'x-b3-spanid': SPAN_ID },
      ]) {
        assert.equal(extractCtx(carrier), ROOT_CONTEXT, JSON.stringify(carrier));
      }
    });
  });

  it('turns x-b3-sampled 0 sent alone into an unsampled remote context', () => {
    const sc = extract({ 'x-b3-sampled': '0' });
    assert.equal(sc?.traceFlags, TraceFlags.NONE);
    assert.match(sc?.traceId ?? '', /^[0-9a-f]{32}$/);
    assert.equal(extractCtx({ 'x-b3-sampled': '1' }), ROOT_CONTEXT);
  });
});
