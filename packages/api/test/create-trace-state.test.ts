import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTraceState, diag, DiagLogLevel, type DiagLogger } from '../src/index.js';

// The W3C Trace Context tracestate grammar (editor's draft §3.3.1, the current
// key rule) and the cases of the W3C test suite (test/test.py, strict level).
// @spool/propagators' W3C propagator builds its lists with createTraceState;
// its tests check that it agrees with these cases.

const members32 = Array.from({ length: 32 }, (_, i) => `bar${String(i + 1).padStart(2, '0')}=${i}`);
let allValueChars = '';
for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x2c && c !== 0x3d) allValueChars += String.fromCharCode(c);

/** Inputs that are valid, with their canonical form. */
const valid: { name: string; raw: string; serialized: string }[] = [
  { name: 'a single member', raw: 'foo=bar', serialized: 'foo=bar' },
  { name: 'several members in order', raw: 'a=1,b=2,c=3', serialized: 'a=1,b=2,c=3' },
  { name: 'optional whitespace around members', raw: ' a=1 ,\tb=2\t, c=3 ', serialized: 'a=1,b=2,c=3' },
  { name: 'empty members', raw: 'a=1,,, b=2,', serialized: 'a=1,b=2' },
  { name: 'a whitespace-only list', raw: ' \t , ', serialized: '' },
  { name: 'the tenant@system form', raw: 'tenant@system=v,0tenant@s=w', serialized: 'tenant@system=v,0tenant@s=w' },
  { name: 'every key character', raw: 'abcdefghijklmnopqrstuvwxyz0123456789_-*/@=v', serialized: 'abcdefghijklmnopqrstuvwxyz0123456789_-*/@=v' },
  { name: 'a key starting with a digit', raw: '0abc=1,1a=2', serialized: '0abc=1,1a=2' },
  { name: 'a key ending with @', raw: 'foo@=1,bar=2', serialized: 'foo@=1,bar=2' },
  { name: 'keys with several @', raw: 'foo@@bar=1,foo@bar@baz=2', serialized: 'foo@@bar=1,foo@bar@baz=2' },
  { name: 'a 241-character tenant and a 14-character system', raw: `${'t'.repeat(241)}@${'v'.repeat(14)}=1`, serialized: `${'t'.repeat(241)}@${'v'.repeat(14)}=1` },
  { name: 'a 242-character tenant', raw: `${'t'.repeat(242)}@v=1`, serialized: `${'t'.repeat(242)}@v=1` },
  { name: 'a 15-character system', raw: `t@${'v'.repeat(15)}=1`, serialized: `t@${'v'.repeat(15)}=1` },
  { name: 'a key of 256 characters', raw: `foo=1,${'z'.repeat(256)}=1`, serialized: `foo=1,${'z'.repeat(256)}=1` },
  { name: 'every value character', raw: `k=${allValueChars}`, serialized: `k=${allValueChars}` },
  { name: 'a value with leading spaces (kept)', raw: 'k=  a b', serialized: 'k=  a b' },
  { name: 'a value of 256 characters', raw: `k=${'v'.repeat(256)}`, serialized: `k=${'v'.repeat(256)}` },
  { name: 'duplicate keys (kept as received)', raw: 'foo=1,foo=2', serialized: 'foo=1,foo=2' },
  { name: '32 members', raw: members32.join(','), serialized: members32.join(',') },
  { name: 'members past 512 characters (not cut)', raw: `a=${'x'.repeat(250)},b=${'y'.repeat(250)},c=${'z'.repeat(250)}`, serialized: `a=${'x'.repeat(250)},b=${'y'.repeat(250)},c=${'z'.repeat(250)}` },
];

/** Inputs with which the whole list is dropped (reads as empty). */
const invalid: { name: string; raw: string }[] = [
  { name: 'an upper-case key', raw: 'FOO=1,bar=2' },
  { name: 'a space inside the key', raw: 'foo =1' },
  { name: 'a dot in the key', raw: 'foo.bar=1' },
  { name: 'a key starting with @', raw: '@foo=1,bar=2' },
  { name: 'a key starting with _', raw: '_a=1' },
  { name: 'an empty key', raw: '=1,bar=2' },
  { name: 'a key of 257 characters', raw: `foo=1,${'z'.repeat(257)}=1` },
  { name: 'a value with =', raw: 'foo=bar=baz' },
  { name: 'an empty value', raw: 'foo=,bar=3' },
  { name: 'a value with a control character', raw: 'a=x\u0001,b=2' },
  { name: 'a value with a tab inside', raw: 'a=b\tc' },
  { name: 'a value with a non-ASCII character', raw: 'a=é,b=2' },
  { name: 'a value of 257 characters', raw: `a=${'v'.repeat(257)},b=2` },
  { name: 'a member without =', raw: 'novalue,b=2' },
  { name: 'CR LF inside the list', raw: 'foo=1\r\nbar=2' },
  { name: '33 members', raw: [...members32, 'bar33=33'].join(',') },
  { name: 'a list over 32768 characters', raw: `a=1,${' '.repeat(32768)}` },
];

