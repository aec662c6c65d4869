import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baggageEntryMetadataFromString,
  context,
  createContextKey,
  diag,
  DiagLogLevel,
  propagation,
  ROOT_CONTEXT,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '../src/index.js';
import { CaptureLogger } from './helpers/capture-logger.js';
import { StackContextManager } from './helpers/stack-context-manager.js';

const KEY = createContextKey('spool test propagation');
const logger = new CaptureLogger();
diag.setLogger(logger, DiagLogLevel.ALL);

/** A tiny real propagator: copies one context value to/from the `x-test` header. */
class TestPropagator implements TextMapPropagator {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const v = ctx.getValue(KEY);
    if (typeof v === 'string') setter.set(carrier, 'x-test', v);
  }
  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const v = getter.get(carrier, 'x-test');
    const value = Array.isArray(v) ? v.join(',') : v;
    return value === undefined ? ctx : ctx.setValue(KEY, value);
  }
  fields(): string[] {
    return ['x-test'];
  }
}

class ThrowingPropagator implements TextMapPropagator {
  inject(): void {
    throw new Error('inject broke');
  }
  extract(): Context {
    throw new Error('extract broke');
  }
  fields(): string[] {
    throw new Error('fields broke');
  }
}

test('before registration inject writes nothing, extract returns the context and fields is empty', () => {
  const carrier = {};
  propagation.inject(ROOT_CONTEXT.setValue(KEY, 'v'), carrier);
  assert.deepEqual(carrier, {});
  const ctx = ROOT_CONTEXT.setValue(KEY, 'kept');
  assert.equal(propagation.extract(ctx, { 'x-test': 'ignored' }), ctx);
  assert.deepEqual(propagation.fields(), []);
});

test('a registered propagator injects and extracts with the default setter and case-insensitive getter', () => {
  assert.equal(propagation.setGlobalPropagator(new TestPropagator()), true);
  const carrier: Record<string, string> = {};
  propagation.inject(ROOT_CONTEXT.setValue(KEY, 'abc'), carrier);
  assert.deepEqual(carrier, { 'x-test': 'abc' });
  assert.equal(propagation.extract(ROOT_CONTEXT, { 'X-Test': 'def' }).getValue(KEY), 'def');
  assert.equal(propagation.extract(ROOT_CONTEXT, { 'x-test': ['a', 'b'] }).getValue(KEY), 'a,b');
  assert.deepEqual(propagation.fields(), ['x-test']);
});

test('registering a second propagator fails with a diag error; allowOverride replaces it', () => {
  logger.clear();
  assert.equal(propagation.setGlobalPropagator(new TestPropagator()), false);
  assert.ok(logger.messages('error').some((m) => m.includes('propagator') && m.includes('already registered')));
  assert.equal(propagation.setGlobalPropagator(new ThrowingPropagator(), { allowOverride: true }), true);
});

test('a propagator that throws never throws into the caller and is reported once', () => {
  logger.clear();
  const ctx = ROOT_CONTEXT.setValue(KEY, 'same');
  propagation.inject(ctx, {});
  propagation.inject(ctx, {});
  assert.equal(propagation.extract(ctx, {}), ctx);
  assert.equal(propagation.extract(ctx, {}), ctx);
  assert.deepEqual(propagation.fields(), []);
  const errors = logger.messages('error');
  assert.equal(errors.filter((m) => m.includes('propagation.inject')).length, 1);
  assert.equal(errors.filter((m) => m.includes('propagation.extract')).length, 1);
});

test('registering a non-propagator fails with a diag error', () => {
  propagation.disable();
  assert.equal(propagation.setGlobalPropagator({ fields: () => [] } as never), false);
  assert.equal(propagation.setGlobalPropagator(new TestPropagator()), true);
  propagation.disable();
});

test('baggage helpers store, read and delete baggage in a context', () => {
  const baggage = propagation.createBaggage({ user: { value: 'alice' } });
  const ctx = propagation.setBaggage(ROOT_CONTEXT, baggage);
  assert.equal(propagation.getBaggage(ctx), baggage);
  assert.equal(propagation.getBaggage(propagation.deleteBaggage(ctx)), undefined);
  assert.equal(propagation.getBaggage(null as never), undefined);
  context.setGlobalContextManager(new StackContextManager());
  assert.equal(context.with(ctx, () => propagation.getActiveBaggage()), baggage);
  assert.equal(propagation.getActiveBaggage(), undefined);
});

