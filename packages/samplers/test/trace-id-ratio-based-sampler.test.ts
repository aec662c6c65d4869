import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ROOT_CONTEXT } from '@spool/api';
import { ProbabilitySampler, SamplingDecision, TraceIdRatioBasedSampler } from '../src/index.js';
import { decide, ot, parentContext, takeWarnings, traceId } from './support.js';

const { NOT_RECORD, RECORD_AND_SAMPLED } = SamplingDecision;
/** Randomness above every threshold: a root with it is always sampled, so its th can be read. */
const MAX_R = traceId('ffffffffffffff');

function thresholdOf(ratio: number, precision?: number): string | undefined {
  const sampler = new TraceIdRatioBasedSampler(ratio, precision === undefined ? undefined : { precision });
  return ot(decide(sampler, ROOT_CONTEXT, MAX_R));
}

/** Deterministic, well-spread trace ids. */
function traceIds(n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(createHash('sha256').update(`trace-${i}`).digest('hex').slice(0, 32));
  return ids;
}

test('a sampled root records the threshold as ot=th with the spec table values at the default precision 4', () => {
  // tracestate-probability-sampling.md, "Converting floating-point probability to threshold value" (precision 4 column).
  const table: Array<[number, string]> = [
    [1, 'th:0'],
    [0.5, 'th:8'],
    [1 / 3, 'th:aaab'],
    [0.25, 'th:c'],
    [0.2, 'th:cccd'],
    [0.125, 'th:e'],
    [0.1, 'th:e666'],
    [0.0625, 'th:f'],
    [0.01, 'th:fd70a'],
    [0.001, 'th:ffbe77'],
    [0.0001, 'th:fff9724'],
    [0.00001, 'th:ffff583a'],
    [0.000001, 'th:ffffef39'],
  ];
  for (const [ratio, expected] of table) assert.equal(thresholdOf(ratio), expected, `ratio ${ratio}`);
  assert.deepEqual(takeWarnings(), []);
});

test('the precision option gives the spec table values for precision 3 and 5', () => {
  const table: Array<[number, string, string]> = [
    [0.5, 'th:8', 'th:8'],
    [1 / 3, 'th:aab', 'th:aaaab'],
    [0.2, 'th:ccd', 'th:ccccd'],
    [0.1, 'th:e66', 'th:e6666'],
    [0.01, 'th:fd71', 'th:fd70a4'],
    [0.001, 'th:ffbe7', 'th:ffbe76d'],
    [0.0001, 'th:fff972', 'th:fff97247'],
    [0.00001, 'th:ffff584', 'th:ffff583a5'],
    [0.000001, 'th:ffffef4', 'th:ffffef391'],
  ];
  for (const [ratio, p3, p5] of table) {
    assert.equal(thresholdOf(ratio, 3), p3, `ratio ${ratio}, precision 3`);
    assert.equal(thresholdOf(ratio, 5), p5, `ratio ${ratio}, precision 5`);
  }
});

test('precision 14 encodes round((1 - ratio) x 2^56) exactly, trailing zeros removed', () => {
  for (const ratio of [0.5, 1 / 3, 0.1, 0.01, 0.001, 1e-9, 0.999, 2 ** -56]) {
    const t = (1n << 56n) - BigInt(Math.round(ratio * 2 ** 56));
    const expected = `th:${t.toString(16).padStart(14, '0').replace(/0+$/, '')}`;
    assert.equal(thresholdOf(ratio, 14), expected, `ratio ${ratio}`);
  }
  assert.equal(thresholdOf(2 ** -56, 4), 'th:ffffffffffffff', 'the smallest probability keeps all 14 digits');
});

