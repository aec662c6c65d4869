import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  TraceFlags,
  createContextKey,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  trace,
  type Context,
  type TextMapPropagator,
} from '@spool/api';
import { B3Propagator, CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '../src/index.js';
import { captureDiag } from './capture-diag.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const KEY = createContextKey('composite test');

class Throwing implements TextMapPropagator {
  inject(): void {
    throw new Error('inject boom');
  }
  extract(): Context {
    throw new Error('extract boom');
  }
  fields(): string[] {
    throw new Error('fields boom');
  }
}

class Marker implements TextMapPropagator {
  constructor(private readonly name: string) {}
  inject(_ctx: Context, carrier: Record<string, string>): void {
    carrier[this.name] = 'x';
  }
  extract(ctx: Context): Context {
    const seen = (ctx.getValue(KEY) as string[] | undefined) ?? [];
    return ctx.setValue(KEY, [...seen, this.name]);
  }
  fields(): string[] {
    return [this.name, 'shared'];
  }
}

describe('CompositePropagator', () => {
  it('injects with every member and extracts with each in order, chaining the context', () => {
    const c = new CompositePropagator({ propagators: [new Marker('a'), new Marker('b')] });
    const carrier: Record<string, string> = {};
    c.inject(ROOT_CONTEXT, carrier, defaultTextMapSetter);
    assert.deepEqual(carrier, { a: 'x', b: 'x' });
    assert.deepEqual(c.extract(ROOT_CONTEXT, {}, defaultTextMapGetter).getValue(KEY), ['a', 'b']);
  });

  it('returns the union of the fields, in order and without duplicates', () => {
    const c = new CompositePropagator({ propagators: [new Marker('a'), new Marker('b'), new W3CTraceContextPropagator()] });
    assert.deepEqual(c.fields(), ['a', 'shared', 'b', 'traceparent', 'tracestate']);
  });

  it('combines trace context and baggage', () => {
    const c = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator(), new B3Propagator()] });
    let ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
    ctx = propagation.setBaggage(ctx, propagation.createBaggage({ k: { value: 'v' } }));
    const carrier: Record<string, string> = {};
    c.inject(ctx, carrier, defaultTextMapSetter);
    assert.deepEqual(carrier, { traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`, baggage: 'k=v', b3: `${TRACE_ID}-${SPAN_ID}-1` });
    const out = c.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    assert.equal(trace.getSpanContext(out)?.spanId, SPAN_ID);
    assert.equal(propagation.getBaggage(out)?.getEntry('k')?.value, 'v');
  });

  it('isolates a member that throws and reports it once', async () => {
    const records = await captureDiag(() => {
      const c = new CompositePropagator({ propagators: [new Marker('a'), new Throwing(), new Marker('b')] });
      assert.deepEqual(c.fields(), ['a', 'shared', 'b']);
      for (let i = 0; i < 3; i++) {
        const carrier: Record<string, string> = {};
        c.inject(ROOT_CONTEXT, carrier, defaultTextMapSetter);
        assert.deepEqual(carrier, { a: 'x', b: 'x' });
        assert.deepEqual(c.extract(ROOT_CONTEXT, {}, defaultTextMapGetter).getValue(KEY), ['a', 'b']);
      }
    });
    const warns = records.filter((r) => r.level === 'warn').map((r) => r.message);
    assert.equal(warns.filter((m) => m.includes('from inject')).length, 1);
    assert.equal(warns.filter((m) => m.includes('from extract')).length, 1);
    assert.equal(warns.filter((m) => m.includes('fields')).length, 1);
  });

  it('drops members that are not propagators and ignores an extract that returns no context', async () => {
    const bad = { inject() {}, extract: () => 'nope', fields: () => ['bad'] } as unknown as TextMapPropagator;
    const records = await captureDiag(() => {
      const c = new CompositePropagator({ propagators: [null, 42, { inject() {} }, bad, new Marker('a')] as unknown as TextMapPropagator[] });
      assert.deepEqual(c.extract(ROOT_CONTEXT, {}, defaultTextMapGetter).getValue(KEY), ['a']);
    });
    assert.ok(records.some((r) => r.message.includes('dropped')));
    assert.ok(records.some((r) => r.message.includes('not a context')));
  });

  it('does nothing when empty or built without options', () => {
    const c = new CompositePropagator();
    c.inject(ROOT_CONTEXT, {}, defaultTextMapSetter);
    assert.equal(c.extract(ROOT_CONTEXT, {}, defaultTextMapGetter), ROOT_CONTEXT);
    assert.deepEqual(c.fields(), []);
  });
});
