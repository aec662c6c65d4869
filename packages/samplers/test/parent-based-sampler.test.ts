import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, SpanKind } from '@spool/api';
import type { Link } from '@spool/api';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, SamplingDecision, TraceIdRatioBasedSampler } from '../src/index.js';
import type { Sampler } from '../src/index.js';
import { decide, MarkerSampler, ot, parentContext, takeWarnings, traceId } from './support.js';

const { NOT_RECORD, RECORD_AND_SAMPLED } = SamplingDecision;
const ID = traceId('f0000000000000');

function markers() {
  return {
    root: new MarkerSampler('root'),
    remoteParentSampled: new MarkerSampler('remoteParentSampled'),
    remoteParentNotSampled: new MarkerSampler('remoteParentNotSampled'),
    localParentSampled: new MarkerSampler('localParentSampled'),
    localParentNotSampled: new MarkerSampler('localParentNotSampled'),
  };
}

test('the delegate is chosen by parent presence, remoteness and sampled flag', () => {
  const cases = [
    { parent: undefined, expected: 'root' },
    { parent: { remote: true, sampled: true }, expected: 'remoteParentSampled' },
    { parent: { remote: true, sampled: false }, expected: 'remoteParentNotSampled' },
    { parent: { remote: false, sampled: true }, expected: 'localParentSampled' },
    { parent: { remote: false, sampled: false }, expected: 'localParentNotSampled' },
  ];
  for (const c of cases) {
    const m = markers();
    const sampler = new ParentBasedSampler(m);
    const ctx = c.parent === undefined ? ROOT_CONTEXT : parentContext({ traceId: ID, ...c.parent });
    const result = decide(sampler, ctx, ID);
    assert.equal(result, m[c.expected as keyof typeof m].result, c.expected);
    for (const [label, marker] of Object.entries(m)) assert.equal(marker.calls.length, label === c.expected ? 1 : 0, `${c.expected}: ${label}`);
  }
});

test('a parent span context that is not valid counts as no parent', () => {
  for (const bad of [{ traceId: '00000000000000000000000000000000' }, { traceId: ID, spanId: '0000000000000000' }, { traceId: 'not-hex' }]) {
    const m = markers();
    decide(new ParentBasedSampler(m), parentContext({ ...bad, remote: true }), ID);
    assert.equal(m.root.calls.length, 1, JSON.stringify(bad));
  }
});

test('every argument reaches the delegate unchanged', () => {
  const m = markers();
  const sampler = new ParentBasedSampler(m);
  const ctx = parentContext({ traceId: ID, remote: true });
  const attributes = { 'http.route': '/x' };
  const links: Link[] = [{ context: { traceId: ID, spanId: 'b7ad6b7169203331', traceFlags: 1 } }];
  sampler.shouldSample(ctx, ID, 'GET /x', SpanKind.SERVER, attributes, links);
  const call = m.remoteParentSampled.calls[0]!;
  assert.equal(call.context, ctx);
  assert.equal(call.traceId, ID);
  assert.equal(call.name, 'GET /x');
  assert.equal(call.kind, SpanKind.SERVER);
  assert.equal(call.attributes, attributes);
  assert.equal(call.links, links);
});

test('the defaults follow the parent and return shared frozen results', () => {
  const sampler = new ParentBasedSampler({ root: new AlwaysOffSampler() });
  const sampled = decide(sampler, parentContext({ traceId: ID, sampled: true }), ID);
  assert.equal(sampled.decision, RECORD_AND_SAMPLED);
  assert.equal(sampled, decide(sampler, parentContext({ traceId: ID, sampled: true, remote: true }), ID));
  assert.ok(Object.isFrozen(sampled));
  assert.equal(decide(sampler, parentContext({ traceId: ID, sampled: false }), ID).decision, NOT_RECORD);
  assert.equal(decide(sampler, parentContext({ traceId: ID, sampled: false, remote: true }), ID).decision, NOT_RECORD);
  assert.equal(decide(sampler, ROOT_CONTEXT, ID).decision, NOT_RECORD);
});

test('the description names every delegate in the OpenTelemetry JS format', () => {
  assert.equal(
    new ParentBasedSampler({ root: new AlwaysOnSampler() }).toString(),
    'ParentBased{root=AlwaysOnSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}',
  );
  assert.equal(
    new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.25), localParentNotSampled: new AlwaysOnSampler() }).toString(),
    'ParentBased{root=TraceIdRatioBased{0.25}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOnSampler}',
  );
});

