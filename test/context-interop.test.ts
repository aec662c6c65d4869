// One context manager shared by @spool/api and @opentelemetry/api: whichever
// API switches the context, the other sees it, across async boundaries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import * as otel from '@opentelemetry/api';
import { AsyncLocalStorageContextManager as OtelAsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import * as spool from '@spool/api';
import { AsyncLocalStorageContextManager } from '@spool/context-async';
import { contextManagerFromOtel, contextManagerToOtel } from './api-compat-types.js';

const KEY = spool.createContextKey('spool interop key');
const parent: spool.SpanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: spool.TraceFlags.SAMPLED,
};

function registerBoth(manager: spool.ContextManager): void {
  otel.context.disable();
  spool.context.disable();
  assert.equal(otel.context.setGlobalContextManager(contextManagerToOtel(manager)), true);
  assert.equal(spool.context.setGlobalContextManager(manager), true);
}

test('@opentelemetry/api accepts the Spool AsyncLocalStorageContextManager as its global manager', () => {
  const manager = new AsyncLocalStorageContextManager();
  assert.equal(otel.context.setGlobalContextManager(manager), true);
  const ctx = otel.ROOT_CONTEXT.setValue(KEY, 'otel');
  assert.equal(otel.context.with(ctx, () => otel.context.active().getValue(KEY)), 'otel');
});

test('context.with through either API is seen by the other, across await and timers', async () => {
  registerBoth(new AsyncLocalStorageContextManager());
  const fromOtel = await otel.context.with(otel.ROOT_CONTEXT.setValue(KEY, 'set-by-otel'), async () => {
    await sleep(1);
    return spool.context.active().getValue(KEY);
  });
  assert.equal(fromOtel, 'set-by-otel');
  const fromSpool = await spool.context.with(spool.ROOT_CONTEXT.setValue(KEY, 'set-by-spool'), async () => {
    await new Promise((r) => setImmediate(r));
    return otel.context.active().getValue(KEY);
  });
  assert.equal(fromSpool, 'set-by-spool');
});

test('an active span set through @opentelemetry/api is the active span of @spool/api, and the reverse', async () => {
  registerBoth(new AsyncLocalStorageContextManager());
  const otelSpan = otel.trace.wrapSpanContext(parent);
  const seenBySpool = await otel.context.with(otel.trace.setSpan(otel.context.active(), otelSpan), async () => {
    await Promise.resolve();
    return spool.trace.getActiveSpan();
  });
  assert.equal(seenBySpool, otelSpan);

  const spoolSpan = spool.trace.wrapSpanContext(parent);
  const seenByOtel = spool.context.with(spool.trace.setSpan(spool.context.active(), spoolSpan), () =>
    otel.trace.getActiveSpan()
  );
  assert.equal(seenByOtel, spoolSpan);
});

test('a Spool no-op tracer parents on a span made active through @opentelemetry/api', () => {
  registerBoth(new AsyncLocalStorageContextManager());
  const child = otel.context.with(otel.trace.setSpanContext(otel.ROOT_CONTEXT, parent), () =>
    spool.trace.getTracer('interop').startSpan('child')
  );
  assert.deepEqual(child.spanContext(), parent);
});

test('nested with() calls alternating between the two APIs restore each level', () => {
  registerBoth(new AsyncLocalStorageContextManager());
  const levels: unknown[] = [];
  otel.context.with(otel.ROOT_CONTEXT.setValue(KEY, 1), () => {
    spool.context.with(spool.context.active().setValue(KEY, 2), () => {
      otel.context.with(otel.context.active().setValue(KEY, 3), () => levels.push(spool.context.active().getValue(KEY)));
      levels.push(otel.context.active().getValue(KEY));
    });
    levels.push(spool.context.active().getValue(KEY));
  });
  levels.push(otel.context.active().getValue(KEY));
  assert.deepEqual(levels, [3, 2, 1, undefined]);
});

test('@opentelemetry/api bind of an event emitter through the Spool manager keeps removeListener working', () => {
  registerBoth(new AsyncLocalStorageContextManager());
  const ee = otel.context.bind(otel.ROOT_CONTEXT.setValue(KEY, 'bound'), new EventEmitter());
  const seen: unknown[] = [];
  const listener = (): void => void seen.push(spool.context.active().getValue(KEY));
  ee.on('x', listener);
  spool.context.with(spool.ROOT_CONTEXT.setValue(KEY, 'emit'), () => ee.emit('x'));
  ee.off('x', listener);
  ee.emit('x');
  assert.deepEqual(seen, ['bound']);
});

test('Spool works on the OpenTelemetry AsyncLocalStorageContextManager too', async () => {
  registerBoth(contextManagerFromOtel(new OtelAsyncLocalStorageContextManager()));
  const seen = await spool.context.with(spool.ROOT_CONTEXT.setValue(KEY, 'on-otel-manager'), async () => {
    await sleep(1);
    return [spool.context.active().getValue(KEY), otel.context.active().getValue(KEY)];
  });
  assert.deepEqual(seen, ['on-otel-manager', 'on-otel-manager']);
});
