import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { context, diag, propagation, ROOT_CONTEXT, trace } from '@spool/api';
import type { Context, TextMapPropagator } from '@spool/api';
import { AlwaysOffSampler } from '@spool/samplers';
import {
  InMemorySpanExporter,
  InvalidOptionError,
  RandomIdGenerator,
  Resource,
  SimpleSpanProcessor,
  TracerProvider,
} from '../src/index.js';
import type { ReadableSpan, SpanProcessor } from '../src/index.js';
import { captureDiag, StackContextManager } from './helpers.js';

afterEach(() => {
  diag.disable();
});

function recorder(name: string, log: string[]): SpanProcessor {
  return {
    onStart: () => log.push(`${name}.start`),
    onEnd: () => log.push(`${name}.end`),
    forceFlush: async () => {
      log.push(`${name}.flush`);
    },
    shutdown: async () => {
      log.push(`${name}.shutdown`);
    },
  };
}

describe('TracerProvider', () => {
  it('returns the same tracer for the same name, version and schemaUrl', () => {
    const provider = new TracerProvider({}, {});
    const a = provider.getTracer('lib', '1.0.0', { schemaUrl: 'https://s/1' });
    assert.equal(provider.getTracer('lib', '1.0.0', { schemaUrl: 'https://s/1' }), a);
    assert.notEqual(provider.getTracer('lib', '1.0.1', { schemaUrl: 'https://s/1' }), a);
    assert.notEqual(provider.getTracer('lib', '1.0.0'), a);
    assert.notEqual(provider.getTracer('other', '1.0.0', { schemaUrl: 'https://s/1' }), a);
    assert.equal(provider.getTracer('lib'), provider.getTracer('lib'));
  });

  it('puts name, version, schemaUrl and scope attributes on the instrumentation scope', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }, {});
    provider.getTracer('lib', '2.0.0', { schemaUrl: 'https://s/2', attributes: { team: 'a' } }).startSpan('s').end();
    assert.deepEqual(exporter.getFinishedSpans()[0]!.instrumentationScope, {
      name: 'lib',
      version: '2.0.0',
      schemaUrl: 'https://s/2',
      attributes: { team: 'a' },
    });
  });

  it('accepts an empty tracer name with a warning', () => {
    const logs = captureDiag();
    const provider = new TracerProvider({}, {});
    const tracer = provider.getTracer('');
    assert.equal(tracer.startSpan('s').isRecording(), true);
    assert.equal(logs.find('invalid name').length, 1);
  });

  it('merges the given resource over the default resource', () => {
    const provider = new TracerProvider({ resource: new Resource({ 'service.name': 'checkout', k: 'v' }) }, {});
    assert.equal(provider.resource.attributes['service.name'], 'checkout');
    assert.equal(provider.resource.attributes['k'], 'v');
    assert.equal(provider.resource.attributes['telemetry.sdk.name'], 'spool');
  });

  it('reads OTEL_SERVICE_NAME from the env it is given', () => {
    const provider = new TracerProvider({}, { OTEL_SERVICE_NAME: 'from-env' });
    assert.equal(provider.resource.attributes['service.name'], 'from-env');
  });

  it('calls processors in registration order', () => {
    const log: string[] = [];
    const provider = new TracerProvider({ spanProcessors: [recorder('a', log), recorder('b', log)] }, {});
    provider.getTracer('t').startSpan('s').end();
    assert.deepEqual(log, ['a.start', 'b.start', 'a.end', 'b.end']);
  });

  it('keeps calling the other processors when one throws', async () => {
    const logs = captureDiag();
    const log: string[] = [];
    const bad: SpanProcessor = {
      onStart: () => {
        throw new Error('x');
      },
      onEnd: () => {
        throw new Error('y');
      },
      forceFlush: () => Promise.reject(new Error('flush')),
      shutdown: () => {
        throw new Error('shutdown');
      },
    };
    const provider = new TracerProvider({ spanProcessors: [bad, recorder('ok', log)] }, {});
    provider.getTracer('t').startSpan('s').end();
    assert.deepEqual(log, ['ok.start', 'ok.end']);
    assert.equal(logs.messages.filter((m) => m.level === 'error').length, 2);
    await provider.forceFlush();
    await provider.shutdown();
    assert.equal(logs.messages.filter((m) => m.level === 'error').length, 4, 'flush and shutdown failures reported');
  });

  it('flushes and shuts down processors, and shutdown is idempotent', async () => {
    const log: string[] = [];
    const provider = new TracerProvider({ spanProcessors: [recorder('a', log)] }, {});
    await provider.forceFlush();
    const first = provider.shutdown();
    assert.equal(provider.shutdown(), first);
    await first;
    await provider.shutdown();
    await provider.forceFlush();
    assert.deepEqual(log, ['a.flush', 'a.shutdown']);
  });

  it('returns non-recording spans after shutdown, carrying the parent context', async () => {
    const log: string[] = [];
    const provider = new TracerProvider({ spanProcessors: [recorder('a', log)] }, {});
    const tracer = provider.getTracer('t');
    const parent = tracer.startSpan('parent');
    await provider.shutdown();
    const span = tracer.startSpan('late', {}, trace.setSpan(ROOT_CONTEXT, parent));
    assert.equal(span.isRecording(), false);
    assert.equal(span.spanContext().traceId, parent.spanContext().traceId);
    assert.equal(provider.getTracer('new').startSpan('x').isRecording(), false);
  });

  it('uses the given sampler', () => {
    const provider = new TracerProvider({ sampler: new AlwaysOffSampler() }, {});
    assert.equal(provider.getTracer('t').startSpan('s').isRecording(), false);
  });

  it('samples with ParentBased(AlwaysOn) by default', () => {
    const provider = new TracerProvider({}, {});
    assert.equal(provider.getTracer('t').startSpan('s').isRecording(), true);
  });

  it('takes the sampler from OTEL_TRACES_SAMPLER when none is given in code', () => {
    const off = new TracerProvider({}, { OTEL_TRACES_SAMPLER: 'always_off' });
    assert.equal(off.getTracer('t').startSpan('s').isRecording(), false);
    const none = new TracerProvider({}, { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' });
    assert.equal(none.getTracer('t').startSpan('s').isRecording(), false);
    const coded = new TracerProvider({ sampler: new AlwaysOffSampler() }, { OTEL_TRACES_SAMPLER: 'always_on' });
    assert.equal(coded.getTracer('t').startSpan('s').isRecording(), false, 'a sampler given in code wins');
  });

  it('warns about an unknown OTEL_TRACES_SAMPLER and samples with the default', () => {
    const logs = captureDiag();
    const provider = new TracerProvider({}, { OTEL_TRACES_SAMPLER: 'sometimes' });
    assert.equal(provider.getTracer('t').startSpan('s').isRecording(), true);
    assert.equal(logs.find('OTEL_TRACES_SAMPLER').length, 1);
  });

  it('uses the pooled fast path for an explicit RandomIdGenerator', () => {
    const provider = new TracerProvider({ idGenerator: new RandomIdGenerator() }, {});
    const span = provider.getTracer('t').startSpan('s');
    assert.ok((span as unknown as { idBytes: unknown }).idBytes instanceof Uint8Array);
  });

  it('throws InvalidOptionError for invalid options given in code', () => {
    const cases: [unknown, string][] = [
      [{ sampler: {} }, 'sampler'],
      [{ idGenerator: { generateTraceId: () => '' } }, 'idGenerator'],
      [{ spanProcessors: [{}] }, 'spanProcessors[0]'],
      [{ spanProcessors: 'x' }, 'spanProcessors'],
      [{ spanLimits: { attributeCountLimit: -1 } }, 'spanLimits.attributeCountLimit'],
      [{ spanLimits: { eventCountLimit: 1.5 } }, 'spanLimits.eventCountLimit'],
      [{ generalLimits: { attributeValueLengthLimit: 'x' } }, 'generalLimits.attributeValueLengthLimit'],
      [{ resource: 42 }, 'resource'],
    ];
    for (const [config, option] of cases) {
      assert.throws(
        () => new TracerProvider(config as never, {}),
        (err: unknown) => err instanceof InvalidOptionError && err.code === 'SPOOL_INVALID_OPTION' && err.option === option,
        option
      );
    }
  });

  it('registers itself, the context manager and the propagator as globals', () => {
    const provider = new TracerProvider({}, {});
    const manager = new StackContextManager();
    const propagator: TextMapPropagator = {
      inject: (_ctx: Context, carrier: unknown) => {
        (carrier as Record<string, string>)['x-test'] = '1';
      },
      extract: (ctx: Context) => ctx,
      fields: () => ['x-test'],
    };
    trace.disable();
    context.disable();
    propagation.disable();
    try {
      provider.register({ contextManager: manager, propagator });
      const tracer = trace.getTracer('global');
      const span = tracer.startSpan('s');
      assert.equal(span.isRecording(), true);
      const carrier: Record<string, string> = {};
      propagation.inject(ROOT_CONTEXT, carrier);
      assert.deepEqual(carrier, { 'x-test': '1' });
      const marker = ROOT_CONTEXT.setValue(Symbol('m'), 1);
      assert.equal(context.with(marker, () => context.active()), marker);
    } finally {
      trace.disable();
      context.disable();
      propagation.disable();
    }
  });

  it('exports spans that reach an exporter with the ReadableSpan fields', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }, {});
    provider.getTracer('t').startSpan('s', { attributes: { a: 1 } }).end();
    await provider.forceFlush();
    const span: ReadableSpan = exporter.getFinishedSpans()[0]!;
    assert.equal(span.name, 's');
    assert.deepEqual(span.attributes, { a: 1 });
    assert.equal(span.resource, provider.resource);
  });
});
