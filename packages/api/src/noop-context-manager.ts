import { ROOT_CONTEXT } from './base-context.js';
import type { Context } from './context.js';
import type { ContextManager } from './context-manager.js';

/**
 * The context manager used before one is registered: `active()` is always the
 * root context, `with` just calls `fn`, `bind` returns its target unchanged.
 * @internal
 */
export class NoopContextManager implements ContextManager {
  active(): Context {
    return ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    _context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return fn.call(thisArg, ...args);
  }

  bind<T>(_context: Context, target: T): T {
    return target;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    return this;
  }
}

/** @internal */
export const NOOP_CONTEXT_MANAGER: ContextManager = new NoopContextManager();
