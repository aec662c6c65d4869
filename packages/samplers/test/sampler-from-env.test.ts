import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT } from '@spool/api';
import { samplerFromEnv } from '../src/index.js';
import { decide, takeWarnings, traceId } from './support.js';

const PB = (root: string, ...rest: string[]): string =>
  `ParentBased{root=${root}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}${rest.join('')}`;

test('each OTEL_TRACES_SAMPLER name gives its sampler, without a warning', () => {
  const cases: Array<[Record<string, string | undefined>, string]> = [
    [{}, PB('AlwaysOnSampler')],
    [{ OTEL_TRACES_SAMPLER: '' }, PB('AlwaysOnSampler')],
    [{ OTEL_TRACES_SAMPLER: '  ' }, PB('AlwaysOnSampler')],
    [{ OTEL_TRACES_SAMPLER: undefined }, PB('AlwaysOnSampler')],
    [{ OTEL_TRACES_SAMPLER: 'always_on' }, 'AlwaysOnSampler'],
    [{ OTEL_TRACES_SAMPLER: 'always_off' }, 'AlwaysOffSampler'],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_always_on' }, PB('AlwaysOnSampler')],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, PB('AlwaysOffSampler')],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }, 'TraceIdRatioBased{0.25}'],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }, PB('TraceIdRatioBased{0.1}')],
    [{ OTEL_TRACES_SAMPLER: ' ParentBased_TraceIdRatio ', OTEL_TRACES_SAMPLER_ARG: ' 1e-3 ' }, PB('TraceIdRatioBased{0.001}')],
    [{ OTEL_TRACES_SAMPLER: 'ALWAYS_OFF' }, 'AlwaysOffSampler'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio' }, 'TraceIdRatioBased{1}'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '' }, 'TraceIdRatioBased{1}'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' }, 'TraceIdRatioBased{0}'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' }, 'TraceIdRatioBased{1}'],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '.5' }, 'TraceIdRatioBased{0.5}'],
    [{ OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'ignored' }, 'AlwaysOnSampler'],
  ];
  for (const [env, description] of cases) {
    assert.equal(samplerFromEnv(env).toString(), description, JSON.stringify(env));
    assert.deepEqual(takeWarnings(), [], JSON.stringify(env));
  }
});

test('an unknown or unsupported name gives parentbased_always_on with one warning naming variable, value and default', () => {
  for (const [name, why] of [
    ['foo', 'not a known sampler'],
    ['always-on', 'not a known sampler'],
    ['jaeger_remote', 'not supported by Spool'],
    ['parentbased_jaeger_remote', 'not supported by Spool'],
    ['xray', 'not supported by Spool'],
  ]) {
    assert.equal(samplerFromEnv({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: '0.5' }).toString(), PB('AlwaysOnSampler'));
    assert.deepEqual(takeWarnings(), [`OTEL_TRACES_SAMPLER="${name}" is ${why}; using the default parentbased_always_on`]);
  }
});

test('a bad ratio argument gives 1.0 with one warning naming variable, value and default', () => {
  for (const arg of ['abc', '1.5', '-0.1', '0x1', 'Infinity', 'NaN', '0.5.5', '1,5', '5e-1x']) {
    for (const name of ['traceidratio', 'parentbased_traceidratio']) {
      const sampler = samplerFromEnv({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: arg });
      assert.ok(sampler.toString().includes('TraceIdRatioBased{1}'), `${name} ${arg}`);
      assert.deepEqual(takeWarnings(), [`OTEL_TRACES_SAMPLER_ARG=${JSON.stringify(arg)} is not a ratio in [0, 1]; using the default 1`]);
    }
  }
});

test('the sampler built from the environment samples as configured', () => {
  const sampler = samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' });
  const kept = decide(sampler, ROOT_CONTEXT, traceId('c0000000000000'));
  assert.equal(kept.traceState?.get('ot'), 'th:8');
  assert.equal(decide(sampler, ROOT_CONTEXT, traceId('40000000000000')).decision, 0);
});

test('process.env is the default source', () => {
  // Read-only use: whatever the runner's environment says, a sampler comes back without throwing.
  assert.equal(typeof samplerFromEnv().shouldSample, 'function');
  takeWarnings();
});
