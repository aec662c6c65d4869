import { createDiagLevelFilter, normalizeDiagLogLevel } from './diag-level-filter.js';
import {
  DiagLogLevel,
  type ComponentLoggerOptions,
  type DiagLogFunction,
  type DiagLogger,
  type DiagLoggerOptions,
} from './diag-logger.js';
import { getSlot, registerGlobal, unregisterGlobal } from './global-registry.js';

type Level = 'error' | 'warn' | 'info' | 'debug' | 'verbose';

const THRESHOLDS: Record<Level, DiagLogLevel> = {
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
};

function forward(level: Level): DiagLogFunction {
  return function (message: string, ...args: unknown[]): void {
    const logger = getSlot().diag;
    if (logger === undefined) return;
    logger[level](message, ...args);
  };
}

function componentForward(namespace: string, level: Level): DiagLogFunction {
  const threshold = THRESHOLDS[level];
  return function (message: string, ...args: unknown[]): void {
    const slot = getSlot();
    const logger = slot.diag;
    // Check the level before building the prefixed message (format on demand).
    if (logger === undefined || slot.diagLevel < threshold) return;
    logger[level](`${namespace} ${message}`, ...args);
  };
}

/**
 * The `diag` singleton: Spool's internal diagnostics. Silent until
 * {@link DiagAPI.setLogger} is called; the logger is shared through the global
 * slot with every compatible copy of `@spool/api`. Same surface as
 * `@opentelemetry/api`'s `DiagAPI`, plus {@link DiagAPI.isEnabled}.
 */
export class DiagAPI implements DiagLogger {
  private static _instance: DiagAPI | undefined;

  /** The singleton. */
  static instance(): DiagAPI {
    return (DiagAPI._instance ??= new DiagAPI());
  }

  private constructor() {}

  /** Logs an error through the registered logger; dropped when none or filtered. */
  error: DiagLogFunction = forward('error');
  /** Logs a warning through the registered logger; dropped when none or filtered. */
  warn: DiagLogFunction = forward('warn');
  /** Logs information through the registered logger; dropped when none or filtered. */
  info: DiagLogFunction = forward('info');
  /** Logs a debug message through the registered logger; dropped when none or filtered. */
  debug: DiagLogFunction = forward('debug');
  /** Logs a verbose message through the registered logger; dropped when none or filtered. */
  verbose: DiagLogFunction = forward('verbose');

  /**
   * Sets the logger, with a level (`DiagLogLevel.INFO` by default) or options.
   * Replacing a logger warns on both loggers unless `suppressOverrideMessage`.
   * Returns false (and changes nothing) when `logger` is not an object or is
   * `diag` itself. Missing methods of `logger` become no-ops, and exceptions it
   * throws are swallowed.
   */
  setLogger(logger: DiagLogger, options?: DiagLoggerOptions): boolean;
  /** Sets the logger with a level. */
  setLogger(logger: DiagLogger, logLevel?: DiagLogLevel): boolean;
  setLogger(logger: DiagLogger, optionsOrLevel?: DiagLoggerOptions | DiagLogLevel): boolean {
    if (logger === (this as unknown)) {
      this.error('diag.setLogger: cannot use diag as the logger for itself; the call is ignored');
      return false;
    }
    if (typeof logger !== 'object' || logger === null) {
      this.error(`diag.setLogger: expected a logger object, got ${logger === null ? 'null' : typeof logger}; ignored`);
      return false;
    }
    const options: DiagLoggerOptions =
      typeof optionsOrLevel === 'number' ? { logLevel: optionsOrLevel } : (optionsOrLevel ?? {});
    const level = options.logLevel === undefined ? DiagLogLevel.INFO : normalizeDiagLogLevel(options.logLevel);
    const filtered = createDiagLevelFilter(level, logger);
    const slot = getSlot();
    const previous = slot.diag;
    if (previous !== undefined && options.suppressOverrideMessage !== true) {
      const where = new Error().stack?.split('\n').slice(2, 4).join(' ').trim() ?? 'unknown';
      previous.warn(`diag: this logger is being replaced (at ${where})`);
      filtered.warn(`diag: this logger replaces one that was already set (at ${where})`);
    }
    registerGlobal('diag', filtered, true);
    slot.diagLevel = level;
    return true;
  }

  /**
   * True when a logger is set and `level` is printed: use it to skip building
   * expensive messages.
   */
  isEnabled(level: DiagLogLevel): boolean {
    const slot = getSlot();
    return slot.diag !== undefined && level !== DiagLogLevel.NONE && slot.diagLevel >= level;
  }

  /**
   * A logger that prefixes every message with `options.namespace` and follows
   * whichever global logger is set at the time of each call.
   */
  createComponentLogger(options: ComponentLoggerOptions): DiagLogger {
    const namespace = typeof options?.namespace === 'string' ? options.namespace : String(options?.namespace);
    return {
      error: componentForward(namespace, 'error'),
      warn: componentForward(namespace, 'warn'),
      info: componentForward(namespace, 'info'),
      debug: componentForward(namespace, 'debug'),
      verbose: componentForward(namespace, 'verbose'),
    };
  }

  /** Removes the logger: diag is silent again. */
  disable(): void {
    unregisterGlobal('diag');
  }
}

/**
 * Spool's diagnostics logger. Silent by default; enable it with
 * `diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN)`.
 */
export const diag: DiagAPI = DiagAPI.instance();
