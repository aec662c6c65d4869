import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep, setImmediate as immediate } from 'node:timers/promises';
import { ROOT_CONTEXT, createContextKey, type Context } from '@spool/api';
import { AsyncLocalStorageContextManager } from '../src/index.js';

const KEY = createContextKey('spool test context-async');
let manager: AsyncLocalStorageContextManager;

function ctxWith(value: string): Context {
  return ROOT_CONTEXT.setValue(KEY, value);
}
function current(): unknown {
  return manager.active().getValue(KEY);
}

beforeEach(() => {
  manager = new AsyncLocalStorageContextManager().enable();
});
afterEach(() => {
  manager.disable();
});

test('active() is the root context outside with()', () => {
  assert.equal(manager.active(), ROOT_CONTEXT);
});

test('with() makes the context active for fn and restores the outer one', () => {
  const outer = ctxWith('outer');
  const inner = ctxWith('inner');
  manager.with(outer, () => {
    assert.equal(manager.active(), outer);
    manager.with(inner, () => assert.equal(manager.active(), inner));
    assert.equal(manager.active(), outer);
  });
  assert.equal(manager.active(), ROOT_CONTEXT);
});

test('with() returns what fn returns and passes this and arguments through', () => {
  const self = { tag: 'self' };
  const result = manager.with(ctxWith('x'), function (this: typeof self, a: number, b: string) {
    return `${this.tag}:${a}:${b}:${String(current())}`;
  }, self, 1, 'two');
  assert.equal(result, 'self:1:two:x');
});

test('with() without thisArg passes the arguments', () => {
  assert.deepEqual(manager.with(ctxWith('x'), (...a: number[]) => a, undefined, 1, 2, 3), [1, 2, 3]);
});

test('with() restores the outer context when fn throws, and the exception propagates', () => {
  const outer = ctxWith('outer');
  manager.with(outer, () => {
    assert.throws(() => manager.with(ctxWith('inner'), () => {
      throw new Error('app failure');
    }), /app failure/);
    assert.equal(manager.active(), outer);
  });
  assert.equal(manager.active(), ROOT_CONTEXT);
});

test('with() treats a missing context as the root context', () => {
  manager.with(ctxWith('outer'), () => {
    manager.with(undefined as never, () => assert.equal(manager.active(), ROOT_CONTEXT));
  });
});

test('the context survives await', async () => {
  await manager.with(ctxWith('await'), async () => {
    await Promise.resolve();
    assert.equal(current(), 'await');
    await sleep(1);
    assert.equal(current(), 'await');
  });
  assert.equal(manager.active(), ROOT_CONTEXT);
});

test('the context survives promise chains', async () => {
  const value = await manager.with(ctxWith('chain'), () =>
    Promise.resolve(1)
      .then(() => current())
      .then((v) => [v, current()])
  );
  assert.deepEqual(value, ['chain', 'chain']);
});

test('the context survives setTimeout, setInterval, setImmediate and process.nextTick', async () => {
  const seen = await manager.with(ctxWith('timers'), () =>
    Promise.all([
      new Promise((resolve) => setTimeout(() => resolve(current()), 1)),
      new Promise((resolve) => setImmediate(() => resolve(current()))),
      new Promise((resolve) => process.nextTick(() => resolve(current()))),
      new Promise((resolve) => {
        const id = setInterval(() => {
          clearInterval(id);
          resolve(current());
        }, 1);
      }),
      immediate().then(() => current()),
      sleep(1).then(() => current()),
    ])
  );
  assert.deepEqual(seen, ['timers', 'timers', 'timers', 'timers', 'timers', 'timers']);
});

test('concurrent async flows keep their own contexts', async () => {
  const flow = (name: string, delay: number): Promise<unknown> =>
    manager.with(ctxWith(name), async () => {
      await sleep(delay);
      const a = current();
      await sleep(0);
      return [a, current()];
    });
  assert.deepEqual(await Promise.all([flow('a', 5), flow('b', 1), flow('c', 3)]), [
    ['a', 'a'],
    ['b', 'b'],
    ['c', 'c'],
  ]);
});

test('an unbound event emitter runs listeners in the context of emit()', () => {
  const ee = new EventEmitter();
  let seen: unknown;
  manager.with(ctxWith('listener-added'), () => ee.on('x', () => (seen = current())));
  manager.with(ctxWith('emitted'), () => ee.emit('x'));
  assert.equal(seen, 'emitted');
});

test('bind() on a function runs it in the bound context with its this, arguments, result and length', () => {
  const fn = function (this: { k: number }, a: number, b: number): unknown[] {
    return [this.k, a + b, current()];
  };
  const bound = manager.bind(ctxWith('bound'), fn);
  assert.equal(bound.length, 2);
  assert.deepEqual(manager.with(ctxWith('caller'), () => bound.call({ k: 7 }, 1, 2)), [7, 3, 'bound']);
  assert.equal(manager.active(), ROOT_CONTEXT);
});

test('a bound function restores the caller context when it throws', () => {
  const bound = manager.bind(ctxWith('bound'), () => {
    throw new Error('thrown in bound');
  });
  manager.with(ctxWith('caller'), () => {
    assert.throws(bound, /thrown in bound/);
    assert.equal(current(), 'caller');
  });
});

