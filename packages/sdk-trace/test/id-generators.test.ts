import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AwsXRayIdGenerator, RandomIdGenerator, TracerProvider } from '../src/index.js';

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;

describe('RandomIdGenerator', () => {
  it('makes 32-char trace ids and 16-char span ids in lowercase hex, never all zero', () => {
    const g = new RandomIdGenerator();
    for (let i = 0; i < 10_000; i++) {
      const t = g.generateTraceId();
      const s = g.generateSpanId();
      assert.match(t, HEX32);
      assert.match(s, HEX16);
      assert.notEqual(t, '0'.repeat(32));
      assert.notEqual(s, '0'.repeat(16));
    }
  });

  it('does not repeat ids across pool refills', () => {
    const g = new RandomIdGenerator();
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(g.generateSpanId());
    assert.equal(seen.size, 20_000);
  });

  it('declares random trace ids', () => {
    assert.equal(new RandomIdGenerator().isTraceIdRandom(), true);
  });

  it('spreads bits evenly (a crude check that the source is random)', () => {
    const g = new RandomIdGenerator();
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 4000; i++) for (const c of g.generateTraceId()) counts[parseInt(c, 16)]!++;
    const expected = (4000 * 32) / 16;
    for (const c of counts) assert.ok(Math.abs(c - expected) < expected * 0.1, `digit count ${c}`);
  });

  it('keeps each span id bytes stable while new spans are created (buffers are never reused)', () => {
    const tracer = new TracerProvider({}, {}).getTracer('t');
    const span = tracer.startSpan('first') as unknown as { idBytes: Uint8Array; idOffset: number; spanContext(): { spanId: string } };
    const before = Buffer.from(span.idBytes.subarray(span.idOffset, span.idOffset + 24)).toString('hex');
    for (let i = 0; i < 10_000; i++) tracer.startSpan('more');
    const after = Buffer.from(span.idBytes.subarray(span.idOffset, span.idOffset + 24)).toString('hex');
    assert.equal(after, before);
    assert.equal(after.slice(32), span.spanContext().spanId);
  });
});

describe('AwsXRayIdGenerator', () => {
  it('puts the epoch seconds in the first 4 bytes of the trace id', () => {
    const g = new AwsXRayIdGenerator();
    const before = Math.floor(Date.now() / 1000);
    const id = g.generateTraceId();
    const after = Math.floor(Date.now() / 1000);
    assert.match(id, HEX32);
    const seconds = parseInt(id.slice(0, 8), 16);
    assert.ok(seconds >= before && seconds <= after);
    assert.notEqual(g.generateTraceId().slice(8), id.slice(8));
  });

  it('makes random 16-char span ids and declares random trace ids', () => {
    const g = new AwsXRayIdGenerator();
    assert.match(g.generateSpanId(), HEX16);
    assert.notEqual(g.generateSpanId(), g.generateSpanId());
    assert.equal(g.isTraceIdRandom(), true);
  });

  it('works as a provider id generator (hex ids only)', () => {
    const tracer = new TracerProvider({ idGenerator: new AwsXRayIdGenerator() }, {}).getTracer('t');
    const span = tracer.startSpan('s');
    assert.match(span.spanContext().traceId, HEX32);
    assert.equal((span as unknown as { idBytes: unknown }).idBytes, undefined);
    assert.equal(span.spanContext().traceFlags & 2, 2);
  });
});
