import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { context, diag, isTracingSuppressed } from '@spool/api';
import { AlwaysOffSampler } from '@spool/samplers';
import { BatchSpanProcessor, ExportResultCode, InvalidOptionError, TracerProvider } from '../src/index.js';
import type { ExportResult, ReadableSpan, SpanExporter, TracerProviderConfig } from '../src/index.js';
import { captureDiag, useStackContext } from './helpers.js';

/** An exporter whose callbacks the test completes by hand (or at once with `auto`). */
class ManualExporter implements SpanExporter {
  calls: { spans: ReadableSpan[]; done: (r: ExportResult) => void; suppressed: boolean }[] = [];
  shutdowns = 0;
  flushes = 0;
  private waiters: (() => void)[] = [];
  constructor(private readonly auto: ExportResult | undefined = undefined) {}
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    this.calls.push({ spans, done, suppressed: isTracingSuppressed(context.active()) });
    for (const w of this.waiters.splice(0)) w();
    if (this.auto !== undefined) done(this.auto);
  }
  /** Resolves at the next export call. */
  nextExport(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  exportedNames(): string[] {
    return this.calls.flatMap((c) => c.spans.map((s) => s.name));
  }
  forceFlush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    this.shutdowns++;
    return Promise.resolve();
  }
}

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };
const LONG = 60_000;

function tracerWith(processor: BatchSpanProcessor, config: TracerProviderConfig = {}) {
  return new TracerProvider({ spanProcessors: [processor], ...config }, {}).getTracer('t');
}

function endSpans(processor: BatchSpanProcessor, n: number, prefix = 's', config: TracerProviderConfig = {}): void {
  const tracer = tracerWith(processor, config);
  for (let i = 0; i < n; i++) tracer.startSpan(`${prefix}${i}`).end();
}

// The processor's timer is unref'd by design (it must never keep an application
// alive), so a test awaiting that timer must keep the event loop alive itself:
// Node 22+ cancels a test whose promise is pending when the loop runs empty.
let keepAlive: ReturnType<typeof setInterval> | undefined;
before(() => {
  useStackContext();
  keepAlive = setInterval(() => {}, 1_000);
});
after(() => clearInterval(keepAlive));
afterEach(() => diag.disable());