test('a bound function keeps its context across async callbacks scheduled later', async () => {
  const bound = manager.bind(ctxWith('bound'), () => current());
  const result = await manager.with(ctxWith('other'), () => new Promise((resolve) => setTimeout(() => resolve(bound()), 1)));
  assert.equal(result, 'bound');
});

test('bind() on a bound event emitter runs on/addListener/prependListener/once listeners in the bound context', () => {
  const ee = manager.bind(ctxWith('emitter'), new EventEmitter());
  const seen: unknown[] = [];
  ee.on('x', () => seen.push(['on', current()]));
  ee.addListener('x', () => seen.push(['addListener', current()]));
  ee.prependListener('x', () => seen.push(['prepend', current()]));
  ee.once('x', () => seen.push(['once', current()]));
  ee.prependOnceListener('x', () => seen.push(['prependOnce', current()]));
  manager.with(ctxWith('emit'), () => ee.emit('x'));
  assert.deepEqual(seen, [
    ['prependOnce', 'emitter'],
    ['prepend', 'emitter'],
    ['on', 'emitter'],
    ['addListener', 'emitter'],
    ['once', 'emitter'],
  ]);
  seen.length = 0;
  ee.emit('x');
  assert.deepEqual(seen.map((s) => (s as string[])[0]), ['prepend', 'on', 'addListener']);
});

test('listeners of a bound emitter get this and the emitted arguments', () => {
  const ee = manager.bind(ctxWith('emitter'), new EventEmitter());
  let got: unknown[] = [];
  ee.on('data', function (this: EventEmitter, a: number, b: number) {
    got = [this === ee, a, b];
  });
  ee.emit('data', 1, 2);
  assert.deepEqual(got, [true, 1, 2]);
});

test('removeListener and off remove bound listeners by the original function', () => {
  const ee = manager.bind(ctxWith('emitter'), new EventEmitter());
  let calls = 0;
  const a = (): void => void calls++;
  const b = (): void => void calls++;
  const c = (): void => void calls++;
  ee.on('x', a);
  ee.on('x', b);
  ee.once('x', c);
  assert.equal(ee.listenerCount('x'), 3);
  assert.deepEqual(ee.listeners('x'), [a, b, c]);
  ee.removeListener('x', a);
  ee.off('x', b);
  ee.off('x', c);
  assert.equal(ee.listenerCount('x'), 0);
  ee.emit('x');
  assert.equal(calls, 0);
});

test('removing one of two additions of the same listener leaves the other', () => {
  const ee = manager.bind(ctxWith('emitter'), new EventEmitter());
  let calls = 0;
  const a = (): void => void calls++;
  ee.on('x', a);
  ee.on('x', a);
  ee.removeListener('x', a);
  ee.emit('x');
  assert.equal(calls, 1);
});

test('removeAllListeners clears bound listeners', () => {
  const ee = manager.bind(ctxWith('emitter'), new EventEmitter());
  ee.on('x', () => assert.fail('removed listener ran'));
  ee.on('y', () => assert.fail('removed listener ran'));
  ee.removeAllListeners('x');
  ee.emit('x');
  ee.removeAllListeners();
  ee.emit('y');
});

test('a once listener of a bound emitter runs once and is removed before it runs', () => {
  const ee = manager.bind(ctxWith('emitter'), new EventEmitter());
  let calls = 0;
  ee.once('x', () => {
    calls++;
    ee.emit('x'); // re-entrant emit must not run it again
  });
  ee.emit('x');
  ee.emit('x');
  assert.equal(calls, 1);
  assert.equal(ee.listenerCount('x'), 0);
});

test('events.once on a bound emitter resolves', async () => {
  const ee = manager.bind(ctxWith('emitter'), new EventEmitter());
  const pending = once(ee, 'ready');
  ee.emit('ready', 42);
  assert.deepEqual(await pending, [42]);
});

test('binding an emitter again changes the context of listeners added afterwards', () => {
  const ee = manager.bind(ctxWith('first'), new EventEmitter());
  const seen: unknown[] = [];
  ee.on('x', () => seen.push(current()));
  manager.bind(ctxWith('second'), ee);
  ee.on('x', () => seen.push(current()));
  ee.emit('x');
  assert.deepEqual(seen, ['first', 'second']);
});

test('bind() returns other values unchanged', () => {
  const obj = { on: 'not a function' };
  assert.equal(manager.bind(ROOT_CONTEXT, obj), obj);
  assert.equal(manager.bind(ROOT_CONTEXT, 5), 5);
  assert.equal(manager.bind(ROOT_CONTEXT, null), null);
});

test('a bound emitter accepts a non-function listener the way EventEmitter does (throws a TypeError)', () => {
  const ee = manager.bind(ctxWith('emitter'), new EventEmitter());
  assert.throws(() => ee.on('x', 'nope' as never), TypeError);
});

test('disable() forgets the active context; enable() returns the manager', () => {
  assert.equal(manager.enable(), manager);
  manager.with(ctxWith('x'), () => {
    manager.disable();
    assert.equal(manager.active(), ROOT_CONTEXT);
  });
  assert.equal(manager.with(ctxWith('again'), () => current()), 'again');
});
