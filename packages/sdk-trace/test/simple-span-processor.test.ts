import { describe, it, before, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { context, diag, isTracingSuppressed } from '@spool/api';
import { AlwaysOffSampler } from '@spool/samplers';
import { ExportResultCode, InvalidOptionError, SimpleSpanProcessor, TracerProvider } from '../src/index.js';
import type { ExportResult, ReadableSpan, SpanExporter, TracerProviderConfig } from '../src/index.js';
import { captureDiag, useStackContext } from './helpers.js';

class ManualExporter implements SpanExporter {
  calls: { spans: ReadableSpan[]; done: (r: ExportResult) => void; suppressed: boolean }[] = [];
  shutdowns = 0;
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.calls.push({ spans, done, suppressed: isTracingSuppressed(context.active()) });
  }
  shutdown(): Promise<void> {
    this.shutdowns++;
    return Promise.resolve();
  }
}

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };

function tracerWith(processor: SimpleSpanProcessor, config: TracerProviderConfig = {}) {
  return new TracerProvider({ spanProcessors: [processor], ...config }, {}).getTracer('t');
}

before(() => useStackContext());
afterEach(() => diag.disable());

describe('SimpleSpanProcessor', () => {
  it('exports each sampled span when it ends, under a suppress-tracing context', () => {
    const exporter = new ManualExporter();
    const tracer = tracerWith(new SimpleSpanProcessor(exporter));
    tracer.startSpan('a').end();
    assert.equal(exporter.calls.length, 1);
    assert.equal(exporter.calls[0]!.spans[0]!.name, 'a');
    assert.equal(exporter.calls[0]!.suppressed, true);
  });

  it('does not export unsampled spans', () => {
    const exporter = new ManualExporter();
    const tracer = tracerWith(new SimpleSpanProcessor(exporter), { sampler: new AlwaysOffSampler() });
    tracer.startSpan('a').end();
    assert.equal(exporter.calls.length, 0);
  });

  it('never overlaps exports: spans ending meanwhile go in the next export', () => {
    const exporter = new ManualExporter();
    const tracer = tracerWith(new SimpleSpanProcessor(exporter));
    tracer.startSpan('a').end();
    tracer.startSpan('b').end();
    tracer.startSpan('c').end();
    assert.equal(exporter.calls.length, 1);
    exporter.calls[0]!.done(SUCCESS);
    assert.equal(exporter.calls.length, 2);
    assert.deepEqual(
      exporter.calls[1]!.spans.map((s) => s.name),
      ['b', 'c']
    );
  });

  it('forceFlush waits for the export in flight and the pending spans', async () => {
    const exporter = new ManualExporter();
    const ssp = new SimpleSpanProcessor(exporter);
    const tracer = tracerWith(ssp);
    tracer.startSpan('a').end();
    tracer.startSpan('b').end();
    let done = false;
    const flushed = ssp.forceFlush().then(() => {
      done = true;
    });
    exporter.calls[0]!.done(SUCCESS);
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false);
    exporter.calls[1]!.done(SUCCESS);
    await flushed;
    assert.equal(done, true);
  });

  it('fails an export that never calls back after exportTimeoutMillis and continues', async () => {
    const logs = captureDiag();
    const exporter = new ManualExporter();
    const ssp = new SimpleSpanProcessor(exporter, { exportTimeoutMillis: 10 });
    const tracer = tracerWith(ssp);
    tracer.startSpan('a').end();
    tracer.startSpan('b').end();
    const flushed = ssp.forceFlush();
    await new Promise((r) => setTimeout(r, 1));
    // 'a' times out, then 'b' is exported and times out too
    await flushed;
    assert.equal(exporter.calls.length, 2);
    assert.equal(logs.find('failed').length, 2);
  });

  it('drops spans beyond maxPendingSpans with one warning', () => {
    const logs = captureDiag();
    const exporter = new ManualExporter();
    const tracer = tracerWith(new SimpleSpanProcessor(exporter, { maxPendingSpans: 1 }));
    for (let i = 0; i < 4; i++) tracer.startSpan(`s${i}`).end();
    exporter.calls[0]!.done(SUCCESS);
    assert.deepEqual(
      exporter.calls[1]!.spans.map((s) => s.name),
      ['s1']
    );
    assert.equal(logs.find('dropping spans').length, 1);
  });

  it('survives an exporter that throws', () => {
    const logs = captureDiag();
    const exporter: SpanExporter = {
      export() {
        throw new Error('bug');
      },
      shutdown: () => Promise.resolve(),
    };
    const tracer = tracerWith(new SimpleSpanProcessor(exporter));
    assert.doesNotThrow(() => tracer.startSpan('a').end());
    assert.doesNotThrow(() => tracer.startSpan('b').end());
    assert.equal(logs.find('threw', 'error').length, 2);
  });

  it('shutdown flushes, shuts the exporter down once and ignores later spans', async () => {
    const exporter = new ManualExporter();
    const ssp = new SimpleSpanProcessor(exporter);
    const tracer = tracerWith(ssp);
    tracer.startSpan('a').end();
    const shut = ssp.shutdown();
    assert.equal(ssp.shutdown(), shut);
    exporter.calls[0]!.done(SUCCESS);
    await shut;
    assert.equal(exporter.shutdowns, 1);
    tracer.startSpan('late').end();
    assert.equal(exporter.calls.length, 1);
  });

  it('throws InvalidOptionError for an invalid exporter or option', () => {
    assert.throws(() => new SimpleSpanProcessor(null as never), InvalidOptionError);
    assert.throws(() => new SimpleSpanProcessor(new ManualExporter(), { maxPendingSpans: 0 }), InvalidOptionError);
  });
});