test('baggage is immutable: setEntry, removeEntry, removeEntries and clear return new baggage', () => {
  const meta = baggageEntryMetadataFromString('p1;p2=v');
  const b0 = propagation.createBaggage({ a: { value: '1' }, b: { value: '2', metadata: meta } });
  const b1 = b0.setEntry('c', { value: '3' });
  assert.deepEqual(b0.getAllEntries().map(([k]) => k), ['a', 'b']);
  assert.deepEqual(b1.getAllEntries().map(([k]) => k), ['a', 'b', 'c']);
  assert.equal(b1.removeEntry('a').getEntry('a'), undefined);
  assert.equal(b1.getEntry('a')?.value, '1');
  assert.deepEqual(b1.removeEntries('a', 'b').getAllEntries(), [['c', { value: '3' }]]);
  assert.deepEqual(b1.clear().getAllEntries(), []);
  assert.equal(b0.getEntry('b')?.metadata?.toString(), 'p1;p2=v');
  // entries handed out are copies
  const entry = b0.getEntry('a')!;
  entry.value = 'changed';
  assert.equal(b0.getEntry('a')?.value, '1');
});

test('createBaggage drops entries without a string value and accepts no argument', () => {
  const b = propagation.createBaggage({ ok: { value: 'v' }, bad: { value: 5 } as never, worse: null as never });
  assert.deepEqual(b.getAllEntries().map(([k]) => k), ['ok']);
  assert.deepEqual(propagation.createBaggage().getAllEntries(), []);
});

test('createBaggage accepts [key, entry] pairs: a repeated key keeps its first position and its last entry', () => {
  const meta = baggageEntryMetadataFromString('p');
  const b = propagation.createBaggage([
    ['a', { value: '1' }],
    ['b', { value: '2', metadata: meta }],
    ['a', { value: '3' }],
    ['bad', { value: 4 } as never],
    [5 as never, { value: 'x' }],
    'not a pair' as never,
  ]);
  assert.deepEqual(b.getAllEntries(), [['a', { value: '3' }], ['b', { value: '2', metadata: meta }]]);
  const other = propagation.createBaggage(b.getAllEntries());
  assert.deepEqual(other.getAllEntries(), b.getAllEntries());
});

test('createBaggage finds repeated keys among many pairs', () => {
  const pairs: [string, { value: string }][] = [];
  for (let i = 0; i < 40; i++) pairs.push([`k${i % 25}`, { value: String(i) }]);
  const b = propagation.createBaggage(pairs);
  assert.equal(b.getAllEntries().length, 25);
  assert.equal(b.getEntry('k0')?.value, '25');
  assert.equal(b.getEntry('k24')?.value, '24');
  assert.equal(b.getAllEntries()[0]![0], 'k0');
});

test('entries handed out by getAllEntries are copies', () => {
  const b = propagation.createBaggage({ a: { value: '1' } });
  const all = b.getAllEntries();
  all[0]![1].value = 'changed';
  all.pop();
  assert.deepEqual(b.getAllEntries(), [['a', { value: '1' }]]);
});

test('createBaggage copies the entries it is given', () => {
  const entry = { value: '1' };
  const b = propagation.createBaggage({ a: entry });
  entry.value = 'changed';
  assert.equal(b.getEntry('a')?.value, '1');
});

test('setEntry replaces in place, appends new keys and ignores an entry without a string value', () => {
  const b = propagation.createBaggage({ a: { value: '1' }, b: { value: '2' } });
  assert.deepEqual(b.setEntry('a', { value: 'x' }).getAllEntries().map(([k, e]) => `${k}=${e.value}`), ['a=x', 'b=2']);
  assert.deepEqual(b.setEntry('c', { value: '3' }).getAllEntries().map(([k]) => k), ['a', 'b', 'c']);
  assert.equal(b.setEntry('c', { value: 3 } as never), b);
  assert.equal(b.setEntry('c', null as never), b);
  assert.equal(b.removeEntry('missing'), b);
});

test('baggageEntryMetadataFromString replaces a non-string by "" with a diag error', () => {
  logger.clear();
  assert.equal(baggageEntryMetadataFromString(5 as never).toString(), '');
  assert.equal(logger.messages('error').length, 1);
  assert.equal(typeof baggageEntryMetadataFromString('x').__TYPE__, 'symbol');
});
