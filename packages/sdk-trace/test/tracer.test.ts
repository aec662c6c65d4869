import { describe, it, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  context,
  createTraceState,
  diag,
  NonRecordingSpan,
  ROOT_CONTEXT,
  SpanKind,
  suppressTracing,
  trace,
  TraceFlags,
} from '@spool/api';
import type { Attributes, Context, Link, Span, SpanContext } from '@spool/api';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, SamplingDecision } from '@spool/samplers';
import type { Sampler, SamplingResult } from '@spool/samplers';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '../src/index.js';
import type { IdGenerator, ReadableSpan, SpanProcessor, TracerProviderConfig } from '../src/index.js';
import { captureDiag, useStackContext } from './helpers.js';

function setup(config: TracerProviderConfig = {}) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)], ...config }, {});
  return { exporter, provider, tracer: provider.getTracer('test') };
}

function readable(span: Span): ReadableSpan {
  return span as unknown as ReadableSpan;
}

/** A sampler that records every call and answers with `result`. */
class RecordingSampler implements Sampler {
  calls: { ctx: Context; traceId: string; name: string; kind: SpanKind; attributes: Attributes; links: Link[] }[] = [];
  constructor(private readonly result: SamplingResult) {}
  shouldSample(ctx: Context, traceId: string, name: string, kind: SpanKind, attributes: Attributes, links: Link[]) {
    this.calls.push({ ctx, traceId, name, kind, attributes, links });
    return this.result;
  }
  toString(): string {
    return 'RecordingSampler';
  }
}

const remoteParent: SpanContext = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED | TraceFlags.RANDOM,
  isRemote: true,
  traceState: createTraceState('vendor=1'),
};

before(() => useStackContext());
afterEach(() => diag.disable());

