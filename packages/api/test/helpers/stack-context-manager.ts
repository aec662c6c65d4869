import { ROOT_CONTEXT, type Context, type ContextManager } from '../../src/index.js';

/** A synchronous context manager (a stack), enough to test the API without async tracking. */
export class StackContextManager implements ContextManager {
  private _stack: Context[] = [];

  active(): Context {
    return this._stack[this._stack.length - 1] ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this._stack.push(context);
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this._stack.pop();
    }
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const manager = this;
    const fn = target as unknown as (...a: unknown[]) => unknown;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(context, () => fn.apply(this, args));
    } as unknown as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this._stack = [];
    return this;
  }
}