test('a span is sampled exactly when the randomness is at least the threshold', () => {
  const cases: Array<{ ratio: number; precision?: number; r: string; decision: number }> = [
    { ratio: 0.5, r: '80000000000000', decision: RECORD_AND_SAMPLED },
    { ratio: 0.5, r: '7fffffffffffff', decision: NOT_RECORD },
    { ratio: 0.25, r: 'c0000000000000', decision: RECORD_AND_SAMPLED },
    { ratio: 0.25, r: 'bfffffffffffff', decision: NOT_RECORD },
    { ratio: 1 / 3, r: 'aaab0000000000', decision: RECORD_AND_SAMPLED },
    { ratio: 1 / 3, r: 'aaaaffffffffff', decision: NOT_RECORD },
    // The low 28 bits decide when the high 28 bits are equal.
    { ratio: 1 / 3, precision: 14, r: 'aaaaaaaaaaaaac', decision: RECORD_AND_SAMPLED },
    { ratio: 1 / 3, precision: 14, r: 'aaaaaaaaaaaaab', decision: NOT_RECORD },
    { ratio: 1, r: '00000000000000', decision: RECORD_AND_SAMPLED },
    { ratio: 0, r: 'ffffffffffffff', decision: NOT_RECORD },
    // Upper-case trace ids are accepted, as by isValidTraceId.
    { ratio: 0.5, r: 'FFFFFFFFFFFFFF', decision: RECORD_AND_SAMPLED },
  ];
  for (const c of cases) {
    const sampler = new TraceIdRatioBasedSampler(c.ratio, c.precision === undefined ? undefined : { precision: c.precision });
    assert.equal(decide(sampler, ROOT_CONTEXT, traceId(c.r)).decision, c.decision, `ratio ${c.ratio}, R ${c.r}`);
  }
});

test('only the 56 least-significant bits of the trace id count', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  for (const high of ['000000000000000000', 'ffffffffffffffffff', '0123456789abcdef01']) {
    assert.equal(decide(sampler, ROOT_CONTEXT, traceId('90000000000000', high)).decision, RECORD_AND_SAMPLED);
    assert.equal(decide(sampler, ROOT_CONTEXT, traceId('10000000000000', high)).decision, NOT_RECORD);
  }
});

test('two samplers with the same ratio agree on every trace id, and a higher ratio keeps a superset', () => {
  const a = new TraceIdRatioBasedSampler(0.3);
  const b = new ProbabilitySampler(0.3);
  const low = new TraceIdRatioBasedSampler(0.1);
  let kept = 0;
  for (const id of traceIds(5000)) {
    const da = decide(a, ROOT_CONTEXT, id).decision;
    assert.equal(decide(b, ROOT_CONTEXT, id).decision, da, id);
    if (decide(low, ROOT_CONTEXT, id).decision === RECORD_AND_SAMPLED) assert.equal(da, RECORD_AND_SAMPLED, id);
    if (da === RECORD_AND_SAMPLED) kept++;
  }
  // 5000 fixed hash-derived ids: the kept share is near the configured probability.
  assert.ok(kept > 1350 && kept < 1650, `kept ${kept} of 5000 at 0.3`);
});

test('the explicit randomness rv of the parent replaces the trace id randomness', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  const keep = decide(sampler, parentContext({ traceId: traceId('00000000000000'), traceState: 'ot=rv:ffffffffffffff' }), traceId('00000000000000'));
  assert.equal(keep.decision, RECORD_AND_SAMPLED);
  assert.equal(ot(keep), 'th:8;rv:ffffffffffffff', 'rv is kept next to the new th');
  const drop = decide(sampler, parentContext({ traceId: traceId('ffffffffffffff'), traceState: 'ot=rv:00000000000000' }), traceId('ffffffffffffff'));
  assert.equal(drop.decision, NOT_RECORD);
  assert.equal(drop.traceState, undefined, 'a dropped span keeps the parent tracestate');
  assert.deepEqual(takeWarnings(), []);
});

test('a malformed rv is ignored with one warning and the trace id is used', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  for (const rv of ['0000000000000', '000000000000000', 'FFFFFFFFFFFFFF', '0000000000000g', '']) {
    const id = traceId('ffffffffffffff');
    const result = decide(sampler, parentContext({ traceId: id, traceState: `ot=rv:${rv}` }), id);
    assert.equal(result.decision, RECORD_AND_SAMPLED, `rv:${rv}`);
  }
  const w = takeWarnings();
  assert.equal(w.length, 1);
  assert.match(w[0]!, /malformed explicit randomness/);
});

