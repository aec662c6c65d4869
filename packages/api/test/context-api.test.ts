import { test } from 'node:test';
import assert from 'node:assert/strict';
import { context, createContextKey, diag, DiagLogLevel, ROOT_CONTEXT } from '../src/index.js';
import { CaptureLogger } from './helpers/capture-logger.js';
import { StackContextManager } from './helpers/stack-context-manager.js';

const KEY = createContextKey('spool test context-api');
const logger = new CaptureLogger();
diag.setLogger(logger, DiagLogLevel.ALL);

test('without a manager, active() is the root context and with() just calls fn', () => {
  const ctx = ROOT_CONTEXT.setValue(KEY, 1);
  const self = { n: 2 };
  const result = context.with(ctx, function (this: typeof self, a: number, b: number) {
    return [context.active(), this, a + b] as const;
  }, self, 3, 4);
  assert.equal(result[0], ROOT_CONTEXT);
  assert.equal(result[1], self);
  assert.equal(result[2], 7);
});

test('without a manager, bind returns its target unchanged', () => {
  const fn = (): void => {};
  assert.equal(context.bind(ROOT_CONTEXT, fn), fn);
});

test('with() on a non-function runs nothing, returns undefined and tells diag once', () => {
  logger.clear();
  assert.equal(context.with(ROOT_CONTEXT, 'nope' as never), undefined);
  assert.equal(context.with(ROOT_CONTEXT, 42 as never), undefined);
  assert.equal(logger.messages('error').filter((m) => m.includes('context.with')).length, 1);
});

test('registering a non-manager fails with a diag error', () => {
  logger.clear();
  assert.equal(context.setGlobalContextManager({} as never), false);
  assert.equal(logger.messages('error').length, 1);
});

test('a registered manager makes the context of with() active and restores it, also when fn throws', () => {
  assert.equal(context.setGlobalContextManager(new StackContextManager()), true);
  const ctx = ROOT_CONTEXT.setValue(KEY, 'inner');
  assert.equal(context.with(ctx, () => context.active().getValue(KEY)), 'inner');
  assert.throws(() => context.with(ctx, () => {
    throw new Error('app error');
  }), /app error/);
  assert.equal(context.active(), ROOT_CONTEXT);
});

test('with() passes this and every argument through the manager', () => {
  const self = {};
  const args = context.with(ROOT_CONTEXT, function (this: object, ...a: number[]) {
    return [this, ...a];
  }, self, 1, 2, 3);
  assert.deepEqual(args, [self, 1, 2, 3]);
});

test('bind through the manager runs the function in the bound context', () => {
  const ctx = ROOT_CONTEXT.setValue(KEY, 'bound');
  const bound = context.bind(ctx, () => context.active().getValue(KEY));
  assert.equal(bound(), 'bound');
});

test('registering a second manager fails with a diag error unless overriding', () => {
  logger.clear();
  assert.equal(context.setGlobalContextManager(new StackContextManager()), false);
  assert.ok(logger.messages('error').some((m) => m.includes('context manager') && m.includes('already registered')));
  assert.equal(context.setGlobalContextManager(new StackContextManager(), { allowOverride: true }), true);
});

test('disable() unregisters the manager and disables it', () => {
  class TrackingManager extends StackContextManager {
    disabled = false;
    override disable(): this {
      this.disabled = true;
      return super.disable();
    }
  }
  const manager = new TrackingManager();
  context.disable();
  assert.equal(context.setGlobalContextManager(manager), true);
  context.disable();
  assert.equal(manager.disabled, true);
  const ctx = ROOT_CONTEXT.setValue(KEY, 1);
  assert.equal(context.with(ctx, () => context.active()), ROOT_CONTEXT);
});
