import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, SpanKind } from '@spool/api';
import type { Attributes } from '@spool/api';
import { AlwaysOffSampler, AlwaysOnSampler, RuleBasedSampler, SamplingDecision } from '../src/index.js';
import type { RuleBasedSamplerConfig, SamplingRule } from '../src/index.js';
import { decide, MarkerSampler, parentContext, takeWarnings, traceId } from './support.js';

const { NOT_RECORD, RECORD_AND_SAMPLED } = SamplingDecision;
const ID = traceId('f0000000000000');

/** Which marker decided for a span: the label in the result's attributes. */
function chosen(sampler: RuleBasedSampler, name: string, kind: SpanKind, attributes: Attributes = {}): string | undefined {
  return decide(sampler, ROOT_CONTEXT, ID, name, kind, attributes).attributes?.['marker.label'] as string | undefined;
}

test('the first matching rule decides, the fallback when none matches', () => {
  const sampler = new RuleBasedSampler({
    rules: [
      { name: 'GET /checkout', sampler: new MarkerSampler('checkout-exact') },
      { name: /^POST \/orders/, kind: SpanKind.SERVER, sampler: new MarkerSampler('orders-server') },
      { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'kafka' }, sampler: new MarkerSampler('kafka') },
      { attributes: { 'http.response.status_code': 500 }, sampler: new MarkerSampler('status-500') },
      { attributes: { 'user.vip': true, 'user.tier': /^(gold|platinum)$/ }, sampler: new MarkerSampler('vip') },
      { attributes: { 'http.request.method': /^(PUT|PATCH)$/ }, sampler: new MarkerSampler('writes') },
      { attributes: { tags: 'beta' }, sampler: new MarkerSampler('beta-tag') },
      { attributes: { 'retry.count': /^[3-9]$/ }, sampler: new MarkerSampler('retried') },
      { name: /orders/, sampler: new MarkerSampler('orders-any') },
    ],
    fallback: new MarkerSampler('fallback'),
  });
  const cases: Array<[string, SpanKind, Attributes, string]> = [
    ['GET /checkout', SpanKind.SERVER, {}, 'checkout-exact'],
    ['GET /checkout/x', SpanKind.SERVER, {}, 'fallback'],
    ['POST /orders/42', SpanKind.SERVER, {}, 'orders-server'],
    ['POST /orders/42', SpanKind.CLIENT, {}, 'orders-any'],
    ['process', SpanKind.CONSUMER, { 'messaging.system': 'kafka' }, 'kafka'],
    ['process', SpanKind.CONSUMER, { 'messaging.system': 'rabbitmq' }, 'fallback'],
    ['process', SpanKind.PRODUCER, { 'messaging.system': 'kafka' }, 'fallback'],
    ['GET /a', SpanKind.SERVER, { 'http.response.status_code': 500 }, 'status-500'],
    ['GET /a', SpanKind.SERVER, { 'http.response.status_code': '500' }, 'fallback'],
    ['GET /a', SpanKind.SERVER, { 'user.vip': true, 'user.tier': 'gold' }, 'vip'],
    ['GET /a', SpanKind.SERVER, { 'user.vip': true, 'user.tier': 'silver' }, 'fallback'],
    ['GET /a', SpanKind.SERVER, { 'user.vip': true }, 'fallback'],
    ['PATCH /a', SpanKind.SERVER, { 'http.request.method': 'PATCH' }, 'writes'],
    ['x', SpanKind.INTERNAL, { tags: ['alpha', 'beta'] }, 'beta-tag'],
    ['x', SpanKind.INTERNAL, { tags: ['alpha'] }, 'fallback'],
    ['x', SpanKind.INTERNAL, { 'retry.count': 4 }, 'retried'],
    ['x', SpanKind.INTERNAL, { 'retry.count': 1 }, 'fallback'],
    ['x', SpanKind.INTERNAL, {}, 'fallback'],
  ];
  for (const [name, kind, attributes, expected] of cases) {
    assert.equal(chosen(sampler, name, kind, attributes), expected, `${name} ${kind} ${JSON.stringify(attributes)}`);
  }
  assert.deepEqual(takeWarnings(), []);
});