test('a sampled span keeps every other tracestate entry and ot sub-key and replaces an old th', () => {
  const sampler = new TraceIdRatioBasedSampler(0.25);
  const id = traceId('f0000000000000');
  const result = decide(sampler, parentContext({ traceId: id, traceState: 'vendor=abc,ot=th:8;p:8;x1:y.z-_A,other@tenant=1' }), id);
  assert.equal(result.decision, RECORD_AND_SAMPLED);
  const ts = result.traceState!;
  assert.equal(ts.get('vendor'), 'abc');
  assert.equal(ts.get('other@tenant'), '1');
  assert.equal(ts.get('ot'), 'th:c;p:8;x1:y.z-_A');
  assert.match(ts.serialize(), /^ot=th:c;p:8;x1:y\.z-_A,vendor=abc,other@tenant=1$/, 'the updated entry moves to the front (W3C)');
});

test('malformed ot members are dropped with one warning when th is written', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  const id = traceId('f0000000000000');
  const result = decide(sampler, parentContext({ traceId: id, traceState: 'ot=p:8;BAD;k:v;;nocolon;9x:1' }), id);
  assert.equal(ot(result), 'th:8;p:8;k:v');
  const w = takeWarnings();
  assert.equal(w.length, 1);
  assert.match(w[0]!, /malformed members/);
});

test('a parent tracestate that already says the same threshold is returned unchanged', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  const id = traceId('f0000000000000');
  const ctx = parentContext({ traceId: id, traceState: 'a=1,ot=th:8' });
  const result = decide(sampler, ctx, id);
  assert.equal(result.decision, RECORD_AND_SAMPLED);
  assert.equal(result.traceState?.serialize(), 'a=1,ot=th:8');
});

test('results are shared: roots, drops and siblings under one parent tracestate allocate nothing new', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  const a = decide(sampler, ROOT_CONTEXT, traceId('f0000000000000'));
  const b = decide(sampler, ROOT_CONTEXT, traceId('a0000000000000'));
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a));
  assert.equal(decide(sampler, ROOT_CONTEXT, traceId('00000000000001')), decide(sampler, ROOT_CONTEXT, traceId('10000000000000')));
  const id = traceId('f0000000000000');
  const ctx = parentContext({ traceId: id, traceState: 'vendor=1' });
  assert.equal(decide(sampler, ctx, id), decide(sampler, ctx, id));
  // A parent without tracestate gets the same result as a root.
  assert.equal(decide(sampler, parentContext({ traceId: id }), id), a);
});

test('a parent span context that is not valid is treated as no parent', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  const id = traceId('f0000000000000');
  const ctx = parentContext({ traceId: '00000000000000000000000000000000', traceState: 'vendor=1,ot=rv:00000000000000' });
  const result = decide(sampler, ctx, id);
  assert.equal(result.decision, RECORD_AND_SAMPLED);
  assert.equal(result.traceState?.serialize(), 'ot=th:8');
});

test('the parent sampled flag is ignored', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  const hi = traceId('f0000000000000');
  const lo = traceId('00000000000000');
  assert.equal(decide(sampler, parentContext({ traceId: hi, sampled: false }), hi).decision, RECORD_AND_SAMPLED);
  assert.equal(decide(sampler, parentContext({ traceId: lo, sampled: true }), lo).decision, NOT_RECORD);
});

test('a child whose parent lacks the random flag gets the compatibility warning once', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  const id = traceId('f0000000000000');
  decide(sampler, parentContext({ traceId: id, random: true }), id);
  assert.deepEqual(takeWarnings(), []);
  decide(sampler, parentContext({ traceId: id, random: false, traceState: 'ot=rv:ffffffffffffff' }), id);
  assert.deepEqual(takeWarnings(), [], 'explicit randomness needs no random flag');
  decide(sampler, parentContext({ traceId: id, random: false }), id);
  decide(sampler, parentContext({ traceId: id, random: false }), id);
  const w = takeWarnings();
  assert.equal(w.length, 1);
  assert.match(w[0]!, /presuming TraceIDs are random/);
});

