import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, createContextKey } from '../src/index.js';

const A = createContextKey('spool test A');
const B = createContextKey('spool test B');

test('createContextKey returns Symbol.for of the description, the same key in every copy', () => {
  assert.equal(createContextKey('x'), Symbol.for('x'));
  assert.equal(createContextKey('OpenTelemetry Context Key SPAN'), Symbol.for('OpenTelemetry Context Key SPAN'));
});

test('the root context holds no values', () => {
  assert.equal(ROOT_CONTEXT.getValue(A), undefined);
});

test('setValue returns a new context and leaves the receiver unchanged', () => {
  const one = ROOT_CONTEXT.setValue(A, 1);
  const two = one.setValue(A, 2).setValue(B, 'b');
  assert.equal(ROOT_CONTEXT.getValue(A), undefined);
  assert.equal(one.getValue(A), 1);
  assert.equal(one.getValue(B), undefined);
  assert.equal(two.getValue(A), 2);
  assert.equal(two.getValue(B), 'b');
});

test('deleteValue hides the key in the new context only', () => {
  const ctx = ROOT_CONTEXT.setValue(A, 1).setValue(B, 2);
  const deleted = ctx.deleteValue(A);
  assert.equal(deleted.getValue(A), undefined);
  assert.equal(deleted.getValue(B), 2);
  assert.equal(ctx.getValue(A), 1);
});

test('long chains of setValue keep every latest value, also after flattening', () => {
  const keys = Array.from({ length: 10 }, (_, i) => createContextKey(`spool test key ${i}`));
  let ctx = ROOT_CONTEXT;
  const contexts = [];
  for (let i = 0; i < 200; i++) {
    ctx = ctx.setValue(keys[i % 10]!, i);
    if (i === 150) ctx = ctx.deleteValue(keys[3]!);
    contexts.push(ctx);
  }
  for (let k = 0; k < 10; k++) {
    const expected = 190 + k;
    assert.equal(ctx.getValue(keys[k]!), expected);
  }
  // a context from the middle of the chain still sees its own values
  const mid = contexts[150]!;
  assert.equal(mid.getValue(keys[3]!), undefined);
  assert.equal(mid.getValue(keys[0]!), 150);
  assert.equal(contexts[151]!.getValue(keys[3]!), undefined);
  assert.equal(contexts[153]!.getValue(keys[3]!), 153);
});

test('a deleted key stays deleted after the chain is flattened', () => {
  let ctx = ROOT_CONTEXT.setValue(A, 'a').deleteValue(A);
  const filler = createContextKey('spool test filler');
  for (let i = 0; i < 40; i++) ctx = ctx.setValue(filler, i);
  assert.equal(ctx.getValue(A), undefined);
  assert.equal(ctx.getValue(filler), 39);
});