test('rules after the matching one are not consulted, and the delegate gets every argument', () => {
  const first = new MarkerSampler('first');
  const second = new MarkerSampler('second');
  const sampler = new RuleBasedSampler({ rules: [{ sampler: first }, { sampler: second }] });
  const ctx = parentContext({ traceId: ID });
  const attributes = { a: 1 };
  sampler.shouldSample(ctx, ID, 'n', SpanKind.CLIENT, attributes, []);
  assert.equal(first.calls.length, 1);
  assert.equal(second.calls.length, 0);
  assert.equal(first.calls[0]!.context, ctx);
  assert.equal(first.calls[0]!.attributes, attributes);
  assert.equal(first.calls[0]!.kind, SpanKind.CLIENT);
});

test('a RegExp with the global or sticky flag matches the same way on every call', () => {
  const sampler = new RuleBasedSampler({
    rules: [
      { name: /^GET /g, sampler: new MarkerSampler('g') },
      { attributes: { 'http.route': /users/y }, sampler: new MarkerSampler('y') },
    ],
    fallback: new MarkerSampler('fallback'),
  });
  for (let i = 0; i < 4; i++) {
    assert.equal(chosen(sampler, 'GET /x', SpanKind.SERVER), 'g');
    assert.equal(chosen(sampler, 'x', SpanKind.SERVER, { 'http.route': 'users' }), 'y');
  }
});

test('the default fallback is ParentBased(AlwaysOn): roots sampled, children follow their parent', () => {
  const sampler = new RuleBasedSampler({ rules: [{ name: 'never', sampler: new AlwaysOffSampler() }] });
  assert.equal(decide(sampler, ROOT_CONTEXT, ID).decision, RECORD_AND_SAMPLED);
  assert.equal(decide(sampler, parentContext({ traceId: ID, sampled: false }), ID).decision, NOT_RECORD);
  assert.equal(decide(sampler, parentContext({ traceId: ID, sampled: true }), ID).decision, RECORD_AND_SAMPLED);
  assert.equal(decide(sampler, ROOT_CONTEXT, ID, 'never').decision, NOT_RECORD);
  assert.equal(decide(new RuleBasedSampler(), ROOT_CONTEXT, ID).decision, RECORD_AND_SAMPLED);
});

test('health checks and metrics scrapes are dropped by path attribute or span name', () => {
  const sampler = new RuleBasedSampler({ dropHealthChecks: true, fallback: new AlwaysOnSampler() });
  const dropped: Array<[string, Attributes]> = [
    ['/healthz', {}],
    ['GET /health', {}],
    ['HEAD /readyz/', {}],
    ['GET /livez?verbose=1', {}],
    ['GET /metrics#x', {}],
    ['GET', { 'url.path': '/healthz' }],
    ['GET', { 'http.route': '/readyz' }],
    ['GET', { 'http.target': '/livez?full=true' }],
    ['GET', { 'http.target': '/metrics/' }],
    ['anything', { 'url.path': '/health' }],
  ];
  const kept: Array<[string, Attributes]> = [
    ['GET /healthcheck', {}],
    ['GET /api/health', {}],
    ['GET /health/deep', {}],
    ['health', {}],
    ['/', {}],
    ['', {}],
    ['GET /users', { 'url.path': '/users', 'http.route': '/users', 'http.target': '/users?x=/health' }],
    ['GET', { 'url.path': '/metricsx' }],
    ['GET', { 'url.path': 42 }],
  ];
  for (const [name, attributes] of dropped) {
    assert.equal(decide(sampler, ROOT_CONTEXT, ID, name, SpanKind.SERVER, attributes).decision, NOT_RECORD, `${name} ${JSON.stringify(attributes)}`);
  }
  for (const [name, attributes] of kept) {
    assert.equal(decide(sampler, ROOT_CONTEXT, ID, name, SpanKind.SERVER, attributes).decision, RECORD_AND_SAMPLED, `${name} ${JSON.stringify(attributes)}`);
  }
  assert.deepEqual(RuleBasedSampler.HEALTH_CHECK_PATHS, ['/health', '/healthz', '/readyz', '/livez', '/metrics']);
});

