// The attribute cache is internal; these tests drive it through the public
// encoders with spans whose attributes repeat (so values and runs of them are
// cached) and change (so cached runs must not be used where they do not fit),
// and check every request against OpenTelemetry JS's serializer or the
// expected attributes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@spool/sdk-trace';
import { encodeTraceRequest, TraceRequestEncoder } from '../src/index.js';
import { allSpans, canonical, decodeTraceRequest } from './otlp-decoder.js';
import { makeSpan } from './span-fixtures.js';

const otelProtobuf = (spans: ReadableSpan[]): Uint8Array => ProtobufTraceSerializer.serializeRequest(spans as never)!;

/** A small deterministic generator (xorshift32), so a failure replays. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const KEYS = ['http.request.method', 'server.address', 'server.port', 'db.system.name', 'clé.ünïcødé', 'flag', 'ratio', 'url.path', 'tags', 'k'];
const VALUES: unknown[] = [
  'GET', 'POST', 'shop.example.com', 'db.internal', 'ünïcødé ✓', '日本語', '', 'x'.repeat(40), 'é'.repeat(43), 'y'.repeat(300),
  0, 1, 443, 5432, 2 ** 31, -7, 1.5, 2 ** 60, true, false, ['a', 'b'], [1, 2],
];

/** Spans whose attributes are drawn from small pools, in shifting orders, so runs form, grow and break. */
function randomSpans(next: () => number, count: number): ReadableSpan[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const spans: ReadableSpan[] = [];
  // A few span "kinds" with a fixed attribute order, as instrumentations make them.
  const shapes = Array.from({ length: 5 }, () => Array.from({ length: 1 + Math.floor(next() * 7) }, () => pick(KEYS)));
  for (let i = 0; i < count; i++) {
    const shape = next() < 0.85 ? pick(shapes) : Array.from({ length: Math.floor(next() * 6) }, () => pick(KEYS));
    const attributes: Record<string, unknown> = {};
    for (const key of shape) {
      const r = next();
      attributes[key] = key === 'url.path' ? `/orders/${i}` : r < 0.7 ? VALUES[(key.length * 7) % VALUES.length] : pick(VALUES);
    }
    const eventAttrs: Record<string, unknown> = {};
    for (const key of shape.slice(0, 3)) eventAttrs[key] = attributes[key];
    spans.push(makeSpan({
      name: `op-${i % 7}`,
      withIdBytes: next() < 0.5,
      attributes,
      events: next() < 0.3 ? [{ name: 'e', time: [1767225600, i], attributes: eventAttrs }] : [],
      links: next() < 0.1 ? [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), attributes: eventAttrs }] : [],
    }));
  }
  return spans;
}

