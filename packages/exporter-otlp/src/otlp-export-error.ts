/**
 * The error carried by a failed `ExportResult` of {@link OTLPTraceExporter}.
 * `code` is the gRPC status code (a number), the HTTP status (a number of 100
 * or more), or a string for failures before any response (`'ECONNREFUSED'`,
 * `'TIMEOUT'`, `'SHUTDOWN'`, `'CONCURRENCY_LIMIT'`, `'TOO_LARGE'`, …).
 */
export class OTLPExportError extends Error {
  readonly code: number | string;
  /** Whether the failure was retryable (and the retries ran out of time or attempts). */
  readonly retryable: boolean;

  constructor(message: string, code: number | string, retryable: boolean) {
    super(message);
    this.name = 'OTLPExportError';
    this.code = code;
    this.retryable = retryable;
  }
}
