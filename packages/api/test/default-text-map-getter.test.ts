import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTextMapGetter, defaultTextMapSetter } from '../src/index.js';

test('get reads the exact key first', () => {
  assert.equal(defaultTextMapGetter.get({ Traceparent: 'exact', traceparent: 'lower' }, 'Traceparent'), 'exact');
});

test('get falls back to the lower-cased key', () => {
  assert.equal(defaultTextMapGetter.get({ traceparent: 'v' }, 'TraceParent'), 'v');
});

test('get finds a key that differs only in case', () => {
  assert.equal(defaultTextMapGetter.get({ 'X-B3-TraceId': 'v' }, 'x-b3-traceid'), 'v');
  assert.equal(defaultTextMapGetter.get({ TRACEPARENT: 'v' }, 'TraceParent'), 'v');
});

test('get returns arrays of repeated header values as they are', () => {
  const values = ['a=1', 'b=2'];
  assert.equal(defaultTextMapGetter.get({ baggage: values }, 'baggage'), values);
});

test('get returns undefined for missing keys and for values that are not strings or arrays', () => {
  assert.equal(defaultTextMapGetter.get({}, 'traceparent'), undefined);
  assert.equal(defaultTextMapGetter.get({ n: 5, o: {} }, 'n'), undefined);
  assert.equal(defaultTextMapGetter.get({ n: 5, o: {} }, 'o'), undefined);
  // prototype members are not header values
  assert.equal(defaultTextMapGetter.get({}, 'constructor'), undefined);
  assert.equal(defaultTextMapGetter.get({}, 'toString'), undefined);
});

test('get never throws on bad carriers or keys', () => {
  for (const carrier of [null, undefined, 'string', 42, true]) {
    assert.equal(defaultTextMapGetter.get(carrier, 'k'), undefined);
  }
  const hostile = new Proxy({}, {
    get() {
      throw new Error('hostile');
    },
    ownKeys() {
      throw new Error('hostile');
    },
  });
  assert.equal(defaultTextMapGetter.get(hostile, 'k'), undefined);
  assert.deepEqual(defaultTextMapGetter.keys(hostile), []);
  assert.equal(defaultTextMapGetter.get({ k: 'v' }, undefined as never), undefined);
});

test('keys lists the own keys of an object and [] for anything else', () => {
  assert.deepEqual(defaultTextMapGetter.keys({ a: '1', b: '2' }), ['a', 'b']);
  assert.deepEqual(defaultTextMapGetter.keys(null), []);
  assert.deepEqual(defaultTextMapGetter.keys('x'), []);
});

test('the setter assigns the key on an object', () => {
  const carrier: Record<string, string> = {};
  defaultTextMapSetter.set(carrier, 'traceparent', 'v');
  assert.deepEqual(carrier, { traceparent: 'v' });
});

test('the setter ignores frozen and non-object carriers without throwing', () => {
  const frozen = Object.freeze({});
  defaultTextMapSetter.set(frozen, 'k', 'v');
  assert.deepEqual(frozen, {});
  defaultTextMapSetter.set(null, 'k', 'v');
  defaultTextMapSetter.set('s', 'k', 'v');
  const throwing = Object.defineProperty({}, 'k', {
    set() {
      throw new Error('setter');
    },
  });
  defaultTextMapSetter.set(throwing, 'k', 'v');
});

test('get matches ignoring case only own keys, not inherited enumerable ones', () => {
  const proto = { Traceparent: 'inherited' };
  const carrier = Object.create(proto) as Record<string, unknown>;
  carrier['other'] = 'x';
  assert.equal(defaultTextMapGetter.get(carrier, 'traceparent'), undefined);
  carrier['TRACEPARENT'] = 'own';
  assert.equal(defaultTextMapGetter.get(carrier, 'traceparent'), 'own');
});

test('get reads null-prototype carriers and skips values that are not header values', () => {
  const carrier = Object.assign(Object.create(null) as Record<string, unknown>, { 'X-B3-Flags': 5, 'x-B3-flags': '1' });
  assert.equal(defaultTextMapGetter.get(carrier, 'x-b3-flags'), '1');
});

test('get compares non-ASCII keys the way toLowerCase does', () => {
  assert.equal(defaultTextMapGetter.get({ 'ÉTAT': 'v' }, 'état'), 'v');
  assert.equal(defaultTextMapGetter.get({ 'état': 'v' }, 'ÉTAT'), 'v');
  assert.equal(defaultTextMapGetter.get({ 'etat': 'v' }, 'ÉTAT'), undefined);
});

test('get finds a header added after an earlier miss on the same carrier', () => {
  const carrier: Record<string, string> = { a: '1' };
  assert.equal(defaultTextMapGetter.get(carrier, 'b3'), undefined);
  carrier['B3'] = 'v';
  assert.equal(defaultTextMapGetter.get(carrier, 'b3'), 'v');
});

test('get treats a throwing property as absent and still reads the others', () => {
  const carrier = Object.defineProperty({ Baggage: 'b=1' } as Record<string, unknown>, 'baggage', {
    enumerable: true,
    get() {
      throw new Error('hostile');
    },
  });
  assert.equal(defaultTextMapGetter.get(carrier, 'baggage'), undefined);
  assert.equal(defaultTextMapGetter.get(carrier, 'Baggage'), 'b=1');
});
