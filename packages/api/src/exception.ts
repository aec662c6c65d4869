interface ExceptionWithCode {
  code: string | number;
  name?: string;
  message?: string;
  stack?: string;
}

interface ExceptionWithMessage {
  code?: string | number;
  message: string;
  name?: string;
  stack?: string;
}

interface ExceptionWithName {
  code?: string | number;
  message?: string;
  name: string;
  stack?: string;
}

/**
 * What `Span.recordException` accepts: an `Error`-like object carrying at least
 * a `code`, a `message` or a `name`, or a plain string (taken as the message).
 */
export type Exception = ExceptionWithCode | ExceptionWithMessage | ExceptionWithName | string;
