import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  context,
  diag,
  DiagLogLevel,
  INVALID_SPAN_CONTEXT,
  NonRecordingSpan,
  ProxyTracer,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Span,
  type SpanContext,
} from '../src/index.js';
import { CaptureLogger } from './helpers/capture-logger.js';
import { RecordingProvider, RecordedSpan } from './helpers/recording-provider.js';
import { StackContextManager } from './helpers/stack-context-manager.js';

const logger = new CaptureLogger();
diag.setLogger(logger, DiagLogLevel.ALL);
context.setGlobalContextManager(new StackContextManager());

const parent: SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
};

// Taken before any provider is registered; checked again after registration.
const earlyTracer = trace.getTracer('early', '1.0.0');

test('enums have the OpenTelemetry values', () => {
  assert.deepEqual([SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER], [0, 1, 2, 3, 4]);
  assert.deepEqual([SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR], [0, 1, 2]);
});

test('before registration a span is non-recording and has the invalid context without a parent', () => {
  const span = trace.getTracer('t').startSpan('x');
  assert.equal(span.isRecording(), false);
  assert.equal(span.spanContext(), INVALID_SPAN_CONTEXT);
  assert.ok(span instanceof NonRecordingSpan);
});

test('before registration diag says once, at debug level, that no provider is registered', () => {
  const debug = logger.messages('debug').filter((m) => m.includes('no tracer provider is registered'));
  assert.equal(debug.length, 1);
  assert.match(debug[0]!, /non-recording/);
});

test('before registration a span carries the span context of its parent', () => {
  const ctx = trace.setSpanContext(ROOT_CONTEXT, parent);
  const span = trace.getTracer('t').startSpan('x', {}, ctx);
  assert.equal(span.isRecording(), false);
  assert.deepEqual(span.spanContext(), parent);
});

test('before registration the active span is the parent when no context is given', () => {
  const ctx = trace.setSpanContext(ROOT_CONTEXT, parent);
  const span = context.with(ctx, () => trace.getTracer('t').startSpan('x'));
  assert.deepEqual(span.spanContext(), parent);
});

test('a root span ignores the parent', () => {
  const ctx = trace.setSpanContext(ROOT_CONTEXT, parent);
  assert.equal(trace.getTracer('t').startSpan('x', { root: true }, ctx).spanContext(), INVALID_SPAN_CONTEXT);
});

test('an invalid parent gives the invalid context', () => {
  const ctx = trace.setSpanContext(ROOT_CONTEXT, { ...parent, traceId: 'nope' });
  assert.equal(trace.getTracer('t').startSpan('x', undefined, ctx).spanContext(), INVALID_SPAN_CONTEXT);
});

test('non-recording spans accept every call and chain', () => {
  const span = trace.getTracer('t').startSpan('x');
  const same = span
    .setAttribute('a', 1)
    .setAttributes({ b: 'c' })
    .addEvent('e', { k: 1 })
    .addLink({ context: parent })
    .addLinks([{ context: parent }])
    .setStatus({ code: SpanStatusCode.ERROR, message: 'm' })
    .updateName('y');
  assert.equal(same, span);
  span.recordException(new Error('boom'));
  span.end();
  assert.equal(span.isRecording(), false);
});

test('startActiveSpan runs fn with the span active, in all three overloads, and returns its result', () => {
  const tracer = trace.getTracer('t');
  const ctx = trace.setSpanContext(ROOT_CONTEXT, parent);
  assert.equal(tracer.startActiveSpan('a', (span: Span) => trace.getActiveSpan() === span), true);
  assert.equal(tracer.startActiveSpan('b', {}, (span: Span) => trace.getActiveSpan() === span), true);
  const seen = tracer.startActiveSpan('c', {}, ctx, (span: Span) => span.spanContext());
  assert.deepEqual(seen, parent);
  assert.equal(trace.getActiveSpan(), undefined);
});

test('startActiveSpan without a function runs nothing, returns undefined and tells diag', () => {
  logger.clear();
  const result = (trace.getTracer('t').startActiveSpan as unknown as (n: string, o: object) => unknown)('x', {});
  assert.equal(result, undefined);
  assert.ok(logger.messages('error').some((m) => m.includes('startActiveSpan')));
});