test('a child inherits a consistent parent threshold unchanged', () => {
  const sampler = new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.5) });
  const cases = [
    { r: '80000000000000', state: 'ot=th:8' },
    { r: 'ffffffffffffff', state: 'vendor=1,ot=th:8;p:3' },
    { r: '00000000000000', state: 'ot=th:8;rv:90000000000000' },
    { r: '00000000000000', state: 'ot=th:0' },
    { r: '12345678000000', state: 'ot=p:8' },
    // Equal high 28 bits: the low 28 bits decide.
    { r: 'aaaaaaaaaaaaac', state: 'ot=th:aaaaaaaaaaaaac' },
  ];
  for (const c of cases) {
    const id = traceId(c.r);
    const result = decide(sampler, parentContext({ traceId: id, traceState: c.state, remote: true }), id);
    assert.equal(result.decision, RECORD_AND_SAMPLED, c.state);
    assert.equal(result.traceState, undefined, `${c.state}: the SDK keeps the parent tracestate`);
  }
  assert.deepEqual(takeWarnings(), []);
});

test('an inconsistent or malformed parent threshold is erased from the child, everything else kept', () => {
  const cases = [
    { r: '7fffffffffffff', state: 'ot=th:8', expected: '' },
    { r: 'aaaaaaaaaaaaab', state: 'ot=th:aaaaaaaaaaaaac', expected: '' },
    { r: '7fffffffffffff', state: 'vendor=1,ot=th:8;p:3', expected: 'ot=p:3,vendor=1' },
    { r: 'ffffffffffffff', state: 'ot=rv:10000000000000;th:8', expected: 'ot=rv:10000000000000' },
    { r: 'ffffffffffffff', state: 'ot=th:XYZ;rv:ffffffffffffff', expected: 'ot=rv:ffffffffffffff' },
    { r: 'ffffffffffffff', state: 'ot=th:123456789abcdef', expected: '' },
    { r: 'ffffffffffffff', state: 'a=b,ot=th:', expected: 'a=b' },
  ];
  for (const c of cases) {
    const sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() });
    const id = traceId(c.r);
    const result = decide(sampler, parentContext({ traceId: id, traceState: c.state }), id);
    assert.equal(result.decision, RECORD_AND_SAMPLED, c.state);
    assert.equal(result.traceState?.serialize(), c.expected, c.state);
    assert.equal(ot(result)?.includes('th:'), c.expected.includes('ot=') ? false : undefined, c.state);
    const w = takeWarnings();
    assert.equal(w.length, 1, c.state);
    assert.match(w[0]!, /erased/);
  }
});

test('the inconsistency warning is logged once per sampler', () => {
  const sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() });
  const id = traceId('00000000000000');
  for (let i = 0; i < 3; i++) decide(sampler, parentContext({ traceId: id, traceState: 'ot=th:8' }), id);
  assert.equal(takeWarnings().length, 1);
});

test('an unsampled parent threshold and a delegate that sets its own tracestate are left alone', () => {
  const sampler = new ParentBasedSampler({ root: new AlwaysOnSampler() });
  const id = traceId('00000000000000');
  const dropped = decide(sampler, parentContext({ traceId: id, sampled: false, traceState: 'ot=th:8' }), id);
  assert.equal(dropped.decision, NOT_RECORD);
  assert.equal(dropped.traceState, undefined);
  // remoteParentNotSampled decides independently and writes its own threshold.
  const independent = new ParentBasedSampler({ root: new AlwaysOnSampler(), localParentSampled: new TraceIdRatioBasedSampler(1) });
  const result = decide(independent, parentContext({ traceId: id, traceState: 'ot=th:8' }), id);
  assert.equal(ot(result), 'th:0');
  assert.deepEqual(takeWarnings(), []);
});

test('a missing or invalid root or delegate becomes its default with a warning', () => {
  const cases: Array<[unknown, string]> = [
    [{}, 'ParentBased{root=AlwaysOnSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}'],
    [undefined, 'ParentBased{root=AlwaysOnSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}'],
    [{ root: { shouldSample: 1 } }, 'ParentBased{root=AlwaysOnSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}'],
    [{ root: new AlwaysOffSampler(), remoteParentNotSampled: 'on' }, 'ParentBased{root=AlwaysOffSampler, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler, localParentSampled=AlwaysOnSampler, localParentNotSampled=AlwaysOffSampler}'],
  ];
  for (const [config, description] of cases) {
    const sampler = new ParentBasedSampler(config as { root: Sampler });
    assert.equal(sampler.toString(), description);
    const w = takeWarnings();
    assert.equal(w.length, 1, JSON.stringify(config));
    assert.match(w[0]!, /not a sampler/);
    assert.equal(decide(sampler, parentContext({ traceId: ID, remote: true }), ID).decision, RECORD_AND_SAMPLED);
  }
});
