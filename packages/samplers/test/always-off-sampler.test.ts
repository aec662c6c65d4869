import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT } from '@spool/api';
import { AlwaysOffSampler, SamplingDecision } from '../src/index.js';
import { decide, parentContext, traceId } from './support.js';

test('AlwaysOffSampler drops roots and children, sampled parents included', () => {
  const sampler = new AlwaysOffSampler();
  const id = traceId('ffffffffffffff');
  for (const ctx of [ROOT_CONTEXT, parentContext({ traceId: id, sampled: true }), parentContext({ traceId: id, remote: true })]) {
    assert.equal(decide(sampler, ctx, id).decision, SamplingDecision.NOT_RECORD);
  }
});

test('AlwaysOffSampler returns one frozen result and describes itself as AlwaysOffSampler', () => {
  const a = decide(new AlwaysOffSampler(), ROOT_CONTEXT, traceId('ffffffffffffff'));
  assert.equal(a, decide(new AlwaysOffSampler(), ROOT_CONTEXT, traceId('00000000000000')));
  assert.ok(Object.isFrozen(a));
  assert.equal(a.traceState, undefined);
  assert.equal(new AlwaysOffSampler().toString(), 'AlwaysOffSampler');
});

test('SamplingDecision has the OpenTelemetry JS values and cannot be changed', () => {
  assert.deepEqual({ ...SamplingDecision }, { NOT_RECORD: 0, RECORD: 1, RECORD_AND_SAMPLED: 2 });
  assert.ok(Object.isFrozen(SamplingDecision));
});
