export { OTLPTraceExporter } from './otlp-trace-exporter.js';
export { encodeTraceRequest } from './encode-trace-request.js';
export { TraceRequestEncoder } from './trace-request-encoder.js';
export { encodeTraceRequestJson } from './encode-trace-request-json.js';
export { OTLPExporterConfigError } from './otlp-exporter-config-error.js';
export { OTLPExportError } from './otlp-export-error.js';
export type {
  OTLPTraceExporterOptions,
  OTLPProtocol,
  OTLPCompression,
  OTLPTlsOptions,
  OTLPRetryOptions,
} from './otlp-trace-exporter-options.js';
