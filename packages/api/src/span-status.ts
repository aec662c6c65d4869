/**
 * The status of a span's operation. Same names and values as `@opentelemetry/api`.
 */
export enum SpanStatusCode {
  /** Nothing was set (the default). */
  UNSET = 0,
  /** Explicitly marked successful by the application or instrumentation. */
  OK = 1,
  /** The operation failed. */
  ERROR = 2,
}

/** A span's status: a code, and a description used only with `ERROR`. */
export interface SpanStatus {
  /** The status code. */
  code: SpanStatusCode;
  /** A description of the error; ignored by SDKs unless `code` is `ERROR`. */
  message?: string;
}
