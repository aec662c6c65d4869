import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INVALID_SPAN_CONTEXT,
  INVALID_SPANID,
  INVALID_TRACEID,
  isSpanContextValid,
  isValidSpanId,
  isValidTraceId,
  TraceFlags,
} from '../src/index.js';

test('isValidTraceId accepts 32 hex characters that are not all zero', () => {
  assert.equal(isValidTraceId('0af7651916cd43dd8448eb211c80319c'), true);
  assert.equal(isValidTraceId('0AF7651916CD43DD8448EB211C80319C'), true);
  assert.equal(isValidTraceId('00000000000000000000000000000001'), true);
});

test('isValidTraceId rejects zero, wrong lengths, non-hex and non-strings', () => {
  for (const bad of [INVALID_TRACEID, '0af7651916cd43dd8448eb211c80319', '0af7651916cd43dd8448eb211c80319cc', 'g'.repeat(32), '', null, undefined, 1234, {}]) {
    assert.equal(isValidTraceId(bad as string), false, String(bad));
  }
});

test('isValidSpanId accepts 16 hex characters that are not all zero and rejects the rest', () => {
  assert.equal(isValidSpanId('b7ad6b7169203331'), true);
  for (const bad of [INVALID_SPANID, 'b7ad6b716920333', 'b7ad6b7169203331a', 'b7ad6b716920333z', undefined]) {
    assert.equal(isValidSpanId(bad as string), false, String(bad));
  }
});

test('isSpanContextValid needs both ids valid and never throws on junk', () => {
  assert.equal(
    isSpanContextValid({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }),
    true
  );
  assert.equal(isSpanContextValid({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: INVALID_SPANID, traceFlags: 1 }), false);
  assert.equal(isSpanContextValid(INVALID_SPAN_CONTEXT), false);
  for (const junk of [null, undefined, 'x', 5, {}]) assert.equal(isSpanContextValid(junk as never), false);
});

test('INVALID_SPAN_CONTEXT is frozen and all zero', () => {
  assert.equal(Object.isFrozen(INVALID_SPAN_CONTEXT), true);
  assert.deepEqual({ ...INVALID_SPAN_CONTEXT }, { traceId: INVALID_TRACEID, spanId: INVALID_SPANID, traceFlags: TraceFlags.NONE });
});

test('TraceFlags has the W3C values, including the Level 2 random flag', () => {
  assert.equal(TraceFlags.NONE, 0);
  assert.equal(TraceFlags.SAMPLED, 1);
  assert.equal(TraceFlags.RANDOM, 2);
});
