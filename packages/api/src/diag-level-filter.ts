import { DiagLogLevel, type DiagLogFunction, type DiagLogger } from './diag-logger.js';

function noop(): void {}

function guarded(logger: DiagLogger, name: keyof DiagLogger): DiagLogFunction {
  const fn = (logger as unknown as Record<string, unknown>)[name];
  if (typeof fn !== 'function') return noop;
  return function (message: string, ...args: unknown[]): void {
    // A user logger that throws must not break the telemetry path that logged.
    try {
      (fn as DiagLogFunction).call(logger, message, ...args);
    } catch {
      // dropped: there is nowhere safer to report a failing logger.
    }
  };
}

/**
 * Clamps a level to the `DiagLogLevel` range; a non-number becomes `INFO`.
 * @internal
 */
export function normalizeDiagLogLevel(level: unknown): DiagLogLevel {
  if (typeof level !== 'number' || Number.isNaN(level)) return DiagLogLevel.INFO;
  if (level < DiagLogLevel.NONE) return DiagLogLevel.NONE;
  if (level > DiagLogLevel.ALL) return DiagLogLevel.ALL;
  return level;
}

/**
 * A logger that forwards to `logger` the levels up to `level` and drops the
 * rest with a no-op function (decided once here, not per call). Missing methods
 * of `logger` become no-ops; exceptions thrown by `logger` are swallowed.
 * @internal
 */
export function createDiagLevelFilter(level: DiagLogLevel, logger: DiagLogger): DiagLogger {
  const pick = (name: keyof DiagLogger, threshold: DiagLogLevel): DiagLogFunction =>
    level >= threshold ? guarded(logger, name) : noop;
  return {
    error: pick('error', DiagLogLevel.ERROR),
    warn: pick('warn', DiagLogLevel.WARN),
    info: pick('info', DiagLogLevel.INFO),
    debug: pick('debug', DiagLogLevel.DEBUG),
    verbose: pick('verbose', DiagLogLevel.VERBOSE),
  };
}
