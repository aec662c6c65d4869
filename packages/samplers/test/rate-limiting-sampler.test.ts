import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT } from '@spool/api';
import { RateLimitingSampler, SamplingDecision } from '../src/index.js';
import type { RateLimitingSamplerOptions } from '../src/index.js';
import { decide, ot, parentContext, takeWarnings, traceId } from './support.js';

const { NOT_RECORD, RECORD_AND_SAMPLED } = SamplingDecision;
const ID = traceId('00000000000000');

/** A clock the test moves by hand (milliseconds). */
class FakeClock {
  now = 1000;
  readonly read = (): number => this.now;
}

/** Decisions for `n` spans at the current time: 'S' sampled, '-' dropped. */
function run(sampler: RateLimitingSampler, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += decide(sampler, ROOT_CONTEXT, ID).decision === RECORD_AND_SAMPLED ? 'S' : '-';
  return out;
}

test('the bucket starts full and refills at the configured rate', () => {
  const clock = new FakeClock();
  const sampler = new RateLimitingSampler(2, { clock: clock.read });
  assert.equal(run(sampler, 3), 'SS-');
  clock.now += 499;
  assert.equal(run(sampler, 1), '-');
  clock.now += 1;
  assert.equal(run(sampler, 2), 'S-');
  clock.now += 1000;
  assert.equal(run(sampler, 3), 'SS-');
});

test('a fractional rate samples one trace per interval', () => {
  const clock = new FakeClock();
  const sampler = new RateLimitingSampler(0.5, { clock: clock.read });
  assert.equal(run(sampler, 2), 'S-');
  clock.now += 1000;
  assert.equal(run(sampler, 1), '-');
  clock.now += 1000;
  assert.equal(run(sampler, 2), 'S-');
});

test('an idle period never buys more than one second of burst (at least one trace)', () => {
  for (const [rate, burst] of [
    [1, 'S-'],
    [5, 'SSSSS-'],
    [0.2, 'S-'],
  ] as const) {
    const clock = new FakeClock();
    const sampler = new RateLimitingSampler(rate, { clock: clock.read });
    run(sampler, 10);
    clock.now += 60_000;
    assert.equal(run(sampler, burst.length), burst, `rate ${rate}`);
  }
});

test('a clock that goes backwards or returns NaN adds no tokens and breaks nothing', () => {
  const clock = new FakeClock();
  const sampler = new RateLimitingSampler(1, { clock: clock.read });
  assert.equal(run(sampler, 2), 'S-');
  clock.now -= 5000;
  assert.equal(run(sampler, 1), '-');
  clock.now += 1000; // one second after the backwards jump
  assert.equal(run(sampler, 2), 'S-');
  clock.now = Number.NaN;
  assert.equal(run(sampler, 1), '-');
  clock.now = 10_000;
  assert.equal(run(sampler, 1), 'S');
});

test('a bad rate becomes one trace per second with a warning', () => {
  for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5', undefined]) {
    const clock = new FakeClock();
    const sampler = new RateLimitingSampler(rate as number, { clock: clock.read });
    assert.equal(sampler.toString(), 'RateLimiting{1}', String(rate));
    const w = takeWarnings();
    assert.equal(w.length, 1);
    assert.match(w[0]!, /tracesPerSecond .* is not a positive finite number; using 1/);
    assert.equal(run(sampler, 2), 'S-');
  }
});

test('a clock that is not a function is replaced by performance.now with a warning', () => {
  const sampler = new RateLimitingSampler(10, { clock: 5 } as unknown as RateLimitingSamplerOptions);
  assert.match(takeWarnings()[0]!, /clock is 5, not a function/);
  assert.equal(decide(sampler, ROOT_CONTEXT, ID).decision, RECORD_AND_SAMPLED);
});

test('a sampled span carries no threshold: the parent th is erased, everything else kept', () => {
  const sampler = new RateLimitingSampler(100, { clock: new FakeClock().read });
  const plain = decide(sampler, parentContext({ traceId: ID, traceState: 'vendor=1' }), ID);
  assert.equal(plain.traceState, undefined);
  const result = decide(sampler, parentContext({ traceId: ID, traceState: 'vendor=1,ot=th:8;rv:00000000000000' }), ID);
  assert.equal(result.decision, RECORD_AND_SAMPLED);
  assert.equal(ot(result), 'rv:00000000000000');
  assert.equal(result.traceState?.get('vendor'), '1');
});

test('results are shared frozen objects and the description shows the rate', () => {
  const sampler = new RateLimitingSampler(3, { clock: new FakeClock().read });
  const a = decide(sampler, ROOT_CONTEXT, ID);
  assert.equal(a, decide(sampler, ROOT_CONTEXT, ID));
  assert.ok(Object.isFrozen(a));
  decide(sampler, ROOT_CONTEXT, ID);
  const d = decide(sampler, ROOT_CONTEXT, ID);
  assert.equal(d.decision, NOT_RECORD);
  assert.equal(d, decide(sampler, ROOT_CONTEXT, ID));
  assert.equal(sampler.toString(), 'RateLimiting{3}');
});
