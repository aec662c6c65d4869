// Runtime proof that @spool/api and @opentelemetry/api 1.x interoperate:
// same context keys, contexts and spans accepted across the two, an
// OpenTelemetry SDK provider and propagators usable through Spool, and a
// diag explanation when spans cannot be served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as otel from '@opentelemetry/api';
import * as core from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as spool from '@spool/api';
import { contextFromOtel, contextToOtel, spanFromOtel, spanToOtel, tracerProviderFromOtel } from './api-compat-types.js';

const parent: spool.SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: spool.TraceFlags.SAMPLED,
  isRemote: true,
};

class Capture implements spool.DiagLogger {
  readonly lines: string[] = [];
  error = (m: string): void => void this.lines.push(`error ${m}`);
  warn = (m: string): void => void this.lines.push(`warn ${m}`);
  info = (m: string): void => void this.lines.push(`info ${m}`);
  debug = (m: string): void => void this.lines.push(`debug ${m}`);
  verbose = (m: string): void => void this.lines.push(`verbose ${m}`);
}
const spoolDiag = new Capture();
spool.diag.setLogger(spoolDiag, spool.DiagLogLevel.ALL);

test('enum values and invalid constants are the same as @opentelemetry/api', () => {
  assert.deepEqual({ ...spool.SpanKind }, { ...otel.SpanKind });
  assert.deepEqual({ ...spool.SpanStatusCode }, { ...otel.SpanStatusCode });
  assert.deepEqual({ ...spool.DiagLogLevel }, { ...otel.DiagLogLevel });
  assert.equal(spool.TraceFlags.SAMPLED, otel.TraceFlags.SAMPLED);
  assert.equal(spool.TraceFlags.NONE, otel.TraceFlags.NONE);
  assert.deepEqual(spool.INVALID_SPAN_CONTEXT, otel.INVALID_SPAN_CONTEXT);
  assert.equal(spool.INVALID_TRACEID, otel.INVALID_TRACEID);
  assert.equal(spool.INVALID_SPANID, otel.INVALID_SPANID);
});

test('createContextKey gives the same symbols in both APIs', () => {
  assert.equal(spool.createContextKey('shared key'), otel.createContextKey('shared key'));
});

test('a span set with @opentelemetry/api trace.setSpan is found by @spool/api trace.getSpan, and the reverse', () => {
  const otelSpan = otel.trace.wrapSpanContext(parent);
  const viaOtel = otel.trace.setSpan(otel.ROOT_CONTEXT, otelSpan);
  assert.equal(spool.trace.getSpan(contextFromOtel(viaOtel)), otelSpan);

  const spoolSpan = spool.trace.wrapSpanContext(parent);
  const viaSpool = spool.trace.setSpan(spool.ROOT_CONTEXT, spoolSpan);
  assert.equal(otel.trace.getSpan(contextToOtel(viaSpool)), spoolSpan);
  assert.deepEqual(otel.trace.getSpanContext(viaSpool), parent);
});

test('Spool accepts contexts made by @opentelemetry/api and the reverse', () => {
  const key = otel.createContextKey('mixed');
  const mixed = spool.trace.setSpanContext(otel.ROOT_CONTEXT.setValue(key, 1), parent);
  assert.equal(mixed.getValue(key), 1);
  const back = otel.trace.deleteSpan(spool.ROOT_CONTEXT.setValue(key, 2));
  assert.equal(back.getValue(key), 2);
  assert.equal(spool.trace.getSpan(back), undefined);
});

test('baggage set through either API is read by the other (same key)', () => {
  const otelBaggage = otel.propagation.createBaggage({ a: { value: '1' } });
  const viaOtel = otel.propagation.setBaggage(otel.ROOT_CONTEXT, otelBaggage);
  assert.equal(spool.propagation.getBaggage(viaOtel)?.getEntry('a')?.value, '1');
  const spoolBaggage = spool.propagation.createBaggage({ b: { value: '2' } });
  const viaSpool = spool.propagation.setBaggage(spool.ROOT_CONTEXT, spoolBaggage);
  assert.equal(otel.propagation.getBaggage(viaSpool)?.getEntry('b')?.value, '2');
});

test('suppress-tracing uses the key of @opentelemetry/core both ways', () => {
  assert.equal(spool.isTracingSuppressed(core.suppressTracing(otel.ROOT_CONTEXT)), true);
  assert.equal(core.isTracingSuppressed(spool.suppressTracing(spool.ROOT_CONTEXT)), true);
  assert.equal(core.isTracingSuppressed(spool.unsuppressTracing(core.suppressTracing(otel.ROOT_CONTEXT))), false);
});