describe('Tracer.startSpan', () => {
  it('starts a sampled root span with random ids and the RANDOM flag', () => {
    const { tracer } = setup();
    const span = tracer.startSpan('root');
    const sc = span.spanContext();
    assert.equal(span.isRecording(), true);
    assert.equal(sc.traceFlags, TraceFlags.SAMPLED | TraceFlags.RANDOM);
    assert.equal(readable(span).parentSpanContext, undefined);
    assert.notEqual(tracer.startSpan('other').spanContext().traceId, sc.traceId);
  });

  it('makes a child of the span in the given context, copying trace id, state and RANDOM flag', () => {
    const { tracer } = setup();
    const ctx = trace.setSpan(ROOT_CONTEXT, new NonRecordingSpan(remoteParent));
    const child = tracer.startSpan('child', {}, ctx);
    const sc = child.spanContext();
    assert.equal(sc.traceId, remoteParent.traceId);
    assert.notEqual(sc.spanId, remoteParent.spanId);
    assert.equal(sc.traceState, remoteParent.traceState);
    assert.equal(sc.traceFlags, TraceFlags.SAMPLED | TraceFlags.RANDOM);
    assert.equal(readable(child).parentSpanContext, remoteParent);
    const bytes = child as unknown as { idBytes: Uint8Array; idOffset: number };
    assert.equal(
      Buffer.from(bytes.idBytes.buffer, bytes.idBytes.byteOffset + bytes.idOffset, 16).toString('hex'),
      remoteParent.traceId
    );
  });

  it('does not set RANDOM on a child of a parent without it', () => {
    const { tracer } = setup();
    const parent = { ...remoteParent, traceFlags: TraceFlags.SAMPLED };
    const child = tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, new NonRecordingSpan(parent)));
    assert.equal(child.spanContext().traceFlags, TraceFlags.SAMPLED);
  });

  it('uses the active context by default and copies the local parent id bytes', () => {
    const { tracer } = setup();
    const parent = tracer.startSpan('parent');
    const child = context.with(trace.setSpan(context.active(), parent), () => tracer.startSpan('child'));
    assert.equal(child.spanContext().traceId, parent.spanContext().traceId);
    assert.equal(readable(child).parentSpanContext, parent.spanContext());
    const b = child as unknown as { idBytes: Uint8Array; idOffset: number };
    assert.equal(Buffer.from(b.idBytes.buffer, b.idBytes.byteOffset + b.idOffset, 16).toString('hex'), parent.spanContext().traceId);
  });

  it('ignores the parent when root is true', () => {
    const sampler = new RecordingSampler({ decision: SamplingDecision.RECORD_AND_SAMPLED });
    const { tracer } = setup({ sampler });
    const ctx = trace.setSpan(ROOT_CONTEXT, new NonRecordingSpan(remoteParent));
    const span = tracer.startSpan('root', { root: true }, ctx);
    assert.notEqual(span.spanContext().traceId, remoteParent.traceId);
    assert.equal(readable(span).parentSpanContext, undefined);
    assert.equal(trace.getSpan(sampler.calls[0]!.ctx), undefined, 'the sampler sees no parent');
  });

  it('ignores an invalid parent span context', () => {
    const { tracer } = setup();
    const bad = new NonRecordingSpan({ traceId: 'zz', spanId: 'b7ad6b7169203331', traceFlags: 1 });
    const span = tracer.startSpan('s', {}, trace.setSpan(ROOT_CONTEXT, bad));
    assert.equal(readable(span).parentSpanContext, undefined);
    assert.match(span.spanContext().traceId, /^[0-9a-f]{32}$/);
  });

  it('passes name, kind, trace id, start attributes and links to the sampler', () => {
    const sampler = new RecordingSampler({ decision: SamplingDecision.RECORD_AND_SAMPLED });
    const { tracer } = setup({ sampler });
    const links = [{ context: remoteParent }];
    const span = tracer.startSpan('op', { kind: SpanKind.CLIENT, attributes: { 'http.route': '/x' }, links });
    const call = sampler.calls[0]!;
    assert.equal(call.name, 'op');
    assert.equal(call.kind, SpanKind.CLIENT);
    assert.equal(call.traceId, span.spanContext().traceId);
    assert.deepEqual(call.attributes, { 'http.route': '/x' });
    assert.deepEqual(call.links, links);
  });

  it('adds the sampler attributes and uses its trace state', () => {
    const traceState = createTraceState('ot=th:8');
    const sampler = new RecordingSampler({
      decision: SamplingDecision.RECORD_AND_SAMPLED,
      attributes: { 'sampler.attr': 'yes', a: 'from-sampler' },
      traceState,
    });
    const { tracer } = setup({ sampler });
    const span = tracer.startSpan('op', { attributes: { a: 'from-user', b: 1 } });
    assert.deepEqual(readable(span).attributes, { a: 'from-sampler', b: 1, 'sampler.attr': 'yes' });
    assert.equal(span.spanContext().traceState, traceState);
  });

  it('returns a non-recording span that carries the ids when the sampler drops', () => {
    const processor = countingProcessor();
    const { tracer } = setup({ sampler: new AlwaysOffSampler(), spanProcessors: [processor] });
    const span = tracer.startSpan('dropped', { attributes: { a: 1 } });
    assert.equal(span.isRecording(), false);
    const sc = span.spanContext();
    assert.match(sc.traceId, /^[0-9a-f]{32}$/);
    assert.match(sc.spanId, /^[0-9a-f]{16}$/);
    assert.equal(sc.traceFlags, TraceFlags.RANDOM);
    span.end();
    assert.deepEqual(processor.counts, { start: 0, end: 0 });
    const ctx = trace.setSpan(ROOT_CONTEXT, span);
    const child = tracer.startSpan('child', {}, ctx);
    assert.equal(child.spanContext().traceId, sc.traceId);
  });

  it('keeps the same span context on every call of a dropped span, and ignores its methods', () => {
    const { tracer } = setup({ sampler: new AlwaysOffSampler() });
    const span = tracer.startSpan('dropped');
    const first = span.spanContext();
    assert.equal(span.spanContext(), first);
    assert.equal(span.setAttribute('a', 1).addEvent('e').setStatus({ code: 2 }).updateName('x'), span);
    assert.equal(span.addLink({ context: first }).addLinks([]).setAttributes({}), span);
    span.recordException(new Error('x'));
    span.end();
    assert.equal(span.isRecording(), false);
    const other = tracer.startSpan('other').spanContext();
    assert.notEqual(other.spanId, first.spanId);
    assert.notEqual(other.traceId, first.traceId);
  });

  it('records but does not export a RECORD-only span', () => {
    const processor = countingProcessor();
    const exporter = new InMemorySpanExporter();
    const { tracer } = setup({
      sampler: new RecordingSampler({ decision: SamplingDecision.RECORD }),
      spanProcessors: [processor, new SimpleSpanProcessor(exporter)],
    });
    const span = tracer.startSpan('recorded');
    assert.equal(span.isRecording(), true);
    assert.equal(span.spanContext().traceFlags & TraceFlags.SAMPLED, 0);
    span.end();
    assert.deepEqual(processor.counts, { start: 1, end: 1 });
    assert.equal(exporter.getFinishedSpans().length, 0);
  });

  it('treats a sampler that throws or returns nothing as NOT_RECORD, with one error', () => {
    const logs = captureDiag();
    const throwing: Sampler = {
      shouldSample() {
        throw new Error('sampler bug');
      },
      toString: () => 'Throwing',
    };
    const { tracer } = setup({ sampler: throwing });
    assert.equal(tracer.startSpan('a').isRecording(), false);
    assert.equal(tracer.startSpan('b').isRecording(), false);
    assert.ok(logs.messages.filter((m) => m.level === 'error').length <= 1);
  });

  it('returns non-recording spans under a suppress-tracing context, carrying the parent context', () => {
    const processor = countingProcessor();
    const { tracer } = setup({ spanProcessors: [processor] });
    const root = tracer.startSpan('s', {}, suppressTracing(ROOT_CONTEXT));
    assert.equal(root.isRecording(), false);
    assert.equal(root.spanContext().traceId, '00000000000000000000000000000000');
    const ctx = suppressTracing(trace.setSpan(ROOT_CONTEXT, new NonRecordingSpan(remoteParent)));
    const child = tracer.startSpan('c', {}, ctx);
    assert.equal(child.isRecording(), false);
    assert.equal(child.spanContext().traceId, remoteParent.traceId);
    assert.deepEqual(processor.counts, { start: 0, end: 0 });
  });

  it('honours the startTime option in every TimeInput form', () => {
    const { tracer } = setup();
    assert.deepEqual(readable(tracer.startSpan('a', { startTime: [1_700_000_000, 42] })).startTime, [1_700_000_000, 42]);
    assert.deepEqual(readable(tracer.startSpan('b', { startTime: 1_700_000_000_500 })).startTime, [1_700_000_000, 500_000_000]);
    assert.deepEqual(readable(tracer.startSpan('c', { startTime: new Date(1_700_000_001_000) })).startTime, [1_700_000_001, 0]);
    const perfNow = performance.now();
    const expected = performance.timeOrigin + perfNow;
    const t = readable(tracer.startSpan('d', { startTime: perfNow })).startTime;
    assert.ok(Math.abs(t[0] * 1e3 + t[1] / 1e6 - expected) < 1, 'performance.now() value mapped onto the epoch');
  });

  it('falls back to INTERNAL for an invalid kind, with a warning', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    const span = tracer.startSpan('s', { kind: 9 as SpanKind });
    assert.equal(readable(span).kind, SpanKind.INTERNAL);
    assert.equal(logs.find('span kind').length, 1);
  });

  it('calls onStart with the span and the parent context', () => {
    let seen: { span: unknown; ctx: unknown } | undefined;
    const processor: SpanProcessor = {
      onStart: (span, ctx) => {
        seen = { span, ctx };
      },
      onEnd: () => {},
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const { tracer } = setup({ spanProcessors: [processor] });
    const ctx = ROOT_CONTEXT.setValue(Symbol('k'), 1);
    const span = tracer.startSpan('s', {}, ctx);
    assert.equal(seen!.span, span);
    assert.equal(seen!.ctx, ctx);
  });
});

