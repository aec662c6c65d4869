/**
 * Thrown by `new OTLPTraceExporter(options)` when an option passed in code is
 * invalid (a malformed `url`, an unknown `protocol` or `compression`, a
 * non-positive `timeoutMillis` or `concurrencyLimit`). Only setup throws;
 * environment variables never do (they warn through `diag` and default).
 */
export class OTLPExporterConfigError extends Error {
  /** Stable code for programs: always `ERR_SPOOL_OTLP_CONFIG`. */
  readonly code = 'ERR_SPOOL_OTLP_CONFIG';
  /** The option at fault, e.g. `url`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`OTLPTraceExporter option "${option}": ${message}`);
    this.name = 'OTLPExporterConfigError';
    this.option = option;
  }
}
