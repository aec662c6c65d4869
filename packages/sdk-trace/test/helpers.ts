// Small real fakes shared by the sdk-trace tests (not a test file itself).
import { context, diag, DiagLogLevel, ROOT_CONTEXT } from '@spool/api';
import type { Context, ContextManager, DiagLogger } from '@spool/api';

/** Collects diag messages of every level; `install()` makes it the global diag logger. */
export class DiagCapture implements DiagLogger {
  readonly messages: { level: string; text: string }[] = [];
  error = (message: string, ...args: unknown[]): void => this.add('error', message, args);
  warn = (message: string, ...args: unknown[]): void => this.add('warn', message, args);
  info = (message: string, ...args: unknown[]): void => this.add('info', message, args);
  debug = (message: string, ...args: unknown[]): void => this.add('debug', message, args);
  verbose = (message: string, ...args: unknown[]): void => this.add('verbose', message, args);

  private add(level: string, message: string, args: unknown[]): void {
    this.messages.push({ level, text: [message, ...args.map((a) => String(a))].join(' ') });
  }

  /** Messages at `level` (default warn) containing `part`. */
  find(part: string, level = 'warn'): string[] {
    return this.messages.filter((m) => m.level === level && m.text.includes(part)).map((m) => m.text);
  }

  clear(): void {
    this.messages.length = 0;
  }
}

/** Installs a fresh DiagCapture at `level` and returns it; call `diag.disable()` after. */
export function captureDiag(level: DiagLogLevel = DiagLogLevel.ALL): DiagCapture {
  const capture = new DiagCapture();
  diag.setLogger(capture, { logLevel: level, suppressOverrideMessage: true });
  return capture;
}

/** A synchronous stack context manager (enough for code that does not await). */
export class StackContextManager implements ContextManager {
  private _stack: Context[] = [];
  active(): Context {
    return this._stack.length === 0 ? ROOT_CONTEXT : this._stack[this._stack.length - 1]!;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this._stack.push(ctx);
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this._stack.pop();
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this._stack = [];
    return this;
  }
}

/** Registers a StackContextManager globally (once per test process). */
export function useStackContext(): void {
  context.disable();
  context.setGlobalContextManager(new StackContextManager());
}

/** Resolves after `ms` real milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