describe('Tracer with a sampler decided at setup', () => {
  const HEX32 = /^[0-9a-f]{32}$/;
  const HEX16 = /^[0-9a-f]{16}$/;

  it('gives a root span dropped by ParentBased(AlwaysOff) new random ids of its own', () => {
    const { tracer, exporter } = setup({ sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) });
    const a = tracer.startSpan('a');
    const b = tracer.startSpan('b');
    assert.equal(a.isRecording(), false);
    const sa = a.spanContext();
    const sb = b.spanContext();
    assert.match(sa.traceId, HEX32);
    assert.match(sa.spanId, HEX16);
    assert.notEqual(sa.traceId, sb.traceId);
    assert.notEqual(sa.spanId, sb.spanId);
    assert.equal(sa.traceFlags, TraceFlags.RANDOM, 'not sampled, random trace id');
    assert.equal(sa.isRemote, false);
    assert.equal(a.spanContext(), sa, 'the same context on every call');
    a.end();
    assert.equal(exporter.getFinishedSpans().length, 0);
  });

  it('records a child of a sampled local parent with the parent trace id, without a new trace id', () => {
    const { tracer, exporter } = setup({ sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }) });
    const parent = tracer.startSpan('parent');
    const child = tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, parent));
    assert.equal(child.isRecording(), true);
    assert.equal(child.spanContext().traceId, parent.spanContext().traceId);
    assert.equal(child.spanContext().traceFlags, TraceFlags.SAMPLED | TraceFlags.RANDOM);
    assert.equal(readable(child).parentSpanContext, parent.spanContext());
    child.end();
    parent.end();
    assert.deepEqual(exporter.getFinishedSpans().map((s) => s.name), ['child', 'parent']);
  });

  it('drops a child of a recording but unsampled local parent, keeping the trace id', () => {
    const root = new RecordingSampler({ decision: SamplingDecision.RECORD });
    const { tracer } = setup({ sampler: new ParentBasedSampler({ root }) });
    const parent = tracer.startSpan('parent');
    assert.equal(parent.isRecording(), true);
    const child = tracer.startSpan('child', {}, trace.setSpan(ROOT_CONTEXT, parent));
    assert.equal(child.isRecording(), false);
    assert.equal(child.spanContext().traceId, parent.spanContext().traceId);
    assert.match(child.spanContext().spanId, HEX16);
    assert.notEqual(child.spanContext().spanId, parent.spanContext().spanId);
    assert.equal(root.calls.length, 1, 'the root sampler is asked for the root only');
  });

  it('follows a remote parent flag, keeping its trace state', () => {
    const { tracer } = setup({ sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) });
    const sampled = tracer.startSpan('s', {}, trace.setSpan(ROOT_CONTEXT, new NonRecordingSpan(remoteParent)));
    assert.equal(sampled.isRecording(), true);
    assert.equal(sampled.spanContext().traceState, remoteParent.traceState);
    const unsampledParent = { ...remoteParent, traceFlags: TraceFlags.RANDOM };
    const dropped = tracer.startSpan('d', {}, trace.setSpan(ROOT_CONTEXT, new NonRecordingSpan(unsampledParent)));
    assert.equal(dropped.isRecording(), false);
    assert.equal(dropped.spanContext().traceId, remoteParent.traceId);
    assert.equal(dropped.spanContext().traceState, remoteParent.traceState);
  });

  it('still lets ParentBased erase an inconsistent sampling threshold of a sampled parent', () => {
    const { tracer } = setup({ sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }) });
    // th:8 keeps randomness >= 0x80000000000000; this trace id's randomness is 0.
    const parent = { ...remoteParent, traceId: '0af7651916cd43dd8400000000000000', traceState: createTraceState('ot=th:8,vendor=1') };
    const child = tracer.startSpan('c', {}, trace.setSpan(ROOT_CONTEXT, new NonRecordingSpan(parent)));
    assert.equal(child.isRecording(), true);
    assert.equal(child.spanContext().traceState?.get('ot'), undefined);
    assert.equal(child.spanContext().traceState?.get('vendor'), '1');
  });

  it('asks a sampler that overrides a built-in shouldSample for every span', () => {
    let calls = 0;
    class CountingAlwaysOn extends AlwaysOnSampler {
      override shouldSample(): SamplingResult {
        calls++;
        return super.shouldSample();
      }
    }
    const { tracer } = setup({ sampler: new ParentBasedSampler({ root: new CountingAlwaysOn() }) });
    const parent = tracer.startSpan('a');
    tracer.startSpan('b');
    tracer.startSpan('c', {}, trace.setSpan(ROOT_CONTEXT, parent));
    assert.equal(calls, 2, 'the two roots; the child follows its sampled parent');
  });

  it('treats a parent span with invalid ids from a custom IdGenerator as no parent', () => {
    const zeros: IdGenerator = {
      generateTraceId: () => '00000000000000000000000000000000',
      generateSpanId: () => '0000000000000000',
    };
    const bad = setup({ idGenerator: zeros }).tracer.startSpan('bad');
    const { tracer } = setup();
    const span = tracer.startSpan('s', {}, trace.setSpan(ROOT_CONTEXT, bad));
    assert.equal(readable(span).parentSpanContext, undefined);
    assert.match(span.spanContext().traceId, HEX32);
    assert.notEqual(span.spanContext().traceId, '00000000000000000000000000000000');
  });
});

