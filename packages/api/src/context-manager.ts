import type { Context } from './context.js';

/**
 * Keeps track of the active {@link Context} across synchronous and asynchronous
 * execution. Same shape as `@opentelemetry/api`'s `ContextManager`.
 */
export interface ContextManager {
  /** The context active right now (the root context when none was set). */
  active(): Context;
  /**
   * Runs `fn` with `context` active, passing `thisArg` as `this` and `args` as
   * arguments, returns what `fn` returns, and restores the previous context
   * afterwards, also when `fn` throws.
   */
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F>;
  /**
   * Binds `target` to `context`: a function runs with `context` active when
   * called; an event emitter runs its listeners with it. Other values are
   * returned unchanged.
   */
  bind<T>(context: Context, target: T): T;
  /** Starts tracking; returns this manager. */
  enable(): this;
  /** Stops tracking and forgets the active context; returns this manager. */
  disable(): this;
}
