import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ExportResultCode } from '@spool/sdk-trace';
import type { ExportResult, ReadableSpan } from '@spool/sdk-trace';
import { WaterfallSpanExporter } from '../src/index.js';
import { makeSpan, MemoryStream, TRACE_A, TRACE_B } from './span-fixtures.js';

function exportNow(exporter: WaterfallSpanExporter, spans: ReadableSpan[]): ExportResult {
  let result: ExportResult | undefined;
  exporter.export(spans, (r) => (result = r));
  assert.ok(result, 'the result callback is called synchronously');
  return result;
}

const headers = (text: string) => text.split('\n').filter((l) => l.startsWith('trace '));

describe('WaterfallSpanExporter', () => {
  it('holds a trace until its root arrives, whatever order the spans end in', () => {
    const out = new MemoryStream();
    const exporter = new WaterfallSpanExporter({ stream: out });
    const root = makeSpan({ spanId: '1', name: 'root', start: 0, end: 30 });
    const child = makeSpan({ spanId: '2', parentId: '1', name: 'child', start: 1, end: 10 });
    const grandchild = makeSpan({ spanId: '3', parentId: '2', name: 'grandchild', start: 2, end: 5 });
    assert.equal(exportNow(exporter, [child]).code, ExportResultCode.SUCCESS);
    assert.equal(out.text, '');
    exportNow(exporter, [root, grandchild]);
    assert.equal(headers(out.text).length, 1);
    assert.match(out.text, /3 spans/);
    assert.ok(out.text.indexOf('root') < out.text.indexOf('  child') && out.text.indexOf('  child') < out.text.indexOf('    grandchild'));
  });

  it('keeps interleaved traces apart', () => {
    const out = new MemoryStream();
    const exporter = new WaterfallSpanExporter({ stream: out });
    exportNow(exporter, [
      makeSpan({ traceId: TRACE_A, spanId: '2', parentId: '1', name: 'a-child', start: 1, end: 2 }),
      makeSpan({ traceId: TRACE_B, spanId: '2', parentId: '1', name: 'b-child', start: 1, end: 2 }),
      makeSpan({ traceId: TRACE_B, spanId: '1', name: 'b-root', start: 0, end: 3 }),
    ]);
    assert.deepEqual(headers(out.text).map((h) => h.split(' ')[1]), [TRACE_B]);
    assert.doesNotMatch(out.text, /a-child/);
    exportNow(exporter, [makeSpan({ traceId: TRACE_A, spanId: '1', name: 'a-root', start: 0, end: 3 })]);
    assert.deepEqual(headers(out.text).map((h) => h.split(' ')[1]), [TRACE_B, TRACE_A]);
    assert.match(out.text.slice(out.text.indexOf(TRACE_A)), /a-child/);
  });

  it('prints the oldest waiting trace, marked incomplete, when more traces wait than the bound', () => {
    const out = new MemoryStream();
    const exporter = new WaterfallSpanExporter({ stream: out, maxPendingTraces: 2 });
    const orphan = (traceId: string) => makeSpan({ traceId, spanId: '2', parentId: '1', name: `orphan-${traceId.slice(0, 4)}`, start: 0, end: 1 });
    exportNow(exporter, [orphan('1'.repeat(32)), orphan('2'.repeat(32))]);
    assert.equal(out.text, '');
    exportNow(exporter, [orphan('3'.repeat(32))]);
    assert.equal(headers(out.text).length, 1);
    assert.match(headers(out.text)[0]!, /^trace 1{32} .*incomplete: evicted/);
  });

  it('counts the spans dropped beyond maxSpansPerTrace in the header', () => {
    const out = new MemoryStream();
    const exporter = new WaterfallSpanExporter({ stream: out, maxSpansPerTrace: 2 });
    exportNow(exporter, [
      makeSpan({ spanId: '2', parentId: '1', name: 'a', start: 0, end: 1 }),
      makeSpan({ spanId: '3', parentId: '1', name: 'b', start: 0, end: 1 }),
      makeSpan({ spanId: '4', parentId: '1', name: 'c', start: 0, end: 1 }),
      makeSpan({ spanId: '1', name: 'root', start: 0, end: 2 }),
    ]);
    assert.match(headers(out.text)[0]!, /2 spans dropped/);
  });

  it('prints an orphan trace once its timeout has passed', async () => {
    const out = new MemoryStream();
    const exporter = new WaterfallSpanExporter({ stream: out, orphanTimeoutMillis: 1 });
    exportNow(exporter, [makeSpan({ spanId: '2', parentId: '1', name: 'lost', start: 0, end: 1 })]);
    assert.equal(out.text, '');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.match(headers(out.text)[0]!, /incomplete: root not seen in time/);
  });

  it('prints a trace whose local root has a remote parent after the linger', async () => {
    const out = new MemoryStream();
    const exporter = new WaterfallSpanExporter({ stream: out, remoteRootLingerMillis: 1, orphanTimeoutMillis: 60_000 });
    exportNow(exporter, [
      makeSpan({ spanId: '3', parentId: '2', name: 'db', start: 1, end: 2 }),
      makeSpan({ spanId: '2', parentId: '1', remoteParent: true, name: 'GET /server', start: 0, end: 3 }),
    ]);
    assert.equal(out.text, '');
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(headers(out.text).length, 1);
    assert.doesNotMatch(out.text, /incomplete/);
    await exporter.shutdown();
  });

  it('prints spans of an already printed trace as late spans', async () => {
    const out = new MemoryStream();
    const exporter = new WaterfallSpanExporter({ stream: out });
    exportNow(exporter, [makeSpan({ spanId: '1', name: 'root', start: 0, end: 2 })]);
    exportNow(exporter, [makeSpan({ spanId: '2', parentId: '1', name: 'background', start: 1, end: 9 })]);
    assert.equal(headers(out.text).length, 1);
    await exporter.forceFlush();
    assert.equal(headers(out.text).length, 2);
    assert.match(headers(out.text)[1]!, /late spans/);
  });

  it('prints everything held on shutdown and then refuses exports', async () => {
    const out = new MemoryStream();
    const exporter = new WaterfallSpanExporter({ stream: out });
    exportNow(exporter, [makeSpan({ spanId: '2', parentId: '1', name: 'waiting', start: 0, end: 1 })]);
    await exporter.shutdown();
    await exporter.shutdown();
    assert.equal(headers(out.text).length, 1);
    assert.match(out.text, /waiting/);
    assert.equal(exportNow(exporter, [makeSpan({ spanId: '1', name: 'root', start: 0, end: 1 })]).code, ExportResultCode.FAILED);
    assert.equal(headers(out.text).length, 1);
  });

  it('uses colours on a TTY and none otherwise', () => {
    const tty = new MemoryStream(true);
    exportNow(new WaterfallSpanExporter({ stream: tty }), [makeSpan({ spanId: '1', name: 'r', start: 0, end: 1 })]);
    const pipe = new MemoryStream(false);
    exportNow(new WaterfallSpanExporter({ stream: pipe }), [makeSpan({ spanId: '1', name: 'r', start: 0, end: 1 })]);
    assert.doesNotMatch(pipe.text, /\x1b\[/);
    if (!process.env['NO_COLOR']) assert.match(tty.text, /\x1b\[/);
  });

  it('reports a failing stream through the export result instead of throwing', () => {
    const exporter = new WaterfallSpanExporter({
      stream: {
        write: () => {
          throw new Error('EPIPE');
        },
      },
    });
    assert.equal(exportNow(exporter, [makeSpan({ spanId: '1', name: 'r', start: 0, end: 1 })]).code, ExportResultCode.FAILED);
  });
});
