import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@spool/api';
import { AlwaysOffSampler } from '@spool/samplers';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@spool/sdk-trace';
import { NodeSDK, startTracing, WaterfallSpanExporter } from '../src/index.js';
import type { NodeSDKOptions } from '../src/index.js';
import { CaptureLogger } from './diag-capture.js';
import { MemoryStream } from './span-fixtures.js';

/** Options that keep a test local: no globals, no signal handlers. */
const local = (o: NodeSDKOptions): NodeSDKOptions => ({ registerGlobal: false, ...o });

describe('startTracing', () => {
  it('records spans into the given exporter and delivers them on forceFlush', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing(local({ serviceName: 'checkout', traceExporter: exporter, env: {} }));
    assert.equal(tracing.enabled, true);
    const tracer = tracing.getTracer('test');
    const parent = tracer.startSpan('parent');
    const child = tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, parent));
    child.end();
    parent.end();
    await tracing.forceFlush();
    const spans = exporter.getFinishedSpans();
    assert.deepEqual(spans.map((s) => s.name), ['child', 'parent']);
    assert.equal(spans[0]!.parentSpanContext?.spanId, parent.spanContext().spanId);
    await tracing.shutdown();
  });

  it('builds the resource from defaults, detectors, the environment and the options, in that order of precedence', async () => {
    const tracing = startTracing(
      local({
        env: {
          OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,service.name=from-attributes,team=a',
          OTEL_SERVICE_NAME: 'from-env',
          K8S_POD_NAME: 'checkout-1',
          OTEL_TRACES_EXPORTER: 'none',
        },
        resource: { team: 'b' },
      }),
    );
    const attrs = tracing.resource!.attributes;
    assert.equal(attrs['service.name'], 'from-env');
    assert.equal(attrs['deployment.environment.name'], 'staging');
    assert.equal(attrs['team'], 'b');
    assert.equal(attrs['k8s.pod.name'], 'checkout-1');
    assert.equal(attrs['host.name'], hostname());
    assert.equal(attrs['process.pid'], process.pid);
    assert.equal(attrs['telemetry.sdk.name'], 'spool');
    assert.equal(typeof attrs['service.instance.id'], 'string');
    const named = startTracing(local({ serviceName: 'from-option', env: { OTEL_SERVICE_NAME: 'from-env', OTEL_TRACES_EXPORTER: 'none' } }));
    assert.equal(named.resource!.attributes['service.name'], 'from-option');
    await Promise.all([tracing.shutdown(), named.shutdown()]);
  });

  it('runs only the detectors OTEL_NODE_RESOURCE_DETECTORS names', async () => {
    const tracing = startTracing(local({ env: { OTEL_NODE_RESOURCE_DETECTORS: 'env', OTEL_TRACES_EXPORTER: 'none' } }));
    assert.equal(tracing.resource!.attributes['host.name'], undefined);
    assert.equal(tracing.resource!.attributes['process.pid'], undefined);
    await tracing.shutdown();
  });

  it('uses the sampler from OTEL_TRACES_SAMPLER, and a sampler option over it', async () => {
    const exporter = new InMemorySpanExporter();
    const off = startTracing(local({ env: { OTEL_TRACES_SAMPLER: 'always_off' }, spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    off.getTracer('t').startSpan('dropped').end();
    const on = startTracing(local({ env: { OTEL_TRACES_SAMPLER: 'always_on' }, sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    on.getTracer('t').startSpan('dropped too').end();
    assert.equal(exporter.getFinishedSpans().length, 0);
    await Promise.all([off.shutdown(), on.shutdown()]);
  });

  it('builds the propagator from OTEL_PROPAGATORS', async () => {
    const tracing = startTracing(local({ env: { OTEL_PROPAGATORS: 'b3multi', OTEL_TRACES_EXPORTER: 'none' } }));
    const span = tracing.getTracer('t').startSpan('s');
    const carrier: Record<string, string> = {};
    tracing.propagator!.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, { set: (c, k, v) => (c[k] = v) });
    assert.equal(carrier['x-b3-traceid'], span.spanContext().traceId);
    assert.equal(carrier['traceparent'], undefined);
    span.end();
    await tracing.shutdown();
  });

  it('feeds a WaterfallSpanExporter span by span so a trace prints when its root ends', async () => {
    const out = new MemoryStream();
    const tracing = startTracing(local({ serviceName: 'shop', traceExporter: new WaterfallSpanExporter({ stream: out }), env: {} }));
    const tracer = tracing.getTracer('t');
    const root = tracer.startSpan('GET /cart');
    const child = tracer.startSpan('SELECT cart', {}, trace.setSpan(ROOT_CONTEXT, root));
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
    child.end();
    assert.equal(out.text, '');
    root.end();
    assert.match(out.text, /^trace [0-9a-f]{32} {2}GET \/cart .*2 spans, 1 service, 1 error/);
    assert.match(out.text, /shop +  SELECT cart .*✗ timeout/);
    await tracing.shutdown();
  });

  it('makes no exporter for OTEL_TRACES_EXPORTER=none and still records', async () => {
    const tracing = startTracing(local({ env: { OTEL_TRACES_EXPORTER: 'none' } }));
    const span = tracing.getTracer('t').startSpan('s');
    assert.equal(span.isRecording(), true);
    span.end();
    await tracing.shutdown();
  });

  it('does nothing when OTEL_SDK_DISABLED=true', async () => {
    const tracing = startTracing({ env: { OTEL_SDK_DISABLED: 'true' }, diagLogger: new CaptureLogger() });
    assert.equal(tracing.enabled, false);
    assert.equal(tracing.resource, undefined);
    assert.equal(tracing.propagator, undefined);
    const span = tracing.getTracer('t').startSpan('s');
    assert.equal(span.isRecording(), false);
    assert.equal(trace.getTracer('t').startSpan('global').isRecording(), false);
    assert.equal(process.listenerCount('SIGTERM'), 0);
    await tracing.shutdown();
  });

  it('never throws on a bad environment and warns once per bad variable', async () => {
    const logger = new CaptureLogger();
    const env = {
      OTEL_SDK_DISABLED: 'yes',
      OTEL_LOG_LEVEL: 'chatty',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: 'lots',
      OTEL_PROPAGATORS: 'tracecontext,carrier-pigeon',
      OTEL_TRACES_EXPORTER: 'zipkin,console',
      OTEL_BSP_MAX_QUEUE_SIZE: '-1',
      OTEL_BSP_SCHEDULE_DELAY: 'later',
      OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT: 'many',
      OTEL_RESOURCE_ATTRIBUTES: 'broken,%zz=1,ok=yes',
      OTEL_NODE_RESOURCE_DETECTORS: 'gcp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'carrier-pigeon',
      OTEL_EXPORTER_OTLP_TIMEOUT: 'never',
    };
    let tracing: ReturnType<typeof startTracing> | undefined;
    assert.doesNotThrow(() => {
      tracing = startTracing(local({ env, diagLogger: logger, traceExporter: new InMemorySpanExporter() }));
    });
    assert.equal(tracing!.enabled, true);
    assert.equal(tracing!.resource!.attributes['ok'], 'yes');
    const warnings = logger.warnings();
    for (const name of ['OTEL_SDK_DISABLED', 'OTEL_LOG_LEVEL', 'OTEL_TRACES_SAMPLER=', 'OTEL_TRACES_EXPORTER', 'OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_BSP_SCHEDULE_DELAY', 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_NODE_RESOURCE_DETECTORS']) {
      assert.equal(warnings.filter((w) => w.includes(name)).length, 1, `${name}: ${JSON.stringify(warnings)}`);
    }
    assert.ok(warnings.some((w) => w.includes('carrier-pigeon')), 'the unknown propagator is reported');
    await tracing!.shutdown();
  });

  it('uses the given span processors instead of the exporters the environment names', async () => {
    const logger = new CaptureLogger();
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing(
      local({
        env: { OTEL_TRACES_EXPORTER: 'otlp' },
        diagLogger: logger,
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      }),
    );
    tracing.getTracer('t').startSpan('s').end();
    assert.equal(exporter.getFinishedSpans().length, 1);
    await tracing.shutdown();
  });

  it('shuts down once however often it is called, and warns on a second start', async () => {
    const logger = new CaptureLogger();
    const sdk = new NodeSDK(local({ env: { OTEL_TRACES_EXPORTER: 'none' }, diagLogger: logger }));
    sdk.start();
    sdk.start();
    assert.ok(logger.warnings().some((w) => /start\(\) called twice/.test(w)));
    const a = sdk.shutdown();
    assert.equal(sdk.shutdown(), a);
    await a;
    assert.equal(sdk.getTracer('t').startSpan('after').isRecording(), false);
  });
});

describe('startTracing limits', () => {
  it('applies OTEL_SPAN_* limits, and a generalLimits option over the OTEL_ATTRIBUTE_* default', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = startTracing(
      local({
        env: { OTEL_SPAN_EVENT_COUNT_LIMIT: '1' },
        generalLimits: { attributeCountLimit: 2 },
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      }),
    );
    const span = tracing.getTracer('t').startSpan('limited');
    span.setAttributes({ a: 1, b: 2, c: 3 });
    span.addEvent('one');
    span.addEvent('two');
    span.end();
    const [finished] = exporter.getFinishedSpans();
    assert.equal(Object.keys(finished!.attributes).length, 2);
    assert.equal(finished!.droppedAttributesCount, 1);
    assert.equal(finished!.events.length, 1);
    assert.equal(finished!.droppedEventsCount, 1);
    await tracing.shutdown();
  });
});
