import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT } from '@spool/api';
import type { Context } from '@spool/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  fixedSamplingResults,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '../src/index.js';
import type { FixedSamplingResults, Sampler, SamplingResult } from '../src/index.js';
import { decide, MarkerSampler, parentContext, traceId } from './support.js';

const { NOT_RECORD, RECORD_AND_SAMPLED } = SamplingDecision;
const ID = traceId('f0000000000000');
const SITUATIONS = ['root', 'remoteParentSampled', 'remoteParentNotSampled', 'localParentSampled', 'localParentNotSampled'] as const;

/** A context for each situation, with no tracestate. */
function contextFor(situation: (typeof SITUATIONS)[number]): Context {
  switch (situation) {
    case 'root':
      return ROOT_CONTEXT;
    case 'remoteParentSampled':
      return parentContext({ traceId: ID, remote: true, sampled: true });
    case 'remoteParentNotSampled':
      return parentContext({ traceId: ID, remote: true, sampled: false });
    case 'localParentSampled':
      return parentContext({ traceId: ID, remote: false, sampled: true });
    case 'localParentNotSampled':
      return parentContext({ traceId: ID, remote: false, sampled: false });
  }
}

/** Every fixed result must be exactly what the sampler itself answers in that situation. */
function assertMatchesSampler(sampler: Sampler, fixed: FixedSamplingResults): void {
  for (const situation of SITUATIONS) {
    const expected = fixed[situation];
    if (expected === undefined) continue;
    for (const id of [ID, traceId('00000000000000'), traceId('ffffffffffffff')]) {
      assert.equal(decide(sampler, contextFor(situation), id, `span-${situation}`), expected, `${sampler.toString()} ${situation}`);
    }
  }
}

function decisions(fixed: FixedSamplingResults): Record<string, SamplingDecision | undefined> {
  return Object.fromEntries(SITUATIONS.map((s) => [s, fixed[s]?.decision]));
}

test('AlwaysOn and AlwaysOff answer the same in every situation', () => {
  for (const [sampler, decision] of [
    [new AlwaysOnSampler(), RECORD_AND_SAMPLED],
    [new AlwaysOffSampler(), NOT_RECORD],
  ] as const) {
    const fixed = fixedSamplingResults(sampler);
    for (const s of SITUATIONS) assert.equal(fixed[s]?.decision, decision, `${sampler.toString()} ${s}`);
    assertMatchesSampler(sampler, fixed);
  }
});

test('ParentBased takes each situation from its delegate for that situation', () => {
  const sampler = new ParentBasedSampler({ root: new AlwaysOffSampler() });
  const fixed = fixedSamplingResults(sampler);
  assert.deepEqual(decisions(fixed), {
    root: NOT_RECORD,
    remoteParentSampled: RECORD_AND_SAMPLED,
    remoteParentNotSampled: NOT_RECORD,
    localParentSampled: RECORD_AND_SAMPLED,
    localParentNotSampled: NOT_RECORD,
  });
  assertMatchesSampler(sampler, fixed);
  const inverted = new ParentBasedSampler({
    root: new AlwaysOnSampler(),
    remoteParentSampled: new AlwaysOffSampler(),
    remoteParentNotSampled: new AlwaysOnSampler(),
    localParentSampled: new AlwaysOffSampler(),
    localParentNotSampled: new AlwaysOnSampler(),
  });
  assertMatchesSampler(inverted, fixedSamplingResults(inverted));
  assert.equal(fixedSamplingResults(inverted).localParentNotSampled?.decision, RECORD_AND_SAMPLED);
});

test('a delegate whose answer depends on the span leaves its situation to the sampler', () => {
  const sampler = new ParentBasedSampler({
    root: new TraceIdRatioBasedSampler(0.5),
    localParentNotSampled: new MarkerSampler('local-not-sampled'),
  });
  const fixed = fixedSamplingResults(sampler);
  assert.deepEqual(decisions(fixed), {
    root: undefined,
    remoteParentSampled: RECORD_AND_SAMPLED,
    remoteParentNotSampled: NOT_RECORD,
    localParentSampled: RECORD_AND_SAMPLED,
    localParentNotSampled: undefined,
  });
  assertMatchesSampler(sampler, fixed);
});

test('a ParentBased delegate of a ParentBased sampler is resolved for the same situation', () => {
  const inner = new ParentBasedSampler({ root: new AlwaysOffSampler(), localParentSampled: new AlwaysOffSampler() });
  const sampler = new ParentBasedSampler({ root: inner, localParentSampled: inner });
  const fixed = fixedSamplingResults(sampler);
  assert.equal(fixed.root?.decision, NOT_RECORD);
  assert.equal(fixed.localParentSampled?.decision, NOT_RECORD);
  assertMatchesSampler(sampler, fixed);
});

test('a sampler that overrides a built-in shouldSample is never taken as fixed', () => {
  class Overriding extends AlwaysOnSampler {
    override shouldSample(): SamplingResult {
      return { decision: NOT_RECORD };
    }
  }
  class OverridingParentBased extends ParentBasedSampler {
    override shouldSample(): SamplingResult {
      return { decision: NOT_RECORD };
    }
  }
  const own = new AlwaysOffSampler();
  own.shouldSample = () => ({ decision: RECORD_AND_SAMPLED });
  for (const sampler of [new Overriding(), new OverridingParentBased({ root: new AlwaysOnSampler() }), own]) {
    assert.deepEqual(decisions(fixedSamplingResults(sampler)), Object.fromEntries(SITUATIONS.map((s) => [s, undefined])));
  }
  const withOverridingRoot = fixedSamplingResults(new ParentBasedSampler({ root: new Overriding() }));
  assert.equal(withOverridingRoot.root, undefined);
  assert.equal(withOverridingRoot.localParentSampled?.decision, RECORD_AND_SAMPLED);
});

test('anything that is not a known sampler gives no fixed result, without throwing', () => {
  for (const value of [null, undefined, 42, 'AlwaysOnSampler', {}, { shouldSample: 1 }, new MarkerSampler('m')]) {
    const fixed = fixedSamplingResults(value as unknown as Sampler);
    for (const s of SITUATIONS) assert.equal(fixed[s], undefined, `${String(value)} ${s}`);
  }
});

test('the results are frozen', () => {
  const fixed = fixedSamplingResults(new ParentBasedSampler({ root: new AlwaysOnSampler() }));
  assert.ok(Object.isFrozen(fixed));
  assert.ok(Object.isFrozen(fixed.root));
});
