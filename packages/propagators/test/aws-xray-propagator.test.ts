import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  TraceFlags,
  createTraceState,
  defaultTextMapGetter,
  defaultTextMapSetter,
  suppressTracing,
  trace,
  type Context,
  type SpanContext,
} from '@spool/api';
import { AWSXRayPropagator, AwsXRayPropagator } from '../src/index.js';

const TRACE_ID = '8a3c60f7d188f8fa79d48a391a778fa6';
const SPAN_ID = '53995c3f42cd8ad8';
const ROOT = '1-8a3c60f7-d188f8fa79d48a391a778fa6';
const propagator = new AwsXRayPropagator();

function withSpanContext(sc: Partial<SpanContext>, ctx: Context = ROOT_CONTEXT): Context {
  return trace.setSpanContext(ctx, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, ...sc });
}
function inject(ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}
function extractCtx(carrier: Record<string, unknown>, ctx = ROOT_CONTEXT): Context {
  return propagator.extract(ctx, carrier, defaultTextMapGetter);
}
function extract(header: unknown): SpanContext | undefined {
  return trace.getSpanContext(extractCtx({ 'x-amzn-trace-id': header }));
}

describe('AwsXRayPropagator', () => {
  it('is also exported under the OpenTelemetry name', () => {
    assert.equal(AWSXRayPropagator, AwsXRayPropagator);
  });

  it('injects Root, Parent and Sampled', () => {
    assert.deepEqual(inject(withSpanContext({})), { 'x-amzn-trace-id': `Root=${ROOT};Parent=${SPAN_ID};Sampled=1` });
    assert.deepEqual(inject(withSpanContext({ traceFlags: TraceFlags.RANDOM })), { 'x-amzn-trace-id': `Root=${ROOT};Parent=${SPAN_ID};Sampled=0` });
  });

  it('injects nothing without a valid span context or when tracing is suppressed', () => {
    assert.deepEqual(inject(ROOT_CONTEXT), {});
    assert.deepEqual(inject(withSpanContext({ traceId: '0'.repeat(32) })), {});
    assert.deepEqual(inject(suppressTracing(withSpanContext({}))), {});
  });

  it('extracts the fields in any order, with whitespace and unknown fields', () => {
    for (const h of [
      `Root=${ROOT};Parent=${SPAN_ID};Sampled=1`,
      `Sampled=1;Parent=${SPAN_ID};Root=${ROOT}`,
      ` Root = ${ROOT} ; Self=1-67891233-abcdef012345678912345678;Parent=${SPAN_ID} ;Sampled=1;Lineage=a87bd80c:1|68fd508a:5;Foo=bar;`,
      `Root=${ROOT.toUpperCase().replace('1-', '1-')};Parent=${SPAN_ID.toUpperCase()};Sampled=1`,
    ]) {
      assert.deepEqual({ ...extract(h) }, { traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true, traceFlags: TraceFlags.SAMPLED, traceState: undefined }, h);
    }
  });

  it('reads Sampled=0, Sampled=? and a missing Sampled as not sampled', () => {
    assert.equal(extract(`Root=${ROOT};Parent=${SPAN_ID};Sampled=0`)?.traceFlags, TraceFlags.NONE);
    assert.equal(extract(`Root=${ROOT};Parent=${SPAN_ID};Sampled=?`)?.traceFlags, TraceFlags.NONE);
    assert.equal(extract(`Root=${ROOT};Parent=${SPAN_ID}`)?.traceFlags, TraceFlags.NONE);
  });

  it('keeps the first occurrence of a repeated field', () => {
    assert.equal(extract(`Root=${ROOT};Parent=${SPAN_ID};Parent=1111111111111111;Sampled=1;Sampled=0`)?.spanId, SPAN_ID);
    assert.equal(extract(`Root=${ROOT};Parent=${SPAN_ID};Sampled=1;Sampled=0`)?.traceFlags, TraceFlags.SAMPLED);
  });

  const invalid = [
    `Root=${ROOT}`,
    `Parent=${SPAN_ID};Sampled=1`,
    `Root=2-8a3c60f7-d188f8fa79d48a391a778fa6;Parent=${SPAN_ID}`,
    `Root=1-8a3c60f7d188f8fa79d48a391a778fa6;Parent=${SPAN_ID}`,
    `Root=1-8a3c60f-7d188f8fa79d48a391a778fa6;Parent=${SPAN_ID}`,
    `Root=1-8a3c60fx-d188f8fa79d48a391a778fa6;Parent=${SPAN_ID}`,
    `Root=1-00000000-000000000000000000000000;Parent=${SPAN_ID}`,
    `Root=${ROOT};Parent=${SPAN_ID}0`,
    `Root=${ROOT};Parent=0000000000000000`,
    `Root=${ROOT};Parent`,
    '',
    ';;;',
    `Root=${ROOT};Parent=${SPAN_ID};Sampled=1`.repeat(100),
  ];
  for (const h of invalid) {
    it(`ignores the malformed header ${JSON.stringify(h.slice(0, 70))}`, () => {
      assert.equal(extractCtx({ 'x-amzn-trace-id': h }), ROOT_CONTEXT);
    });
  }

  it('ignores non-string values and reads the header name case-insensitively through the getter', () => {
    assert.equal(extract(42), undefined);
    assert.equal(trace.getSpanContext(extractCtx({ 'X-Amzn-Trace-Id': `Root=${ROOT};Parent=${SPAN_ID}` }))?.traceId, TRACE_ID);
  });

  it('keeps a tracestate extracted earlier for the same trace', () => {
    const ts = createTraceState('rojo=1');
    const same = withSpanContext({ traceState: ts, spanId: '1111111111111111' });
    assert.equal(trace.getSpanContext(extractCtx({ 'x-amzn-trace-id': `Root=${ROOT};Parent=${SPAN_ID}` }, same))?.traceState, ts);
    const other = withSpanContext({ traceId: 'a'.repeat(32), traceState: ts });
    assert.equal(trace.getSpanContext(extractCtx({ 'x-amzn-trace-id': `Root=${ROOT};Parent=${SPAN_ID}` }, other))?.traceState, undefined);
  });

  it('lists x-amzn-trace-id as its field', () => {
    assert.deepEqual(propagator.fields(), ['x-amzn-trace-id']);
  });
});