test('a trace id that is not hex is dropped with one warning', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  for (const id of ['0af7651916cd43dd84zzzzzzzzzzzzzz', 'short', '']) {
    assert.equal(decide(sampler, ROOT_CONTEXT, id).decision, NOT_RECORD, id);
  }
  assert.equal(takeWarnings().length, 1);
  // Ratio 1 needs no randomness, so it samples anyway.
  assert.equal(decide(new TraceIdRatioBasedSampler(1), ROOT_CONTEXT, 'short').decision, RECORD_AND_SAMPLED);
});

test('a bad ratio is clamped with a warning and the description shows the ratio in effect', () => {
  const cases: Array<[unknown, string, RegExp]> = [
    [Number.NaN, 'TraceIdRatioBased{0}', /not a number/],
    ['0.5', 'TraceIdRatioBased{0}', /not a number/],
    [undefined, 'TraceIdRatioBased{0}', /not a number/],
    [-0.1, 'TraceIdRatioBased{0}', /below 0/],
    [Number.NEGATIVE_INFINITY, 'TraceIdRatioBased{0}', /below 0/],
    [1.5, 'TraceIdRatioBased{1}', /above 1/],
    [Number.POSITIVE_INFINITY, 'TraceIdRatioBased{1}', /above 1/],
    [1e-30, `TraceIdRatioBased{${2 ** -56}}`, /2\^-56/],
  ];
  for (const [ratio, description, warning] of cases) {
    const sampler = new TraceIdRatioBasedSampler(ratio as number);
    assert.equal(sampler.toString(), description, String(ratio));
    const w = takeWarnings();
    assert.equal(w.length, 1, String(ratio));
    assert.match(w[0]!, warning);
  }
  assert.equal(decide(new TraceIdRatioBasedSampler(Number.NaN), ROOT_CONTEXT, MAX_R).decision, NOT_RECORD);
  assert.equal(ot(decide(new TraceIdRatioBasedSampler(7), ROOT_CONTEXT, MAX_R)), 'th:0');
  takeWarnings();
});

test('a bad precision falls back to 4 with a warning', () => {
  for (const precision of [0, 15, 2.5, Number.NaN, '4']) {
    const sampler = new TraceIdRatioBasedSampler(0.1, { precision: precision as number });
    assert.equal(ot(decide(sampler, ROOT_CONTEXT, MAX_R)), 'th:e666', String(precision));
    const w = takeWarnings();
    assert.equal(w.length, 1);
    assert.match(w[0]!, /precision/);
  }
});

test('descriptions follow the specification form and ProbabilitySampler is the same sampler', () => {
  assert.equal(new TraceIdRatioBasedSampler(0.5).toString(), 'TraceIdRatioBased{0.5}');
  assert.equal(new TraceIdRatioBasedSampler(0.0001).toString(), 'TraceIdRatioBased{0.0001}');
  assert.equal(new ProbabilitySampler(1).toString(), 'TraceIdRatioBased{1}');
  assert.equal(ProbabilitySampler, TraceIdRatioBasedSampler);
});

test('a threshold that would push the ot entry past 256 characters is left out with one warning', () => {
  const sampler = new TraceIdRatioBasedSampler(0.5);
  const id = traceId('f0000000000000');
  const long = `x1:${'a'.repeat(250)}`; // 253 characters: th:8; would make it 258
  const result = decide(sampler, parentContext({ traceId: id, traceState: `ot=${long}` }), id);
  assert.equal(result.decision, RECORD_AND_SAMPLED);
  assert.equal(ot(result), long, 'kept as it was, without a th');
  // 256 characters with th:c; th:aaab (1/3) would make it 259.
  const third = new TraceIdRatioBasedSampler(1 / 3);
  const old = decide(third, parentContext({ traceId: id, traceState: `ot=th:c;x1:${'a'.repeat(248)}` }), id);
  assert.equal(ot(old), `x1:${'a'.repeat(248)}`, 'an old th is still removed: it no longer describes the decision');
  const w = takeWarnings();
  assert.equal(w.length, 1);
  assert.match(w[0]!, /longer than 256/);
});