describe('the attribute cache (through the encoders)', () => {
  it('gives requests equal to OpenTelemetry JS\'s for batches of repeating and changing attributes', () => {
    const next = random(0x5eed);
    const encoder = new TraceRequestEncoder();
    for (let batch = 0; batch < 40; batch++) {
      const spans = randomSpans(next, 1 + Math.floor(next() * 60));
      const expected = canonical(decodeTraceRequest(otelProtobuf(spans)));
      assert.deepEqual(canonical(decodeTraceRequest(encoder.encode(spans))), expected, `batch ${batch}`);
      assert.deepEqual(canonical(decodeTraceRequest(encodeTraceRequest(spans))), expected, `batch ${batch}, plain`);
    }
  });

  it('does not use a run learned for span attributes in events or links, which have other field tags', () => {
    const attributes = { a: 'one', b: 'two', c: 3 };
    const spans = Array.from({ length: 4 }, () => makeSpan({
      attributes,
      events: [{ name: 'e', time: [1767225600, 0], attributes }],
      links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), attributes }],
    }));
    for (let i = 0; i < 3; i++) {
      const s = allSpans(decodeTraceRequest(encodeTraceRequest(spans)));
      const expected = [
        { key: 'a', value: { stringValue: 'one' } },
        { key: 'b', value: { stringValue: 'two' } },
        { key: 'c', value: { intValue: '3' } },
      ];
      for (const span of s) {
        assert.deepEqual(span.attributes, expected);
        assert.deepEqual(span.events[0].attributes, expected);
        assert.deepEqual(span.links[0].attributes, expected);
      }
    }
  });

  it('follows a change of order or value in the middle of a repeated run', () => {
    const shapes: Record<string, unknown>[] = [
      { a: 'x', b: 'y', c: 'z', d: 1 },
      { a: 'x', b: 'y', c: 'z', d: 1 },
      { a: 'x', b: 'Y', c: 'z', d: 1 },
      { a: 'x', c: 'z', b: 'y', d: 1 },
      { a: 'x', b: 'y', c: 'z' },
      { a: 'x', b: 'y', c: 'z', d: '1' },
      { a: 'x', b: 'y', c: 'z', d: true },
      { b: 'y', c: 'z', d: 1 },
      { a: 'x', b: 'y', c: 'z', d: 1, e: 'new' },
    ];
    for (let round = 0; round < 4; round++) {
      for (const attributes of shapes) {
        const decoded = allSpans(decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes })])))[0];
        const expected = Object.entries(attributes).map(([key, v]) => ({
          key,
          value: typeof v === 'string' ? { stringValue: v } : typeof v === 'boolean' ? { boolValue: v } : { intValue: String(v) },
        }));
        assert.deepEqual(decoded.attributes, expected, JSON.stringify(attributes));
      }
    }
  });

  it('skips forbidden values without breaking or corrupting a run around them', () => {
    const make = (middle: unknown): Record<string, unknown> => ({ a: 'x', b: middle, c: 'z' });
    for (const middle of ['y', undefined, null, () => 1, Symbol('s'), 'y']) {
      for (let i = 0; i < 3; i++) {
        const decoded = allSpans(decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes: make(middle) })])))[0];
        const expected = [{ key: 'a', value: { stringValue: 'x' } }];
        if (middle === 'y') expected.push({ key: 'b', value: { stringValue: 'y' } });
        expected.push({ key: 'c', value: { stringValue: 'z' } });
        assert.deepEqual(decoded.attributes, expected);
      }
    }
  });

  it('writes 0 and -0 alike, and never matches NaN to a cached NaN wrongly', () => {
    for (const v of [0, -0, 0, NaN, NaN, 1.5, 1.5, -0]) {
      const decoded = allSpans(decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes: { n: v } })])))[0];
      const expected = Number.isNaN(v) ? { doubleValue: NaN } : Number.isInteger(v) ? { intValue: '0' } : { doubleValue: v };
      assert.deepEqual(decoded.attributes, [{ key: 'n', value: expected }]);
    }
  });

  it('replaces lone surrogates with U+FFFD in cached keys and values, every time', () => {
    for (let i = 0; i < 5; i++) {
      const decoded = allSpans(decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes: { 'k\udc00': 'v\ud800', plain: 'a\udbffb' } })])))[0];
      assert.deepEqual(decoded.attributes, [
        { key: 'k\ufffd', value: { stringValue: 'v\ufffd' } },
        { key: 'plain', value: { stringValue: 'a\ufffdb' } },
      ]);
    }
  });

  it('encodes repeated huge values exactly (too long to cache)', () => {
    const huge = 'h'.repeat(1024 * 1024);
    const nonAscii = 'ü'.repeat(100000);
    for (let i = 0; i < 3; i++) {
      const decoded = allSpans(decodeTraceRequest(encodeTraceRequest([makeSpan({ attributes: { huge, nonAscii, small: 's' } })])))[0];
      assert.equal(decoded.attributes[0].value.stringValue, huge);
      assert.equal(decoded.attributes[1].value.stringValue, nonAscii);
      assert.deepEqual(decoded.attributes[2], { key: 'small', value: { stringValue: 's' } });
    }
  });

  it('stays exact past its bounds: thousands of distinct keys and values', () => {
    const spans = Array.from({ length: 300 }, (_, i) => {
      const attributes: Record<string, unknown> = {};
      for (let j = 0; j < 12; j++) attributes[`key.${i}.${j}`] = j % 2 === 0 ? `value ${i} ${j} ${'v'.repeat(200)}` : i * 100 + j;
      attributes['shared'] = 'same';
      return makeSpan({ attributes });
    });
    for (let round = 0; round < 2; round++) {
      assert.deepEqual(canonical(decodeTraceRequest(encodeTraceRequest(spans))), canonical(decodeTraceRequest(otelProtobuf(spans))));
    }
  });

  it('stays exact when it starts over in the middle of a batch, runs and all', () => {
    // 20 new keys per span: the key bound is passed every hundred spans or so,
    // while the runs a-b-c and d-e are being matched and extended.
    const spans = Array.from({ length: 600 }, (_, i) => {
      const attributes: Record<string, unknown> = { a: 'one', b: 2, c: true };
      for (let j = 0; j < 20; j++) attributes[`unique.${i}.${j}`] = `u${j}`;
      attributes['d'] = 'four';
      attributes['e'] = 5.5;
      return makeSpan({ attributes, events: [{ name: 'e', time: [1767225600, i], attributes: { a: 'one', b: 2 } }] });
    });
    const encoder = new TraceRequestEncoder();
    for (let round = 0; round < 2; round++) {
      for (let start = 0; start < spans.length; start += 150) {
        const batch = spans.slice(start, start + 150);
        assert.deepEqual(canonical(decodeTraceRequest(encoder.encode(batch))), canonical(decodeTraceRequest(otelProtobuf(batch))));
      }
    }
  });

  it('stays exact while it admits no new keys after starting over too often (ids in keys)', () => {
    const encoder = new TraceRequestEncoder();
    let id = 0;
    const batch = (withIdKeys: boolean): ReadableSpan[] => Array.from({ length: 300 }, () => {
      const attributes: Record<string, unknown> = { 'http.request.method': 'GET', 'server.port': 443 };
      if (withIdKeys) for (let j = 0; j < 10; j++) attributes[`user.${id++}.field`] = j;
      attributes['late.key'] = `late ${id % 3}`;
      return makeSpan({ attributes });
    });
    for (const withIdKeys of [true, true, true, false, false, true, false]) {
      const spans = batch(withIdKeys);
      assert.deepEqual(canonical(decodeTraceRequest(encoder.encode(spans))), canonical(decodeTraceRequest(otelProtobuf(spans))));
    }
  });

  it('gives the same bytes for a batch before and after the cache has learnt it', () => {
    const spans = Array.from({ length: 50 }, (_, i) => makeSpan({
      traceId: 'aa'.repeat(16),
      spanId: (i + 16).toString(16).padStart(16, '0'),
      attributes: { method: 'GET', route: '/r/:id', id: `id-${i}`, port: 443, ok: true },
    }));
    // A fresh key set, so the first encode is the one that fills the cache.
    const tag = `first-${Date.now()}`;
    for (const s of spans) (s.attributes as Record<string, unknown>)[tag] = 'x';
    const first = encodeTraceRequest(spans);
    const again = encodeTraceRequest(spans);
    assert.deepEqual(again, first);
  });
});
