// Spool's samplers are a drop-in for OpenTelemetry JS's: same Sampler shape and
// decision values (each type-checks as the other), same descriptions, and an
// OpenTelemetry JS tracer provider runs on them unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as otelApi from '@opentelemetry/api';
import * as otel from '@opentelemetry/sdk-trace-base';
import { ROOT_CONTEXT } from '@spool/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  RuleBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '../src/index.js';
import type { Sampler } from '../src/index.js';
import { decide, parentContext, traceId } from './support.js';

test('a Spool sampler is an OpenTelemetry JS Sampler and the reverse', () => {
  // Compile-time checks: these assignments fail to type-check if the shapes diverge.
  const asOtel: otel.Sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.5) });
  const asSpool: Sampler = new otel.ParentBasedSampler({ root: new otel.TraceIdRatioBasedSampler(0.5) });
  assert.equal(typeof asOtel.shouldSample, 'function');
  assert.equal(typeof asSpool.shouldSample, 'function');
  assert.deepEqual({ ...SamplingDecision }, {
    NOT_RECORD: otel.SamplingDecision.NOT_RECORD,
    RECORD: otel.SamplingDecision.RECORD,
    RECORD_AND_SAMPLED: otel.SamplingDecision.RECORD_AND_SAMPLED,
  });
});

test('descriptions are the same as OpenTelemetry JS gives', () => {
  const pairs: Array<[Sampler, otel.Sampler]> = [
    [new AlwaysOnSampler(), new otel.AlwaysOnSampler()],
    [new AlwaysOffSampler(), new otel.AlwaysOffSampler()],
    [new TraceIdRatioBasedSampler(0.5), new otel.TraceIdRatioBasedSampler(0.5)],
    [new TraceIdRatioBasedSampler(0.0001), new otel.TraceIdRatioBasedSampler(0.0001)],
    [new ParentBasedSampler({ root: new AlwaysOnSampler() }), new otel.ParentBasedSampler({ root: new otel.AlwaysOnSampler() })],
    [
      new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.1), remoteParentNotSampled: new AlwaysOnSampler() }),
      new otel.ParentBasedSampler({ root: new otel.TraceIdRatioBasedSampler(0.1), remoteParentNotSampled: new otel.AlwaysOnSampler() }),
    ],
  ];
  for (const [spool, theirs] of pairs) assert.equal(spool.toString(), theirs.toString());
});

test('an OpenTelemetry JS tracer provider samples with Spool samplers and keeps their tracestate', () => {
  const exporter = new otel.InMemorySpanExporter();
  const provider = new otel.BasicTracerProvider({
    sampler: new ParentBasedSampler({
      root: new RuleBasedSampler({ dropHealthChecks: true, fallback: new TraceIdRatioBasedSampler(1) }),
    }),
    spanProcessors: [new otel.SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('interop');
  const probe = tracer.startSpan('GET /healthz', { kind: otelApi.SpanKind.SERVER }, otelApi.ROOT_CONTEXT);
  assert.equal(probe.isRecording(), false);
  probe.end();
  const root = tracer.startSpan('GET /users', { kind: otelApi.SpanKind.SERVER }, otelApi.ROOT_CONTEXT);
  assert.equal(root.isRecording(), true);
  assert.equal(root.spanContext().traceState?.serialize(), 'ot=th:0');
  const child = tracer.startSpan('db', {}, otelApi.trace.setSpan(otelApi.ROOT_CONTEXT, root));
  assert.equal(child.spanContext().traceState?.get('ot'), 'th:0', 'the child inherits the parent threshold');
  child.end();
  root.end();
  assert.deepEqual(exporter.getFinishedSpans().map((s) => s.name), ['db', 'GET /users']);
});

test('OpenTelemetry JS samplers read the parent from a Spool context', () => {
  const sampler = new otel.ParentBasedSampler({ root: new otel.AlwaysOffSampler() });
  const id = traceId('00000000000000');
  assert.equal(decide(sampler, parentContext({ traceId: id, sampled: true, remote: true }), id).decision, SamplingDecision.RECORD_AND_SAMPLED);
  assert.equal(decide(sampler, ROOT_CONTEXT, id).decision, SamplingDecision.NOT_RECORD);
});
