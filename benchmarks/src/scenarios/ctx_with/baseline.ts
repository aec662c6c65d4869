import { AsyncLocalStorage } from 'node:async_hooks';
import { expect } from '../../harness/child-report.js';
import { runMicro } from '../../harness/micro-child.js';

// What any AsyncLocalStorage-based context manager is built on: run a
// function with a store. A manager's `with` cannot be cheaper than this.
const als = new AsyncLocalStorage<Map<string, number>>();
const store = new Map([['bench', 42]]);
let calls = 0;
const fn = (): void => { calls++; };

runMicro({
  impl: 'baseline',
  op() {
    als.run(store, fn);
  },
  check() {
    const inside = als.run(store, () => als.getStore()?.get('bench'));
    expect(inside === 42, 'the store is active inside run');
    expect(als.getStore() === undefined, 'and not outside');
    expect(calls > 0, 'the warm-up ran the function');
    return { inside, calls };
  },
});
