/**
 * A log function of a {@link DiagLogger}: a message and optional values that the
 * logger formats only if it prints them.
 */
export type DiagLogFunction = (message: string, ...args: unknown[]) => void;

/**
 * Where Spool's own diagnostics go (not application logs). Same shape as
 * `@opentelemetry/api`'s `DiagLogger`, so either API's loggers fit the other.
 */
export interface DiagLogger {
  /** Something failed and data was lost or a call was refused. */
  error: DiagLogFunction;
  /** Something was dropped or defaulted. */
  warn: DiagLogFunction;
  /** Noteworthy configuration or lifecycle facts. */
  info: DiagLogFunction;
  /** Details useful when debugging Spool itself. */
  debug: DiagLogFunction;
  /** Very detailed tracing of Spool internals. */
  verbose: DiagLogFunction;
}

/**
 * Diagnostic log levels; a logger set with a level prints that level and the
 * more severe ones. Same names and values as `@opentelemetry/api`.
 */
export enum DiagLogLevel {
  /** Print nothing. */
  NONE = 0,
  /** Errors only. */
  ERROR = 30,
  /** Errors and warnings. */
  WARN = 50,
  /** Errors, warnings and information (the default of `diag.setLogger`). */
  INFO = 60,
  /** All of the above and debug messages. */
  DEBUG = 70,
  /** All of the above and verbose messages. */
  VERBOSE = 80,
  /** Everything. */
  ALL = 9999,
}

/** Options of `diag.setLogger`. */
export interface DiagLoggerOptions {
  /** The most detailed level printed; `DiagLogLevel.INFO` when absent. */
  logLevel?: DiagLogLevel;
  /** When true, replacing a logger does not log a warning about it. */
  suppressOverrideMessage?: boolean;
}

/** Options of `diag.createComponentLogger`. */
export interface ComponentLoggerOptions {
  /** Prefix added to every message of the component logger, e.g. `@spool/sdk-trace`. */
  namespace: string;
}
