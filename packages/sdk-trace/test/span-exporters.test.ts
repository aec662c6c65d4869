import { describe, it, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleSpanExporter, ExportResultCode, InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '../src/index.js';
import type { ExportResult, ReadableSpan } from '../src/index.js';

function makeSpans(n: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }, {}).getTracer('t');
  for (let i = 0; i < n; i++) tracer.startSpan(`s${i}`, { attributes: { i } }).end();
  return exporter.getFinishedSpans().slice();
}

function exportNow(exporter: { export(s: ReadableSpan[], cb: (r: ExportResult) => void): void }, spans: ReadableSpan[]) {
  let result: ExportResult | undefined;
  exporter.export(spans, (r) => {
    result = r;
  });
  return result;
}

afterEach(() => mock.restoreAll());

describe('InMemorySpanExporter', () => {
  it('keeps exported spans in order and reports success', () => {
    const exporter = new InMemorySpanExporter();
    const spans = makeSpans(3);
    assert.deepEqual(exportNow(exporter, spans.slice(0, 2)), { code: ExportResultCode.SUCCESS });
    exportNow(exporter, spans.slice(2));
    assert.deepEqual(
      exporter.getFinishedSpans().map((s) => s.name),
      ['s0', 's1', 's2']
    );
  });

  it('forgets spans on reset', () => {
    const exporter = new InMemorySpanExporter();
    exportNow(exporter, makeSpans(2));
    exporter.reset();
    assert.equal(exporter.getFinishedSpans().length, 0);
  });

  it('fails exports after shutdown', async () => {
    const exporter = new InMemorySpanExporter();
    exportNow(exporter, makeSpans(1));
    await exporter.shutdown();
    assert.equal(exporter.getFinishedSpans().length, 0);
    const result = exportNow(exporter, makeSpans(1));
    assert.equal(result?.code, ExportResultCode.FAILED);
    assert.ok(result?.error instanceof Error);
    await exporter.forceFlush();
  });
});

describe('ConsoleSpanExporter', () => {
  it('prints one readable object per span', () => {
    const printed: unknown[] = [];
    mock.method(console, 'dir', (value: unknown) => {
      printed.push(value);
    });
    const spans = makeSpans(2);
    const result = exportNow(new ConsoleSpanExporter(), spans);
    assert.equal(result?.code, ExportResultCode.SUCCESS);
    assert.equal(printed.length, 2);
    const first = printed[0] as Record<string, unknown>;
    assert.equal(first['name'], 's0');
    assert.equal(first['traceId'], spans[0]!.spanContext().traceId);
    assert.equal(first['id'], spans[0]!.spanContext().spanId);
    assert.deepEqual(first['attributes'], { i: 0 });
    assert.equal(typeof first['timestamp'], 'number');
    assert.equal(typeof first['duration'], 'number');
  });

  it('reports FAILED if printing throws', async () => {
    mock.method(console, 'dir', () => {
      throw new Error('stdout closed');
    });
    const exporter = new ConsoleSpanExporter();
    assert.equal(exportNow(exporter, makeSpans(1))?.code, ExportResultCode.FAILED);
    await exporter.forceFlush();
    await exporter.shutdown();
  });
});
