import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@spool/sdk-trace';
import { encodeTraceRequest, TraceRequestEncoder } from '../src/index.js';
import { allSpans, canonical, decodeTraceRequest } from './otlp-decoder.js';
import { makeSpan, realisticSpan, richSpan } from './span-fixtures.js';

const otelProtobuf = (spans: ReadableSpan[]): Uint8Array => ProtobufTraceSerializer.serializeRequest(spans as never)!;

describe('TraceRequestEncoder', () => {
  it('gives the same bytes as encodeTraceRequest', () => {
    const spans = [richSpan(), richSpan({ withIdBytes: true }), ...Array.from({ length: 20 }, (_, i) => realisticSpan(i)), makeSpan()];
    const encoder = new TraceRequestEncoder();
    const bytes = encoder.encode(spans);
    assert.deepEqual(Buffer.from(bytes), Buffer.from(encodeTraceRequest(spans)));
    assert.deepEqual(canonical(decodeTraceRequest(bytes)), canonical(decodeTraceRequest(otelProtobuf(spans))));
  });

  it('returns a plain Uint8Array, so slice() copies', () => {
    const encoder = new TraceRequestEncoder();
    const view = encoder.encode([makeSpan({ name: 'first' })]);
    assert.equal(Object.getPrototypeOf(view), Uint8Array.prototype);
    const kept = view.slice();
    encoder.encode([makeSpan({ name: 'second, longer', attributes: { a: 'x'.repeat(200) } })]);
    assert.deepEqual(allSpans(decodeTraceRequest(kept)).map((s: any) => s.name), ['first']);
  });

  it('keeps encoders apart: one encoder\'s next call leaves another\'s result alone', () => {
    const a = new TraceRequestEncoder();
    const b = new TraceRequestEncoder();
    const fromA = a.encode([makeSpan({ name: 'from a' })]);
    const copy = fromA.slice();
    b.encode([makeSpan({ name: 'from b', attributes: { big: 'y'.repeat(5000) } })]);
    assert.deepEqual(fromA, copy);
  });

  it('encodes an empty batch as an empty request', () => {
    const encoder = new TraceRequestEncoder();
    encoder.encode([realisticSpan(1)]);
    assert.equal(encoder.encode([]).length, 0);
  });

  it('shows nothing but zeros past the request in the buffer behind its result', () => {
    const result = new TraceRequestEncoder().encode([realisticSpan(3)]);
    const rest = new Uint8Array(result.buffer, result.byteOffset + result.length);
    assert.ok(rest.length > 0);
    assert.ok(rest.every((b) => b === 0));
  });

  it('survives being called again from inside a span getter, and both results are right', () => {
    const encoder = new TraceRequestEncoder();
    const inner = makeSpan({ name: 'inner', attributes: { k: 'inner value' } });
    let innerBytes: Uint8Array | undefined;
    const outer = makeSpan({ name: 'outer', attributes: { k: 'outer value' } });
    const tricky = Object.create(outer, {
      name: {
        get() {
          innerBytes ??= encoder.encode([inner]).slice();
          return 'outer';
        },
      },
    }) as ReadableSpan;
    const outerBytes = encoder.encode([tricky, realisticSpan(1)]);
    assert.deepEqual(allSpans(decodeTraceRequest(outerBytes)).map((s: any) => s.name), ['outer', 'GET /api/orders/:id']);
    assert.deepEqual(allSpans(decodeTraceRequest(innerBytes!)).map((s: any) => s.name), ['inner']);
    // And the encoder is usable afterwards.
    assert.deepEqual(Buffer.from(encoder.encode([inner])), Buffer.from(encodeTraceRequest([inner])));
  });

  it('stays usable after a span getter throws mid-encode', () => {
    const encoder = new TraceRequestEncoder();
    const bad = Object.create(makeSpan(), {
      attributes: {
        get() {
          throw new Error('getter failed');
        },
      },
    }) as ReadableSpan;
    assert.throws(() => encoder.encode([realisticSpan(1), bad]), /getter failed/);
    const spans = [realisticSpan(2)];
    assert.deepEqual(Buffer.from(encoder.encode(spans)), Buffer.from(encodeTraceRequest(spans)));
  });

  it('encodes a batch over 8 MiB, then lets that buffer go and encodes small batches exactly', () => {
    const encoder = new TraceRequestEncoder();
    const small = [realisticSpan(1)];
    const before = encoder.encode(small).slice();
    const huge = Array.from({ length: 600 }, (_, i) => makeSpan({ name: `huge-${i}`, attributes: { payload: 'p'.repeat(16000), i } }));
    const big = encoder.encode(huge);
    assert.ok(big.length > 8 * 1024 * 1024);
    assert.deepEqual(canonical(decodeTraceRequest(big)), canonical(decodeTraceRequest(otelProtobuf(huge))));
    const after = encoder.encode(small);
    assert.deepEqual(after, before);
    assert.ok(after.buffer.byteLength < 8 * 1024 * 1024, 'the huge buffer is not kept');
  });
});
