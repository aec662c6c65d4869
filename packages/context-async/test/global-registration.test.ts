import { test } from 'node:test';
import assert from 'node:assert/strict';
import { context, createContextKey, ROOT_CONTEXT, trace, TraceFlags } from '@spool/api';
import { AsyncLocalStorageContextManager } from '../src/index.js';

const KEY = createContextKey('spool test context-async global');

test('registered with @spool/api it carries the active context through async work', async () => {
  assert.equal(context.setGlobalContextManager(new AsyncLocalStorageContextManager()), true);
  const ctx = ROOT_CONTEXT.setValue(KEY, 'global');
  const seen = await context.with(ctx, async () => {
    await new Promise((r) => setTimeout(r, 1));
    return context.active().getValue(KEY);
  });
  assert.equal(seen, 'global');
});

test('a no-op tracer started under an async active span carries its parent context', async () => {
  const parent = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
  const ctx = trace.setSpanContext(ROOT_CONTEXT, parent);
  const child = await context.with(ctx, async () => {
    await Promise.resolve();
    return trace.getTracer('t').startSpan('child');
  });
  assert.deepEqual(child.spanContext(), parent);
});
