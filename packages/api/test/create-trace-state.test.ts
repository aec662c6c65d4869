import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTraceState } from '../src/index.js';

const cases: { name: string; raw: unknown; serialized: string }[] = [
  { name: 'a single member', raw: 'foo=bar', serialized: 'foo=bar' },
  { name: 'several members in order', raw: 'a=1,b=2,c=3', serialized: 'a=1,b=2,c=3' },
  { name: 'optional whitespace around members', raw: ' a=1 ,\tb=2\t, c=3 ', serialized: 'a=1,b=2,c=3' },
  { name: 'empty members', raw: 'a=1,,, b=2,', serialized: 'a=1,b=2' },
  { name: 'multi-tenant keys', raw: 'tenant@system=v,0tenant@s=w', serialized: 'tenant@system=v,0tenant@s=w' },
  { name: 'key special characters', raw: 'a_-*/9=v', serialized: 'a_-*/9=v' },
  { name: 'value with inner spaces and punctuation', raw: 'k=a b!~', serialized: 'k=a b!~' },
  { name: 'an upper-case key dropped', raw: 'Foo=1,bar=2', serialized: 'bar=2' },
  { name: 'a key starting with a digit dropped (not multi-tenant)', raw: '1a=1,b=2', serialized: 'b=2' },
  { name: 'a system id longer than 14 dropped', raw: 't@abcdefghijklmno=1,b=2', serialized: 'b=2' },
  { name: 'a system id starting with a digit dropped', raw: 't@1a=1,b=2', serialized: 'b=2' },
  { name: 'an empty tenant id dropped', raw: '@sys=1,b=2', serialized: 'b=2' },
  { name: 'two @ dropped', raw: 'a@b@c=1,b=2', serialized: 'b=2' },
  { name: 'a key longer than 256 dropped', raw: `${'a'.repeat(257)}=1,b=2`, serialized: 'b=2' },
  { name: 'a value with "=" dropped', raw: 'a=1=2,b=2', serialized: 'b=2' },
  { name: 'a value with a control character dropped', raw: 'a=x\u0001,b=2', serialized: 'b=2' },
  { name: 'a value with a non-ASCII character dropped', raw: 'a=é,b=2', serialized: 'b=2' },
  { name: 'an empty value dropped', raw: 'a=,b=2', serialized: 'b=2' },
  { name: 'a value longer than 256 dropped', raw: `a=${'v'.repeat(257)},b=2`, serialized: 'b=2' },
  { name: 'a member without "=" dropped', raw: 'novalue,b=2', serialized: 'b=2' },
  { name: 'duplicate keys discard the whole list', raw: 'a=1,b=2,a=3', serialized: '' },
  { name: 'an empty string', raw: '', serialized: '' },
  { name: 'undefined', raw: undefined, serialized: '' },
  { name: 'a non-string', raw: 42, serialized: '' },
];

for (const c of cases) {
  test(`createTraceState parses ${c.name}`, () => {
    assert.equal(createTraceState(c.raw as string).serialize(), c.serialized);
  });
}

test('createTraceState keeps 32 members and discards a list of 33', () => {
  const members = Array.from({ length: 33 }, (_, i) => `k${i}=${i}`);
  assert.equal(createTraceState(members.slice(0, 32).join(',')).serialize(), members.slice(0, 32).join(','));
  assert.equal(createTraceState(members.join(',')).serialize(), '');
});

test('createTraceState cuts a list over 512 characters, long members first', () => {
  const long = `long=${'x'.repeat(200)}`;
  const small = Array.from({ length: 20 }, (_, i) => `k${i}=${'v'.repeat(15)}`);
  const ts = createTraceState([small[0], long, ...small.slice(1)].join(','));
  const out = ts.serialize();
  assert.ok(out.length <= 512);
  assert.equal(ts.get('long'), undefined);
  assert.equal(ts.get('k0'), 'v'.repeat(15));
  assert.equal(ts.get('k19'), 'v'.repeat(15));
});

test('set adds a member at the front and leaves the original unchanged', () => {
  const ts = createTraceState('a=1,b=2');
  const next = ts.set('c', '3');
  assert.equal(next.serialize(), 'c=3,a=1,b=2');
  assert.equal(ts.serialize(), 'a=1,b=2');
});

test('set of an existing key updates it and moves it to the front', () => {
  assert.equal(createTraceState('a=1,b=2,c=3').set('b', 'x').serialize(), 'b=x,a=1,c=3');
});

test('set with an invalid key or value returns the list unchanged', () => {
  const ts = createTraceState('a=1');
  assert.equal(ts.set('Bad', 'x'), ts);
  assert.equal(ts.set('ok', 'has,comma'), ts);
  assert.equal(ts.set(undefined as unknown as string, 'x'), ts);
  assert.equal(ts.set('ok', 5 as unknown as string), ts);
});

test('set on a full list drops the rightmost member', () => {
  const members = Array.from({ length: 32 }, (_, i) => `k${i}=${i}`);
  const next = createTraceState(members.join(',')).set('new', 'v');
  assert.equal(next.get('new'), 'v');
  assert.equal(next.get('k31'), undefined);
  assert.equal(next.get('k30'), '30');
  assert.equal(next.serialize().split(',').length, 32);
});

test('unset removes a key and leaves the original unchanged', () => {
  const ts = createTraceState('a=1,b=2');
  assert.equal(ts.unset('a').serialize(), 'b=2');
  assert.equal(ts.unset('missing'), ts);
  assert.equal(ts.serialize(), 'a=1,b=2');
});

test('get returns the value of a key or undefined', () => {
  const ts = createTraceState('vendor@sys=abc');
  assert.equal(ts.get('vendor@sys'), 'abc');
  assert.equal(ts.get('vendor'), undefined);
});
