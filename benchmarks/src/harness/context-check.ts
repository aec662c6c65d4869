import { expect } from './child-report.js';

interface ContextLike { getValue(key: symbol): unknown }
interface ContextApiLike<C extends ContextLike> {
  active(): C;
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: C, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F>;
}

/**
 * The ctx_with check, the same for both APIs: the value is active inside
 * `with` and not after it, it survives an await inside `with` (so an
 * AsyncLocalStorage manager, not a stack or no-op one, is registered), and
 * the warm-up really called the function.
 */
export async function checkContextWith<C extends ContextLike>(
  api: ContextApiLike<C>, ctx: C, key: symbol, calls: () => number,
): Promise<Record<string, string | number | boolean>> {
  const inside = api.with(ctx, () => api.active().getValue(key));
  expect(inside === 42, `the context is active inside with (got ${String(inside)})`);
  expect(api.active().getValue(key) === undefined, 'and not after it');
  const afterAwait = await api.with(ctx, async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return api.active().getValue(key);
  });
  expect(afterAwait === 42, 'the context survives an await (AsyncLocalStorage manager registered)');
  expect(calls() > 0, 'the warm-up called the function');
  return { inside: 42, afterAwait: 42, warmupCalls: calls() };
}
