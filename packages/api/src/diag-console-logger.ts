import type { DiagLogFunction, DiagLogger } from './diag-logger.js';

type ConsoleMethod = 'error' | 'warn' | 'info' | 'debug' | 'log';

function consoleFunction(method: ConsoleMethod): DiagLogFunction {
  return function (message: string, ...args: unknown[]): void {
    // console may be replaced or stripped by the host; never throw from a logger.
    if (typeof console === 'undefined') return;
    const fn = (console[method] ?? console.log) as ((...a: unknown[]) => void) | undefined;
    if (typeof fn === 'function') fn.call(console, message, ...args);
  };
}

/**
 * A {@link DiagLogger} that writes to `console`: `error` to `console.error`,
 * `warn` to `console.warn`, `info` to `console.info`, `debug` and `verbose` to
 * `console.debug` (falling back to `console.log`). Extra arguments are passed to
 * `console`, which formats them only when printing. Never throws.
 */
export class DiagConsoleLogger implements DiagLogger {
  /** Writes to `console.error`. */
  error: DiagLogFunction = consoleFunction('error');
  /** Writes to `console.warn`. */
  warn: DiagLogFunction = consoleFunction('warn');
  /** Writes to `console.info`. */
  info: DiagLogFunction = consoleFunction('info');
  /** Writes to `console.debug`. */
  debug: DiagLogFunction = consoleFunction('debug');
  /** Writes to `console.debug`. */
  verbose: DiagLogFunction = consoleFunction('debug');
}
