import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTracingSuppressed, ROOT_CONTEXT, suppressTracing, unsuppressTracing } from '../src/index.js';

test('suppressTracing marks a new context with the @opentelemetry/core key', () => {
  const ctx = suppressTracing(ROOT_CONTEXT);
  assert.equal(isTracingSuppressed(ctx), true);
  assert.equal(isTracingSuppressed(ROOT_CONTEXT), false);
  assert.equal(ctx.getValue(Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING')), true);
});

test('unsuppressTracing clears the mark', () => {
  assert.equal(isTracingSuppressed(unsuppressTracing(suppressTracing(ROOT_CONTEXT))), false);
});

test('only the value true counts as suppressed, and a non-context is not suppressed', () => {
  const key = Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING');
  assert.equal(isTracingSuppressed(ROOT_CONTEXT.setValue(key, 'yes')), false);
  assert.equal(isTracingSuppressed(undefined as never), false);
});