test('span helpers set, read and delete the span of a context', () => {
  const span = trace.wrapSpanContext(parent);
  const ctx = trace.setSpan(ROOT_CONTEXT, span);
  assert.equal(trace.getSpan(ctx), span);
  assert.deepEqual(trace.getSpanContext(ctx), parent);
  assert.equal(trace.getSpan(trace.deleteSpan(ctx)), undefined);
  assert.equal(trace.getSpan(ROOT_CONTEXT), undefined);
  assert.equal(trace.getSpanContext(ROOT_CONTEXT), undefined);
  assert.equal(trace.isSpanContextValid(parent), true);
});

test('span helpers do not throw on a non-context', () => {
  assert.equal(trace.getSpan(null as never), undefined);
  assert.equal(trace.getSpanContext(undefined as never), undefined);
  const ctx = trace.setSpan(undefined as never, trace.wrapSpanContext(parent));
  assert.deepEqual(trace.getSpanContext(ctx), parent);
});

test('getTracerProvider is a ProxyTracerProvider whose tracers are ProxyTracers before registration', () => {
  const provider = trace.getTracerProvider();
  assert.ok(provider instanceof ProxyTracerProvider);
  assert.ok(provider.getTracer('x') instanceof ProxyTracer);
});

test('registering a non-provider fails with a diag error', () => {
  logger.clear();
  assert.equal(trace.setGlobalTracerProvider({} as never), false);
  assert.equal(trace.setGlobalTracerProvider(null as never), false);
  assert.equal(logger.messages('error').length, 2);
});

test('a tracer taken before registration records once a provider is registered', () => {
  const provider = new RecordingProvider();
  assert.equal(trace.setGlobalTracerProvider(provider), true);
  const span = earlyTracer.startSpan('late');
  assert.ok(span instanceof RecordedSpan);
  assert.equal(span.isRecording(), true);
  assert.deepEqual(provider.tracers, ['early']);
  const child = context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
    earlyTracer.startActiveSpan('child', (s: Span) => s)
  ) as unknown as RecordedSpan;
  assert.equal(child.parent?.spanId, span.spanContext().spanId);
});

test('a proxy tracer forwards each startActiveSpan overload to the registered tracer', () => {
  const parentCtx = trace.setSpanContext(ROOT_CONTEXT, parent);
  const a = earlyTracer.startActiveSpan('a', (s: Span) => s) as unknown as RecordedSpan;
  const b = earlyTracer.startActiveSpan('b', { kind: SpanKind.CLIENT }, (s: Span) => s) as unknown as RecordedSpan;
  const c = earlyTracer.startActiveSpan('c', {}, parentCtx, (s: Span) => s) as unknown as RecordedSpan;
  assert.deepEqual([a.name, b.name, c.name], ['a', 'b', 'c']);
  assert.equal(c.parent?.spanId, parent.spanId);
  assert.equal(a.parent, undefined);
});

test('after registration getTracer returns the provider tracer directly', () => {
  const tracer = trace.getTracer('after');
  assert.equal(tracer instanceof ProxyTracer, false);
  assert.equal(tracer.startSpan('x').isRecording(), true);
});

test('registering a second provider fails with a diag error and keeps the first', () => {
  logger.clear();
  const second = new RecordingProvider();
  assert.equal(trace.setGlobalTracerProvider(second), false);
  assert.ok(logger.messages('error').some((m) => m.includes('already registered') && m.includes('allowOverride')));
  trace.getTracer('still-first').startSpan('x');
  assert.equal(second.spans.length, 0);
});

test('allowOverride replaces the registered provider', () => {
  const third = new RecordingProvider();
  assert.equal(trace.setGlobalTracerProvider(third, { allowOverride: true }), true);
  trace.getTracer('third').startSpan('x');
  assert.equal(third.spans.length, 1);
});

test('a provider whose getTracer throws gives a no-op tracer and a diag error', () => {
  trace.disable();
  logger.clear();
  const throwing = {
    getTracer(): never {
      throw new Error('broken provider');
    },
  };
  assert.equal(trace.setGlobalTracerProvider(throwing), true);
  const span = trace.getTracer('x').startSpan('y');
  assert.equal(span.isRecording(), false);
  assert.ok(logger.messages('error').some((m) => m.includes('threw')));
});

test('disable unregisters the provider: new tracers are no-op', () => {
  trace.disable();
  assert.equal(trace.getTracer('x').startSpan('y').isRecording(), false);
  assert.equal(trace.setGlobalTracerProvider(new RecordingProvider()), true);
  assert.equal(trace.getTracer('x').startSpan('y').isRecording(), true);
});