test('health checks are dropped before any rule and only when asked', () => {
  const always = new MarkerSampler('always');
  const withDrop = new RuleBasedSampler({ dropHealthChecks: true, rules: [{ sampler: always }] });
  assert.equal(decide(withDrop, ROOT_CONTEXT, ID, 'GET /healthz').decision, NOT_RECORD);
  assert.equal(always.calls.length, 0);
  const without = new RuleBasedSampler({ rules: [{ sampler: always }] });
  assert.equal(decide(without, ROOT_CONTEXT, ID, 'GET /healthz').decision, RECORD_AND_SAMPLED);
});

test('a custom list of health-check paths replaces the default one', () => {
  const sampler = new RuleBasedSampler({ dropHealthChecks: ['/ping', '/status/live'], fallback: new AlwaysOnSampler() });
  assert.equal(decide(sampler, ROOT_CONTEXT, ID, 'GET /ping').decision, NOT_RECORD);
  assert.equal(decide(sampler, ROOT_CONTEXT, ID, 'GET', SpanKind.SERVER, { 'url.path': '/status/live' }).decision, NOT_RECORD);
  assert.equal(decide(sampler, ROOT_CONTEXT, ID, 'GET /healthz').decision, RECORD_AND_SAMPLED);
});

test('an invalid rule is dropped as a whole with a warning naming its index', () => {
  const marker = new MarkerSampler('kept');
  const rules = [
    null,
    { name: 'x' },
    { name: 42, sampler: new AlwaysOffSampler() },
    { kind: 9, sampler: new AlwaysOffSampler() },
    { kind: 'SERVER', sampler: new AlwaysOffSampler() },
    { attributes: { a: { nested: true } }, sampler: new AlwaysOffSampler() },
    { attributes: 'a=b', sampler: new AlwaysOffSampler() },
    { sampler: { toString: () => 'not a sampler' } },
    { name: 'kept', sampler: marker },
  ] as unknown as SamplingRule[];
  const sampler = new RuleBasedSampler({ rules, fallback: new AlwaysOnSampler() });
  const w = takeWarnings();
  assert.equal(w.length, 8);
  w.forEach((message, i) => assert.match(message, new RegExp(`rule ${i} dropped`)));
  // None of the broken drop rules match everything.
  assert.equal(decide(sampler, ROOT_CONTEXT, ID, 'x', SpanKind.SERVER, { a: 'b' }).decision, RECORD_AND_SAMPLED);
  assert.equal(chosen(sampler, 'kept', SpanKind.INTERNAL), 'kept');
});

test('invalid top-level options fall back with a warning', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ rules: 'x' }, /rules is "x", not an array/],
    [{ fallback: 'on' }, /fallback is "on", not a sampler/],
    [{ dropHealthChecks: 'yes' }, /dropHealthChecks is "yes"/],
    [{ dropHealthChecks: ['health', 7, '/'] }, /health-check path "health" dropped/],
    [42, /config is 42/],
  ];
  for (const [config, warning] of cases) {
    const sampler = new RuleBasedSampler(config as RuleBasedSamplerConfig);
    assert.equal(decide(sampler, ROOT_CONTEXT, ID).decision, RECORD_AND_SAMPLED);
    const w = takeWarnings();
    assert.ok(w.length >= 1, JSON.stringify(config));
    assert.match(w[0]!, warning);
  }
});

test('the description lists health checks, rules and fallback', () => {
  const sampler = new RuleBasedSampler({
    dropHealthChecks: ['/ping'],
    rules: [{ name: /^GET /, kind: SpanKind.SERVER, attributes: { 'http.route': '/a' }, sampler: new AlwaysOffSampler() }],
    fallback: new AlwaysOnSampler(),
  });
  assert.equal(sampler.toString(), 'RuleBased{healthChecks=[/ping], rules=[{name=/^GET /, kind=1, http.route="/a"} -> AlwaysOffSampler], fallback=AlwaysOnSampler}');
});

test('spans without attributes or with a non-string name do not break matching', () => {
  const sampler = new RuleBasedSampler({
    dropHealthChecks: true,
    rules: [{ name: /x/, sampler: new AlwaysOffSampler() }, { attributes: { a: 1 }, sampler: new AlwaysOffSampler() }],
    fallback: new AlwaysOnSampler(),
  });
  const result = sampler.shouldSample(ROOT_CONTEXT, ID, undefined as unknown as string, SpanKind.INTERNAL, undefined as unknown as Attributes, []);
  assert.equal(result.decision, RECORD_AND_SAMPLED);
});