describe('BatchSpanProcessor', () => {
  it('exports a full batch at once, without waiting for the timer', () => {
    const exporter = new ManualExporter(SUCCESS);
    const bsp = new BatchSpanProcessor(exporter, { maxExportBatchSize: 3, scheduledDelayMillis: LONG }, {});
    endSpans(bsp, 7);
    assert.deepEqual(
      exporter.calls.map((c) => c.spans.length),
      [3, 3]
    );
    assert.deepEqual(bsp.getStats(), { queued: 1, dropped: 0, exported: 6, failed: 0 });
    return bsp.shutdown();
  });

  it('exports a partial batch when the scheduled delay passes', async () => {
    const exporter = new ManualExporter(SUCCESS);
    const bsp = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 5 }, {});
    const exported = exporter.nextExport();
    endSpans(bsp, 2);
    assert.equal(exporter.calls.length, 0, 'not before the timer');
    await exported;
    assert.deepEqual(exporter.exportedNames(), ['s0', 's1']);
    await bsp.shutdown();
  });

  it('exports only sampled spans', async () => {
    const exporter = new ManualExporter(SUCCESS);
    const bsp = new BatchSpanProcessor(exporter, { scheduledDelayMillis: LONG }, {});
    endSpans(bsp, 3, 'off', { sampler: new AlwaysOffSampler() });
    bsp.onEnd({ name: 'foreign-unsampled', spanContext: () => ({ traceId: 'a', spanId: 'b', traceFlags: 0 }) } as never);
    await bsp.forceFlush();
    assert.equal(exporter.calls.length, 0);
    assert.deepEqual(bsp.getStats(), { queued: 0, dropped: 0, exported: 0, failed: 0 });
  });

  it('drops spans beyond maxQueueSize, counts them and reports the count in one warning', async () => {
    const logs = captureDiag();
    const exporter = new ManualExporter(); // never calls back by itself
    const bsp = new BatchSpanProcessor(
      exporter,
      { maxQueueSize: 4, maxExportBatchSize: 2, scheduledDelayMillis: LONG, exportTimeoutMillis: LONG },
      {}
    );
    endSpans(bsp, 10);
    // one batch of 2 in flight, 4 queued, 4 dropped
    assert.equal(exporter.calls.length, 1);
    assert.deepEqual(bsp.getStats(), { queued: 4, dropped: 4, exported: 0, failed: 0 });
    assert.equal(logs.find('dropped').length, 0, 'the warning is rate-limited, not per span');
    const flushed = bsp.forceFlush();
    exporter.calls[0]!.done(SUCCESS);
    exporter.calls[1]!.done(SUCCESS);
    exporter.calls[2]!.done(SUCCESS);
    await flushed;
    assert.deepEqual(bsp.getStats(), { queued: 0, dropped: 4, exported: 6, failed: 0 });
    const warnings = logs.find('dropped 4 span');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /maxQueueSize=4/);
    await bsp.shutdown();
  });

  it('keeps at most maxConcurrentExports exports in flight', async () => {
    const exporter = new ManualExporter();
    const bsp = new BatchSpanProcessor(
      exporter,
      { maxQueueSize: 100, maxExportBatchSize: 2, scheduledDelayMillis: LONG, maxConcurrentExports: 2 },
      {}
    );
    endSpans(bsp, 8);
    assert.equal(exporter.calls.length, 2, 'two in flight');
    exporter.calls[0]!.done(SUCCESS);
    assert.equal(exporter.calls.length, 3, 'a slot freed starts the next full batch');
    exporter.calls[1]!.done(SUCCESS);
    exporter.calls[2]!.done(SUCCESS);
    assert.equal(exporter.calls.length, 4);
    exporter.calls[3]!.done(SUCCESS);
    assert.deepEqual(bsp.getStats(), { queued: 0, dropped: 0, exported: 8, failed: 0 });
    await bsp.shutdown();
  });

  it('defaults to one export in flight', async () => {
    const exporter = new ManualExporter();
    const bsp = new BatchSpanProcessor(exporter, { maxExportBatchSize: 1, scheduledDelayMillis: LONG }, {});
    endSpans(bsp, 3);
    assert.equal(exporter.calls.length, 1);
    exporter.calls[0]!.done(SUCCESS);
    assert.equal(exporter.calls.length, 2);
    exporter.calls[1]!.done(SUCCESS);
    exporter.calls[2]!.done(SUCCESS);
    await bsp.shutdown();
  });

  it('fails an export that does not call back within exportTimeoutMillis and moves on', async () => {
    const logs = captureDiag();
    const exporter = new ManualExporter();
    const bsp = new BatchSpanProcessor(exporter, { exportTimeoutMillis: 10, scheduledDelayMillis: LONG }, {});
    endSpans(bsp, 3);
    await bsp.forceFlush();
    assert.deepEqual(bsp.getStats(), { queued: 0, dropped: 0, exported: 0, failed: 3 });
    assert.equal(logs.find('timed out').length, 1);
    exporter.calls[0]!.done(SUCCESS); // a late callback is ignored
    assert.deepEqual(bsp.getStats(), { queued: 0, dropped: 0, exported: 0, failed: 3 });
    await bsp.shutdown();
  });

  it('counts failed results, a throwing exporter and a bad result without breaking the application', async () => {
    const logs = captureDiag();
    let mode = 0;
    const exporter: SpanExporter = {
      export(spans, done) {
        mode++;
        if (mode === 1) throw new Error('exporter bug');
        if (mode === 2) return done({ code: ExportResultCode.FAILED, error: new Error('collector down') });
        done(undefined as never);
      },
      shutdown: () => Promise.reject(new Error('shutdown failed')),
    };
    const bsp = new BatchSpanProcessor(exporter, { maxExportBatchSize: 1, scheduledDelayMillis: LONG }, {});
    assert.doesNotThrow(() => endSpans(bsp, 3));
    assert.deepEqual(bsp.getStats(), { queued: 0, dropped: 0, exported: 0, failed: 3 });
    await assert.doesNotReject(bsp.shutdown());
    assert.ok(logs.find('threw', 'error').length >= 1);
    assert.ok(logs.find('shutdown failed', 'error').length >= 1 || logs.find('shutdown', 'error').length >= 1);
  });

  it('forceFlush exports everything queued when called, then resolves, without waiting for the delay', async () => {
    const exporter = new ManualExporter(SUCCESS);
    const bsp = new BatchSpanProcessor(exporter, { maxExportBatchSize: 4, scheduledDelayMillis: LONG }, {});
    endSpans(bsp, 10);
    await bsp.forceFlush();
    assert.equal(exporter.exportedNames().length, 10);
    assert.equal(exporter.flushes, 1, "the exporter's own forceFlush is called");
    assert.equal(bsp.getStats().queued, 0);
    await bsp.shutdown();
  });

  it('forceFlush waits for an export in flight and for spans queued behind it', async () => {
    const exporter = new ManualExporter();
    const bsp = new BatchSpanProcessor(exporter, { maxExportBatchSize: 2, scheduledDelayMillis: LONG }, {});
    endSpans(bsp, 3);
    let resolved = false;
    const flushed = bsp.forceFlush().then(() => {
      resolved = true;
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(resolved, false);
    exporter.calls[0]!.done(SUCCESS);
    await new Promise((r) => setImmediate(r));
    assert.equal(resolved, false, 'the third span is still being exported');
    exporter.calls[1]!.done(SUCCESS);
    await flushed;
    assert.equal(exporter.exportedNames().length, 3);
    await bsp.shutdown();
  });

  it('shutdown exports what is queued, then shuts the exporter down; later spans are dropped; idempotent', async () => {
    const exporter = new ManualExporter(SUCCESS);
    const bsp = new BatchSpanProcessor(exporter, { scheduledDelayMillis: LONG }, {});
    const tracer = tracerWith(bsp);
    tracer.startSpan('queued').end();
    const first = bsp.shutdown();
    assert.equal(bsp.shutdown(), first);
    await first;
    assert.deepEqual(exporter.exportedNames(), ['queued']);
    assert.equal(exporter.shutdowns, 1);
    tracer.startSpan('late').end();
    assert.equal(bsp.getStats().dropped, 1);
    await bsp.shutdown();
    assert.equal(exporter.shutdowns, 1);
  });

  it('runs exports under a suppress-tracing context', async () => {
    const exporter = new ManualExporter(SUCCESS);
    const bsp = new BatchSpanProcessor(exporter, { scheduledDelayMillis: LONG }, {});
    endSpans(bsp, 1);
    await bsp.forceFlush();
    assert.equal(exporter.calls[0]!.suppressed, true);
    await bsp.shutdown();
  });

  it('takes its defaults from OTEL_BSP_* and warns about bad values', async () => {
    const logs = captureDiag();
    const exporter = new ManualExporter();
    const bsp = new BatchSpanProcessor(exporter, {}, {
      OTEL_BSP_MAX_QUEUE_SIZE: '3',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2',
      OTEL_BSP_SCHEDULE_DELAY: 'soon',
      OTEL_BSP_EXPORT_TIMEOUT: '-5',
    });
    endSpans(bsp, 6);
    assert.equal(exporter.calls.length, 1);
    assert.equal(exporter.calls[0]!.spans.length, 2);
    assert.deepEqual(bsp.getStats(), { queued: 3, dropped: 1, exported: 0, failed: 0 });
    assert.equal(logs.find('OTEL_BSP_SCHEDULE_DELAY').length, 1);
    assert.equal(logs.find('OTEL_BSP_EXPORT_TIMEOUT').length, 1);
    for (const c of exporter.calls) c.done(SUCCESS);
    const shut = bsp.shutdown();
    for (let i = 0; i < 5 && exporter.calls.length < 3; i++) await new Promise((r) => setImmediate(r));
    for (const c of exporter.calls.slice(1)) c.done(SUCCESS);
    await shut;
  });

  it('prefers options over OTEL_BSP_* and clamps the batch size to the queue size', async () => {
    const logs = captureDiag();
    const exporter = new ManualExporter(SUCCESS);
    const bsp = new BatchSpanProcessor(
      exporter,
      { maxQueueSize: 2, maxExportBatchSize: 5, scheduledDelayMillis: LONG },
      { OTEL_BSP_MAX_QUEUE_SIZE: '100' }
    );
    endSpans(bsp, 2);
    assert.equal(exporter.calls.length, 1, 'batch size clamped to 2 makes the batch full');
    assert.equal(logs.find('maxExportBatchSize').length, 1);
    await bsp.shutdown();
  });

  it('throws InvalidOptionError for invalid options and exporters given in code', () => {
    const exporter = new ManualExporter();
    for (const options of [
      { maxQueueSize: 0 },
      { maxExportBatchSize: -1 },
      { scheduledDelayMillis: 1.5 },
      { exportTimeoutMillis: NaN },
      { maxConcurrentExports: 0 },
    ]) {
      assert.throws(() => new BatchSpanProcessor(exporter, options, {}), InvalidOptionError, JSON.stringify(options));
    }
    assert.throws(() => new BatchSpanProcessor({} as never), InvalidOptionError);
  });

  it('does not keep the process alive with its timer', () => {
    const index = fileURLToPath(new URL('../src/index.js', import.meta.url));
    const script = `
      const { BatchSpanProcessor, TracerProvider } = await import(${JSON.stringify(index)});
      const exporter = { export(s, cb) { cb({ code: 0 }); }, shutdown: async () => {} };
      const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 600000 })] });
      provider.getTracer('t').startSpan('s').end();
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 });
    assert.equal(result.error, undefined, 'the child exited on its own');
    assert.equal(result.status, 0, String(result.stderr));
  });
});
