import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT } from '@spool/api';
import { AlwaysOnSampler, SamplingDecision } from '../src/index.js';
import { decide, parentContext, traceId } from './support.js';

test('AlwaysOnSampler samples roots and children, unsampled parents included', () => {
  const sampler = new AlwaysOnSampler();
  const id = traceId('00000000000000');
  for (const ctx of [ROOT_CONTEXT, parentContext({ traceId: id, sampled: false }), parentContext({ traceId: id, remote: true })]) {
    assert.equal(decide(sampler, ctx, id).decision, SamplingDecision.RECORD_AND_SAMPLED);
  }
});

test('AlwaysOnSampler leaves the tracestate alone and returns one frozen result', () => {
  const sampler = new AlwaysOnSampler();
  const id = traceId('00000000000000');
  const a = decide(sampler, parentContext({ traceId: id, traceState: 'ot=th:8' }), id);
  assert.equal(a.traceState, undefined);
  assert.equal(a.attributes, undefined);
  assert.equal(a, decide(new AlwaysOnSampler(), ROOT_CONTEXT, id));
  assert.ok(Object.isFrozen(a));
  assert.throws(() => {
    (a as { decision: number }).decision = 0;
  }, TypeError);
});

test('AlwaysOnSampler describes itself as AlwaysOnSampler', () => {
  assert.equal(new AlwaysOnSampler().toString(), 'AlwaysOnSampler');
  assert.equal(`${new AlwaysOnSampler()}`, 'AlwaysOnSampler');
});
