import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  suppressTracing,
  trace,
  type Context,
  type SpanContext,
} from '@spool/api';
import { JaegerPropagator } from '../src/index.js';
import { captureDiag } from './capture-diag.js';

const TRACE_ID = '000000000000000000000000deadbeef';
const SPAN_ID = '00000000deadbef0';
const propagator = new JaegerPropagator();

function withSpanContext(sc: Partial<SpanContext>, ctx: Context = ROOT_CONTEXT): Context {
  return trace.setSpanContext(ctx, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, ...sc });
}
function inject(ctx: Context, p = propagator): Record<string, string> {
  const carrier: Record<string, string> = {};
  p.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}
function extractCtx(carrier: Record<string, unknown>, p = propagator, ctx = ROOT_CONTEXT): Context {
  return p.extract(ctx, carrier, defaultTextMapGetter);
}
function extract(carrier: Record<string, unknown>): SpanContext | undefined {
  return trace.getSpanContext(extractCtx(carrier));
}

describe('JaegerPropagator inject', () => {
  it('writes trace id, span id, a zero parent and two-digit flags', () => {
    assert.deepEqual(inject(withSpanContext({})), { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:01` });
    assert.deepEqual(inject(withSpanContext({ traceFlags: 0 })), { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:00` });
  });

  it('does not leak the W3C random flag into the Jaeger debug bit', () => {
    assert.equal(inject(withSpanContext({ traceFlags: TraceFlags.SAMPLED | TraceFlags.RANDOM }))['uber-trace-id'], `${TRACE_ID}:${SPAN_ID}:0:01`);
    assert.equal(inject(withSpanContext({ traceFlags: TraceFlags.RANDOM }))['uber-trace-id'], `${TRACE_ID}:${SPAN_ID}:0:00`);
  });

  it('writes baggage as URL-encoded uberctx headers and drops keys that cannot be header names', async () => {
    const bag = propagation.createBaggage({ user: { value: 'Amélie & co' }, 'bad key': { value: 'x' }, 'evil\r\n': { value: 'x' } });
    let out: Record<string, string> = {};
    const records = await captureDiag(() => {
      out = inject(propagation.setBaggage(withSpanContext({}), bag));
    });
    assert.deepEqual(out, { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:01`, 'uberctx-user': 'Am%C3%A9lie%20%26%20co' });
    assert.equal(records.filter((r) => r.level === 'warn').length, 1);
  });

  it('writes baggage without a span context and nothing when tracing is suppressed', () => {
    const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ k: { value: 'v' } }));
    assert.deepEqual(inject(ctx), { 'uberctx-k': 'v' });
    assert.deepEqual(inject(suppressTracing(propagation.setBaggage(withSpanContext({}), propagation.createBaggage({ k: { value: 'v' } })))), {});
  });

  it('uses custom header names, lowercased, and falls back on invalid ones', async () => {
    assert.deepEqual(inject(withSpanContext({}), new JaegerPropagator('X-My-Trace')), { 'x-my-trace': `${TRACE_ID}:${SPAN_ID}:0:01` });
    const custom = new JaegerPropagator({ customTraceHeader: 'my-trace', customBaggageHeaderPrefix: 'myctx' });
    const ctx = propagation.setBaggage(withSpanContext({}), propagation.createBaggage({ k: { value: 'v' } }));
    assert.deepEqual(inject(ctx, custom), { 'my-trace': `${TRACE_ID}:${SPAN_ID}:0:01`, 'myctx-k': 'v' });
    assert.deepEqual(custom.fields(), ['my-trace']);
    const records = await captureDiag(() => {
      assert.deepEqual(new JaegerPropagator({ customTraceHeader: 'bad header\r\n' }).fields(), ['uber-trace-id']);
    });
    assert.ok(records.some((r) => r.level === 'warn'));
  });
});

describe('JaegerPropagator extract', () => {
  it('extracts 128-bit, 64-bit and short ids, padding them', () => {
    assert.deepEqual({ ...extract({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:01` }) }, {
      traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true, traceFlags: TraceFlags.SAMPLED, traceState: undefined,
    });
    const sc = extract({ 'uber-trace-id': 'deadbeef:bef0:0:1' });
    assert.equal(sc?.traceId, TRACE_ID);
    assert.equal(sc?.spanId, '000000000000bef0');
    assert.equal(extract({ 'uber-trace-id': `6e0c63257de34c92:${SPAN_ID}:0:1` })?.traceId, '00000000000000006e0c63257de34c92');
  });

  it('accepts a URL-encoded value and upper-case hex', () => {
    assert.equal(extract({ 'uber-trace-id': `${TRACE_ID}%3A${SPAN_ID}%3A0%3A01` })?.spanId, SPAN_ID);
    assert.equal(extract({ 'uber-trace-id': `DEADBEEF:DEADBEF0:0:1` })?.traceId, TRACE_ID);
  });

  it('reads the sampled bit and the debug bit, which implies sampled and is kept', () => {
    assert.equal(extract({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:0` })?.traceFlags, TraceFlags.NONE);
    assert.equal(extract({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:05` })?.traceFlags, TraceFlags.SAMPLED);
    const debug = extractCtx({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:2` });
    assert.equal(trace.getSpanContext(debug)?.traceFlags, TraceFlags.SAMPLED);
    assert.equal(inject(debug)['uber-trace-id'], `${TRACE_ID}:${SPAN_ID}:0:03`);
  });

  const invalid = [
    `${TRACE_ID}:${SPAN_ID}:0`,
    `${TRACE_ID}:${SPAN_ID}:0:01:extra`,
    `0:${SPAN_ID}:0:01`,
    `${TRACE_ID}:0:0:01`,
    `${TRACE_ID}0:${SPAN_ID}:0:01`,
    `${TRACE_ID}:${SPAN_ID}0:0:01`,
    `${TRACE_ID}:${SPAN_ID}::01`,
    `${TRACE_ID}:${SPAN_ID}:x:01`,
    `${TRACE_ID}:${SPAN_ID}:0:`,
    `${TRACE_ID}:${SPAN_ID}:0:001`,
    `${TRACE_ID}:${SPAN_ID}:0:zz`,
    `:${SPAN_ID}:0:01`,
    '%E0%A4%A',
    '',
  ];
  for (const value of invalid) {
    it(`ignores the malformed header ${JSON.stringify(value)}`, () => {
      assert.equal(extractCtx({ 'uber-trace-id': value }), ROOT_CONTEXT);
    });
  }

  it('extracts uberctx headers into baggage, URL-decoded, merged with the existing baggage', () => {
    const existing = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ keep: { value: '1' }, user: { value: 'old' } }));
    const ctx = extractCtx({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1`, 'uberctx-user': 'Am%C3%A9lie%20%26%20co', 'UberCtx-Other': 'x', 'uberctx-': 'ignored' }, propagator, existing);
    const b = propagation.getBaggage(ctx)!;
    assert.equal(b.getEntry('user')?.value, 'Amélie & co');
    assert.equal(b.getEntry('Other')?.value, 'x');
    assert.equal(b.getEntry('keep')?.value, '1');
    assert.equal(b.getAllEntries().length, 3);
    assert.equal(trace.getSpanContext(ctx)?.spanId, SPAN_ID);
  });

  it('extracts baggage even when the trace header is missing or malformed', () => {
    const b = propagation.getBaggage(extractCtx({ 'uber-trace-id': 'junk', 'uberctx-a': '%FF' }))!;
    assert.equal(b.getEntry('a')?.value, '\ufffd');
  });

  it('treats a __proto__ baggage header as an ordinary key', () => {
    const carrier = JSON.parse('{"uberctx-__proto__": "x"}') as Record<string, unknown>;
    assert.equal(propagation.getBaggage(extractCtx(carrier))?.getEntry('__proto__')?.value, 'x');
  });
});
