// The opening that every span-context propagator's inject shares
// (injectable-span-context.ts), held to the same rules in each of them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, TraceFlags, defaultTextMapSetter, propagation, suppressTracing, trace } from '@spool/api';
import type { Context, SpanContext, TextMapPropagator } from '@spool/api';
import { AwsXRayPropagator, B3InjectEncoding, B3Propagator, JaegerPropagator, W3CTraceContextPropagator } from '../src/index.js';
import { captureDiag } from './capture-diag.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

const makers: [string, () => TextMapPropagator][] = [
  ['tracecontext', () => new W3CTraceContextPropagator()],
  ['b3', () => new B3Propagator()],
  ['b3multi', () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER })],
  ['jaeger', () => new JaegerPropagator()],
  ['xray', () => new AwsXRayPropagator()],
];

/** The headers `propagator` writes into a fresh plain carrier for `ctx`. */
function inject(propagator: TextMapPropagator, ctx: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

const withSpanContext = (sc: Partial<SpanContext>): Context =>
  trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, ...sc });
const withBaggage = (ctx: Context): Context => propagation.setBaggage(ctx, propagation.createBaggage({ k: { value: 'v' } }));

describe('the span context inject writes', () => {
  for (const [name, make] of makers) {
    it(`${name}: none without a span context or when tracing is suppressed, without a report`, async () => {
      const propagator = make();
      const records = await captureDiag(() => {
        assert.deepEqual(inject(propagator, ROOT_CONTEXT), {});
        assert.deepEqual(inject(propagator, suppressTracing(withSpanContext({}))), {});
        assert.deepEqual(inject(propagator, suppressTracing(withSpanContext({ traceId: 'bad' }))), {});
      });
      assert.deepEqual(records, []);
    });

    it(`${name}: none with invalid ids, reported once at debug`, async () => {
      const propagator = make();
      const records = await captureDiag(() => {
        for (const bad of [{ traceId: '0'.repeat(32) }, { traceId: TRACE_ID.toUpperCase() }, { spanId: SPAN_ID.slice(1) }, { spanId: 7 as unknown as string }]) {
          assert.deepEqual(inject(propagator, withSpanContext(bad)), {});
        }
      });
      assert.equal(records.length, 1, JSON.stringify(records));
      assert.equal(records[0]!.level, 'debug');
      assert.match(records[0]!.message, /invalid ids/);
      assert.ok(Object.keys(inject(propagator, withSpanContext({}))).length > 0, 'a valid span context is still written');
    });
  }

  it('jaeger: baggage is still written beside invalid ids, and not when tracing is suppressed', async () => {
    const propagator = new JaegerPropagator();
    await captureDiag(() => {
      assert.deepEqual(inject(propagator, withBaggage(withSpanContext({ spanId: '0'.repeat(16) }))), { 'uberctx-k': 'v' });
      assert.deepEqual(inject(propagator, suppressTracing(withBaggage(ROOT_CONTEXT))), {});
    });
  });
});
