import type { Context } from './context.js';
import type { ContextManager } from './context-manager.js';
import { diag } from './diag-api.js';
import { getSlot, registerGlobal, reportOnce, unregisterGlobal } from './global-registry.js';
import { NOOP_CONTEXT_MANAGER } from './noop-context-manager.js';
import type { RegisterOptions } from './register-options.js';

/**
 * The `context` singleton: reads and switches the active context through the
 * global context manager (a no-op manager until one is registered). Same
 * surface as `@opentelemetry/api`'s `ContextAPI`.
 */
export class ContextAPI {
  private static _instance: ContextAPI | undefined;

  /** The singleton. */
  static getInstance(): ContextAPI {
    return (ContextAPI._instance ??= new ContextAPI());
  }

  private constructor() {}

  /**
   * Registers the global context manager. Returns false, with a diag error,
   * when one is already registered (unless `options.allowOverride`), when
   * `contextManager` lacks the manager methods, or when this copy of
   * `@spool/api` cannot use the global slot.
   */
  setGlobalContextManager(contextManager: ContextManager, options?: RegisterOptions): boolean {
    if (
      typeof contextManager !== 'object' ||
      contextManager === null ||
      typeof contextManager.active !== 'function' ||
      typeof contextManager.with !== 'function'
    ) {
      diag.error('context.setGlobalContextManager: the argument is not a ContextManager; ignored');
      return false;
    }
    return registerGlobal('context', contextManager, options?.allowOverride === true);
  }

  /** The active context (the root context when no manager is registered). */
  active(): Context {
    return (getSlot().context ?? NOOP_CONTEXT_MANAGER).active();
  }

  /**
   * Runs `fn` with `ctx` active and returns its result; the previous context is
   * restored afterwards, also when `fn` throws (the exception propagates: it is
   * the application's). If `fn` is not a function, nothing runs, `undefined` is
   * returned and diag reports it once.
   */
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    if (typeof fn !== 'function') {
      reportOnce('context.with:fn', 'error', `context.with: expected a function, got ${typeof fn}; nothing was run`);
      return undefined as ReturnType<F>;
    }
    const manager = getSlot().context ?? NOOP_CONTEXT_MANAGER;
    // No spread when there are no arguments: the common case, and measurably cheaper.
    return args.length === 0 ? manager.with(ctx, fn, thisArg) : manager.with(ctx, fn, thisArg, ...(args as A));
  }

  /**
   * Binds a function or event emitter to `ctx` (see `ContextManager.bind`);
   * other values are returned unchanged.
   */
  bind<T>(ctx: Context, target: T): T {
    return (getSlot().context ?? NOOP_CONTEXT_MANAGER).bind(ctx, target);
  }

  /** Disables and unregisters the global context manager. */
  disable(): void {
    const manager = getSlot().context;
    unregisterGlobal('context');
    if (manager !== undefined) {
      try {
        manager.disable();
      } catch (err) {
        diag.warn('context.disable: the context manager threw while disabling', err);
      }
    }
  }
}

/** The context API singleton. */
export const context: ContextAPI = ContextAPI.getInstance();