describe('Tracer with a custom IdGenerator', () => {
  const fixed: IdGenerator = {
    generateTraceId: () => '11111111111111111111111111111111',
    generateSpanId: () => '2222222222222222',
  };

  it('uses its hex ids, exposes no id bytes and sets no RANDOM flag', () => {
    const { tracer } = setup({ idGenerator: fixed });
    const span = tracer.startSpan('s');
    assert.equal(span.spanContext().traceId, '11111111111111111111111111111111');
    assert.equal(span.spanContext().spanId, '2222222222222222');
    assert.equal(span.spanContext().traceFlags, TraceFlags.SAMPLED);
    assert.equal((span as unknown as { idBytes: unknown }).idBytes, undefined);
  });

  it('sets RANDOM when the generator declares random trace ids', () => {
    const { tracer } = setup({ idGenerator: { ...fixed, isTraceIdRandom: () => true } });
    assert.equal(tracer.startSpan('s').spanContext().traceFlags, TraceFlags.SAMPLED | TraceFlags.RANDOM);
  });
});

describe('Tracer.startActiveSpan', () => {
  it('supports (name, fn) and returns what fn returns', () => {
    const { tracer } = setup();
    const result = tracer.startActiveSpan('a', (span) => {
      assert.equal(trace.getActiveSpan(), span);
      span.end();
      return 42;
    });
    assert.equal(result, 42);
  });

  it('supports (name, options, fn)', () => {
    const { tracer } = setup();
    const kind = tracer.startActiveSpan('a', { kind: SpanKind.PRODUCER }, (span) => {
      span.end();
      return readable(span).kind;
    });
    assert.equal(kind, SpanKind.PRODUCER);
  });

  it('supports (name, options, context, fn) with the parent taken from that context', () => {
    const { tracer } = setup();
    const ctx = trace.setSpan(ROOT_CONTEXT, new NonRecordingSpan(remoteParent));
    const traceId = tracer.startActiveSpan('a', {}, ctx, (span) => {
      span.end();
      return span.spanContext().traceId;
    });
    assert.equal(traceId, remoteParent.traceId);
  });

  it('returns the promise of an async fn', async () => {
    const { tracer } = setup();
    const p = tracer.startActiveSpan('a', async (span) => {
      span.end();
      return 'done';
    });
    assert.ok(p instanceof Promise);
    assert.equal(await p, 'done');
  });

  it('nests: children started inside fn get the active span as parent', () => {
    const { tracer, exporter } = setup();
    tracer.startActiveSpan('p', (p) => {
      tracer.startActiveSpan('c', (c) => c.end());
      p.end();
    });
    const [c, p] = exporter.getFinishedSpans();
    assert.equal(c!.parentSpanContext?.spanId, p!.spanContext().spanId);
    assert.equal(c!.spanContext().traceId, p!.spanContext().traceId);
  });

  it('warns and returns undefined without a function', () => {
    const logs = captureDiag();
    const { tracer } = setup();
    assert.equal((tracer.startActiveSpan as (n: string) => unknown)('a'), undefined);
    assert.equal(logs.find('startActiveSpan').length, 1);
  });
});

function countingProcessor(): SpanProcessor & { counts: { start: number; end: number } } {
  const counts = { start: 0, end: 0 };
  return {
    counts,
    onStart: () => {
      counts.start++;
    },
    onEnd: () => {
      counts.end++;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