for (const c of valid) {
  test(`createTraceState accepts ${c.name}`, () => {
    assert.equal(createTraceState(c.raw).serialize(), c.serialized);
  });
}

for (const c of invalid) {
  test(`createTraceState drops the whole list with ${c.name}`, () => {
    const ts = createTraceState(c.raw);
    assert.equal(ts.serialize(), '');
    assert.equal(ts.get('bar'), undefined);
    assert.equal(ts.get('foo'), undefined);
  });
}

test('createTraceState gives an empty list for an empty string, undefined or a non-string', () => {
  for (const raw of ['', undefined, 42, null, {}]) assert.equal(createTraceState(raw as string).serialize(), '');
});

test('serialize is cached: the same string on every call', () => {
  const ts = createTraceState(' a=1 , b=2');
  const first = ts.serialize();
  assert.equal(first, 'a=1,b=2');
  assert.equal(ts.serialize(), first);
});

test('a dropped list is reported once through diag.debug', () => {
  const messages: string[] = [];
  const logger: DiagLogger = {
    error: () => {},
    warn: () => {},
    info: () => {},
    debug: (m: string) => void messages.push(m),
    verbose: () => {},
  };
  diag.setLogger(logger, DiagLogLevel.ALL);
  try {
    createTraceState('BAD=1').serialize();
    createTraceState('ALSO=bad').serialize();
  } finally {
    diag.disable();
  }
  // Another test of this file may have triggered the one report already.
  assert.ok(messages.filter((m) => m.includes('tracestate')).length <= 1);
});

test('get returns the value of the first member with a key, or undefined', () => {
  const ts = createTraceState('vendor@sys=abc,foo=1,foo=2');
  assert.equal(ts.get('vendor@sys'), 'abc');
  assert.equal(ts.get('foo'), '1');
  assert.equal(ts.get('vendor'), undefined);
  assert.equal(ts.get('fo'), undefined);
  assert.equal(ts.get(undefined as unknown as string), undefined);
});

test('set adds a member at the front and leaves the original unchanged', () => {
  const ts = createTraceState('a=1,b=2');
  const next = ts.set('c', '3');
  assert.equal(next.serialize(), 'c=3,a=1,b=2');
  assert.equal(ts.serialize(), 'a=1,b=2');
  assert.equal(createTraceState().set('k', 'v').serialize(), 'k=v');
});

test('set of an existing key updates it, moves it to the front and removes its duplicates', () => {
  assert.equal(createTraceState('a=1,b=2,c=3').set('b', 'x').serialize(), 'b=x,a=1,c=3');
  assert.equal(createTraceState('a=1,b=2,a=3').set('a', 'x').serialize(), 'a=x,b=2');
  assert.equal(createTraceState('ab=1,a=2').set('a', 'x').serialize(), 'a=x,ab=1');
});

test('set accepts keys of the current grammar', () => {
  assert.equal(createTraceState('a=1').set('0vendor@@x', 'v').serialize(), '0vendor@@x=v,a=1');
});

test('set with an invalid key or value returns the list unchanged', () => {
  const ts = createTraceState('a=1');
  for (const [key, value] of [
    ['Bad', 'x'],
    ['@x', 'x'],
    ['z'.repeat(257), 'x'],
    ['ok', 'has,comma'],
    ['ok', 'a=b'],
    ['ok', ''],
    ['ok', 'trailing '],
    ['ok', 'a\r\nb'],
    ['ok', 'v'.repeat(257)],
    [undefined, 'x'],
    ['ok', 5],
  ] as [string, string][]) {
    assert.equal(ts.set(key, value), ts, `${String(key)}=${String(value)}`);
  }
});

test('set on a full list drops the rightmost member', () => {
  const members = Array.from({ length: 32 }, (_, i) => `k${i}=${i}`);
  const next = createTraceState(members.join(',')).set('new', 'v');
  assert.equal(next.get('new'), 'v');
  assert.equal(next.get('k31'), undefined);
  assert.equal(next.get('k30'), '30');
  assert.equal(next.serialize().split(',').length, 32);
});

test('set on a list that turned out invalid starts from an empty list', () => {
  assert.equal(createTraceState('foo=1,BAD=2').set('x', '1').serialize(), 'x=1');
});

test('unset removes every member with a key and leaves the original unchanged', () => {
  const ts = createTraceState('a=1,b=2,a=3');
  assert.equal(ts.unset('a').serialize(), 'b=2');
  assert.equal(ts.serialize(), 'a=1,b=2,a=3');
  assert.equal(createTraceState('a=1,b=2').unset('b').serialize(), 'a=1');
});

test('unset of a key that is not there, or not a string, returns the same list', () => {
  const ts = createTraceState('a=1,b=2');
  assert.equal(ts.unset('missing'), ts);
  assert.equal(ts.unset('a=1,b'), ts);
  assert.equal(ts.unset(undefined as unknown as string), ts);
  const empty = createTraceState();
  assert.equal(empty.unset('a'), empty);
});
