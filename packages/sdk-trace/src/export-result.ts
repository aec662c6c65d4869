/** The outcome of one `SpanExporter.export` call (OpenTelemetry JS values). */
export enum ExportResultCode {
  SUCCESS = 0,
  FAILED = 1,
}

/** What an exporter reports through its result callback. */
export interface ExportResult {
  code: ExportResultCode;
  /** Why the export failed, if known. */
  error?: Error;
}