test('RPC metadata uses the key of @opentelemetry/core both ways', () => {
  const span = spool.trace.wrapSpanContext(parent);
  const viaCore = core.setRPCMetadata(otel.ROOT_CONTEXT, { type: core.RPCType.HTTP, route: '/a', span: spanToOtel(span) });
  assert.equal(spool.getRPCMetadata(viaCore)?.route, '/a');
  const viaSpool = spool.setRPCMetadata(spool.ROOT_CONTEXT, { type: spool.RPCType.HTTP, route: '/b', span });
  assert.equal(core.getRPCMetadata(viaSpool)?.route, '/b');
});

test('Spool TraceState is serialized by the @opentelemetry/core W3C propagator, and core TraceState works in Spool', () => {
  const ctx = spool.trace.setSpanContext(spool.ROOT_CONTEXT, {
    ...parent,
    traceState: spool.createTraceState('vendor=abc,other@sys=1'),
  });
  const carrier: Record<string, string> = {};
  new core.W3CTraceContextPropagator().inject(ctx, carrier, otel.defaultTextMapSetter);
  assert.equal(carrier.traceparent, `00-${parent.traceId}-${parent.spanId}-01`);
  assert.equal(carrier.tracestate, 'vendor=abc,other@sys=1');

  const coreState = new core.TraceState('a=1');
  const spoolCtx: spool.SpanContext = { ...parent, traceState: coreState };
  assert.equal(spoolCtx.traceState?.set('b', '2').serialize(), 'b=2,a=1');
});

test('the OpenTelemetry W3C propagator registered with Spool extracts into Spool contexts with the default getter', () => {
  assert.equal(spool.propagation.setGlobalPropagator(new core.W3CTraceContextPropagator()), true);
  const ctx = spool.propagation.extract(spool.ROOT_CONTEXT, {
    Traceparent: `00-${parent.traceId}-${parent.spanId}-01`,
  });
  const sc = spool.trace.getSpanContext(ctx);
  assert.equal(sc?.traceId, parent.traceId);
  assert.equal(sc?.isRemote, true);
});

test('the default getters of both APIs agree on ordinary header objects', () => {
  const headers = { traceparent: 'tp', baggage: ['a=1', 'b=2'] };
  for (const key of ['traceparent', 'baggage', 'missing']) {
    assert.deepEqual(spool.defaultTextMapGetter.get(headers, key), otel.defaultTextMapGetter.get(headers, key));
  }
  assert.deepEqual(spool.defaultTextMapGetter.keys(headers), otel.defaultTextMapGetter.keys(headers));
});

test('a Spool NonRecordingSpan passes as an @opentelemetry/api span and the reverse', () => {
  const fromSpool = spanToOtel(new spool.NonRecordingSpan(parent));
  assert.equal(otel.trace.isSpanContextValid(fromSpool.spanContext()), true);
  const fromOtel = spanFromOtel(otel.trace.wrapSpanContext(parent));
  assert.equal(spool.isSpanContextValid(fromOtel.spanContext()), true);
});

test('when only @opentelemetry/api has a provider, Spool tracers say so once instead of silently making all-zero ids', () => {
  const exporter = new InMemorySpanExporter();
  const otelProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  assert.equal(otel.trace.setGlobalTracerProvider(otelProvider), true);
  spoolDiag.lines.length = 0;
  const tracer = spool.trace.getTracer('spool-only');
  const a = tracer.startSpan('a');
  tracer.startSpan('b');
  assert.equal(a.isRecording(), false);
  assert.deepEqual(a.spanContext(), spool.INVALID_SPAN_CONTEXT);
  const explained = spoolDiag.lines.filter((l) => l.includes('@opentelemetry/api') && l.includes('no tracer provider'));
  assert.equal(explained.length, 1, spoolDiag.lines.join('\n'));
  assert.match(explained[0]!, new RegExp(`@spool/api ${spool.VERSION.replace(/\./g, '\\.')}`));
});

test('an OpenTelemetry SDK provider registered with Spool serves Spool tracers, including ones taken earlier', async () => {
  const early = spool.trace.getTracer('early');
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  assert.equal(spool.trace.setGlobalTracerProvider(tracerProviderFromOtel(provider)), true);
  const span = early.startSpan('through-spool', { kind: spool.SpanKind.CLIENT, attributes: { k: 'v' } });
  assert.equal(span.isRecording(), true);
  span.setStatus({ code: spool.SpanStatusCode.OK }).end();
  const child = spool.trace
    .getTracer('later')
    .startSpan('child', undefined, spool.trace.setSpan(spool.ROOT_CONTEXT, span));
  child.end();
  await provider.forceFlush();
  const finished = exporter.getFinishedSpans();
  assert.deepEqual(finished.map((s) => s.name), ['through-spool', 'child']);
  assert.equal(finished[0]!.kind, otel.SpanKind.CLIENT);
  assert.equal(finished[1]!.parentSpanContext?.spanId, span.spanContext().spanId);
  await provider.shutdown();
});
