import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { diag } from '@spool/api';
import type { HrTime, Span } from '@spool/api';
import { TracerProvider } from '../src/index.js';
import type { ReadableSpan } from '../src/index.js';
import { captureDiag } from './helpers.js';

// The clock is internal; these tests go through span start/end/event times.

const tracer = new TracerProvider({}, {}).getTracer('clock');
const r = (s: Span) => s as unknown as ReadableSpan;
const toMs = (t: HrTime) => t[0] * 1e3 + t[1] / 1e6;

afterEach(() => diag.disable());

describe('span times', () => {
  it('are epoch [seconds, nanoseconds] tuples close to Date.now()', () => {
    const before = Date.now();
    const span = tracer.startSpan('s');
    span.end();
    const after = Date.now();
    const start = r(span).startTime;
    assert.ok(Number.isInteger(start[0]) && Number.isInteger(start[1]));
    assert.ok(start[1] >= 0 && start[1] < 1e9);
    // performance.timeOrigin may drift from the wall clock; allow a generous margin.
    assert.ok(Math.abs(toMs(start) - before) < 1000 && toMs(start) <= after + 1000);
  });

  it('give exact non-negative durations that equal end - start', () => {
    for (let i = 0; i < 1000; i++) {
      const span = tracer.startSpan('s');
      span.end();
      const { startTime, endTime, duration } = r(span);
      assert.ok(duration[0] >= 0 && duration[1] >= 0 && duration[1] < 1e9);
      let ns = endTime[1] - startTime[1];
      let s = endTime[0] - startTime[0];
      if (ns < 0) {
        ns += 1e9;
        s -= 1;
      }
      assert.deepEqual(duration, [s, ns]);
    }
  });

  it('accept epoch milliseconds, performance.now() values, HrTime tuples and Dates', () => {
    const epochMs = 1_700_000_000_250;
    assert.deepEqual(r(tracer.startSpan('a', { startTime: epochMs })).startTime, [1_700_000_000, 250_000_000]);
    assert.deepEqual(r(tracer.startSpan('b', { startTime: new Date(epochMs) })).startTime, [1_700_000_000, 250_000_000]);
    assert.deepEqual(r(tracer.startSpan('c', { startTime: [1_700_000_000, 1] })).startTime, [1_700_000_000, 1]);
    const p = performance.now();
    const t = r(tracer.startSpan('d', { startTime: p })).startTime;
    assert.ok(Math.abs(toMs(t) - (performance.timeOrigin + p)) < 0.001);
  });

  it('normalise an HrTime with nanoseconds out of range', () => {
    assert.deepEqual(r(tracer.startSpan('a', { startTime: [1_700_000_000, 1_500_000_000] })).startTime, [1_700_000_001, 500_000_000]);
  });

  it('replace an invalid time by now with a warning', () => {
    const logs = captureDiag();
    for (const bad of [NaN, -5, Infinity, new Date('nope'), [1, 'x'] as never, [NaN, 0] as never]) {
      const before = Date.now();
      const t = r(tracer.startSpan('bad', { startTime: bad })).startTime;
      assert.ok(Math.abs(toMs(t) - before) < 1000, `fallback to now for ${String(bad)}`);
    }
    assert.equal(logs.find('invalid time').length, 6);
  });

  it('use one monotonic clock: an event and the end are never before the start', () => {
    const span = tracer.startSpan('s');
    span.addEvent('e');
    span.end();
    const { startTime, endTime, events } = r(span);
    assert.ok(toMs(events[0]!.time) >= toMs(startTime));
    assert.ok(toMs(endTime) >= toMs(events[0]!.time));
  });
});
