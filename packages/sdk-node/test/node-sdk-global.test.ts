// One process per test file: this file owns the process-wide registrations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { context, propagation, ROOT_CONTEXT, trace } from '@spool/api';
import { InMemorySpanExporter } from '@spool/sdk-trace';
import { startTracing, traceLogFields } from '../src/index.js';
import { CaptureLogger } from './diag-capture.js';

// @opentelemetry/api is a devDependency of the repository root: present for this test.
const otel = createRequire(import.meta.url)('@opentelemetry/api') as typeof import('@opentelemetry/api');

describe('startTracing with global registration', () => {
  const exporter = new InMemorySpanExporter();
  const logger = new CaptureLogger();
  const tracing = startTracing({ serviceName: 'global', traceExporter: exporter, env: {}, diagLogger: logger });

  it('registers the provider, context manager and propagator in @spool/api', () => {
    const span = trace.getTracer('t').startSpan('s');
    assert.equal(span.isRecording(), true);
    context.with(trace.setSpan(context.active(), span), () => {
      assert.equal(trace.getActiveSpan(), span);
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      assert.match(carrier['traceparent']!, new RegExp(`^00-${span.spanContext().traceId}-${span.spanContext().spanId}-0[13]$`));
    });
    span.end();
  });

  it('registers the same objects in @opentelemetry/api so its users record into Spool', () => {
    assert.equal(tracing.openTelemetryApi.tracerProvider, true);
    assert.equal(tracing.openTelemetryApi.contextManager, true);
    assert.equal(tracing.openTelemetryApi.propagator, true);
    const spoolSpan = trace.getTracer('spool').startSpan('spool-parent');
    context.with(trace.setSpan(context.active(), spoolSpan), () => {
      // An OpenTelemetry API user (an instrumentation) sees the Spool span as active...
      assert.equal(otel.trace.getActiveSpan(), spoolSpan);
      // ...and the span it starts is recorded by Spool as its child.
      const otelSpan = otel.trace.getTracer('otel-user').startSpan('otel-child');
      assert.equal(otelSpan.spanContext().traceId, spoolSpan.spanContext().traceId);
      otelSpan.end();
      const carrier: Record<string, string> = {};
      otel.propagation.inject(otel.context.active(), carrier);
      assert.ok(carrier['traceparent']?.includes(spoolSpan.spanContext().spanId));
    });
    spoolSpan.end();
  });

  it('gives the active trace ids for log lines, and nothing outside a span', () => {
    assert.deepEqual(traceLogFields(), {});
    const span = trace.getTracer('t').startSpan('logged');
    context.with(trace.setSpan(context.active(), span), () => {
      assert.deepEqual(traceLogFields(), {
        trace_id: span.spanContext().traceId,
        span_id: span.spanContext().spanId,
        trace_flags: '0' + span.spanContext().traceFlags.toString(16),
      });
    });
    assert.deepEqual(traceLogFields(trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 })), {});
    span.end();
  });

  it('installs SIGTERM and SIGINT handlers and removes them on shutdown', async () => {
    assert.equal(process.listenerCount('SIGTERM'), 1);
    assert.equal(process.listenerCount('SIGINT'), 1);
    // InMemorySpanExporter forgets its spans on shutdown: read them after a flush.
    await tracing.forceFlush();
    const names = exporter.getFinishedSpans().map((s) => s.name);
    for (const name of ['s', 'spool-parent', 'otel-child', 'logged']) assert.ok(names.includes(name), `${name} in ${JSON.stringify(names)}`);
    const child = exporter.getFinishedSpans().find((s) => s.name === 'otel-child')!;
    const parent = exporter.getFinishedSpans().find((s) => s.name === 'spool-parent')!;
    assert.equal(child.parentSpanContext?.spanId, parent.spanContext().spanId);
    assert.deepEqual(logger.warnings(), []);
    await tracing.shutdown();
    assert.equal(process.listenerCount('SIGTERM'), 0);
    assert.equal(process.listenerCount('SIGINT'), 0);
  });
});
