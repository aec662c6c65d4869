/** The OTLP transports: `grpc` (default), `http/protobuf`, `http/json`. */
export type OTLPProtocol = 'grpc' | 'http/protobuf' | 'http/json';

/** Request body compression. */
export type OTLPCompression = 'gzip' | 'none';

/**
 * TLS material, PEM text or Buffers. Any of them (or an `https://` URL) turns
 * TLS on. `ca` replaces the system roots; `cert` and `key` together are the
 * client identity for mutual TLS.
 */
export interface OTLPTlsOptions {
  readonly ca?: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

/**
 * The retry schedule of one export (OTLP specification, "Retry"): exponential
 * backoff with jitter, never past the export's `timeoutMillis`.
 */
export interface OTLPRetryOptions {
  /** First delay before a retry. Default 1000 ms. */
  readonly initialBackoffMillis?: number;
  /** Largest delay between attempts. Default 5000 ms. */
  readonly maxBackoffMillis?: number;
  /** Growth factor of the delay. Default 1.5. */
  readonly multiplier?: number;
  /** Attempts in all, the first included. Default 5. */
  readonly maxAttempts?: number;
}

/**
 * Options of {@link OTLPTraceExporter}. Each one overrides its `OTEL_EXPORTER_OTLP_*`
 * variable (see the README's table); what is left unset comes from the
 * environment, then from the defaults.
 */
export interface OTLPTraceExporterOptions {
  /**
   * Where to send. For `grpc` the scheme picks plaintext (`http://`) or TLS
   * (`https://`) and any path is ignored; for HTTP it is the full URL, used as
   * given. Default `http://localhost:4317` (grpc) or `http://localhost:4318/v1/traces`.
   */
  readonly url?: string;
  /** Default `grpc`. */
  readonly protocol?: OTLPProtocol;
  /** Extra request headers (gRPC metadata for `grpc`); merged over the environment's. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Default `none`. */
  readonly compression?: OTLPCompression;
  /** Time budget of one export, retries included. Default 10000 ms. */
  readonly timeoutMillis?: number;
  /** TLS material; see {@link OTLPTlsOptions}. */
  readonly tls?: OTLPTlsOptions;
  /** Exports in flight at once; one more fails at once. Default 30. */
  readonly concurrencyLimit?: number;
  /**
   * gRPC channel options passed to `@grpc/grpc-js` over Spool's defaults, e.g.
   * `grpc.keepalive_time_ms`, `grpc.keepalive_timeout_ms`,
   * `grpc.max_reconnect_backoff_ms`.
   */
  readonly grpcChannelOptions?: Readonly<Record<string, string | number>>;
  /** Sockets kept open by the HTTP keep-alive agent. Default `concurrencyLimit`. */
  readonly httpMaxSockets?: number;
  /** Retry schedule. */
  readonly retry?: OTLPRetryOptions;
  /**
   * Largest request body; a batch that encodes larger is split in halves until
   * every part fits. Default 64 MiB, the OTLP limit most receivers enforce.
   */
  readonly maxRequestBytes?: number;
}
