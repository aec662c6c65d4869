import { createRequire } from 'node:module';
import { diag } from '@spool/api';
import type * as Grpc from '@grpc/grpc-js';
import { OTLPExportError } from './otlp-export-error.js';
import { decodeRpcStatus } from './decode-rpc-status.js';
import type { ExporterConfig } from './exporter-config.js';
import type { SendResult, Transport } from './transport.js';

/** The one RPC of collector/trace/v1/trace_service.proto. */
const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const USER_AGENT = 'spool-exporter-otlp/0.1.0';

/** gRPC status codes (grpc/doc/statuscodes.md). */
const CANCELLED = 1;
const DEADLINE_EXCEEDED = 4;
const RESOURCE_EXHAUSTED = 8;
const ABORTED = 10;
const OUT_OF_RANGE = 11;
const UNAVAILABLE = 14;
const DATA_LOSS = 15;

/**
 * Retryable codes of the OTLP specification ("OTLP/gRPC Response", failures).
 * RESOURCE_EXHAUSTED is retryable only with RetryInfo, handled apart.
 */
const RETRYABLE_CODES = new Set([CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS]);

/**
 * Channel defaults chosen for a collector behind a Kubernetes Service. Short
 * reconnect backoff: grpc-js's default grows to 120 s, so a channel that failed
 * while the collector restarted could sit out two minutes after it came back.
 * Frequent DNS re-resolution: a replaced pod behind a headless Service has a
 * new address. No keepalive pings by default: the Collector's gRPC server
 * (Go's default enforcement policy) answers pings more often than every five
 * minutes with GOAWAY "too_many_pings"; a stuck connection is instead abandoned
 * after a deadline is missed (see {@link GrpcTransport}).
 */
const DEFAULT_CHANNEL_OPTIONS: Readonly<Record<string, string | number>> = {
  'grpc.primary_user_agent': USER_AGENT,
  'grpc.initial_reconnect_backoff_ms': 1000,
  'grpc.max_reconnect_backoff_ms': 5000,
  'grpc.dns_min_time_between_resolutions_ms': 5000,
};

let grpcModule: typeof Grpc | undefined;

/** Loads `@grpc/grpc-js` on first use only, so HTTP users never pay for it. */
function loadGrpc(): typeof Grpc {
  return (grpcModule ??= createRequire(import.meta.url)('@grpc/grpc-js') as typeof Grpc);
}

const passThrough = (b: Buffer): Buffer => b;

/** A client with the calls still running on it, so a retired one closes when idle. */
interface Channel {
  readonly client: Grpc.Client;
  inFlight: number;
  retired: boolean;
}

/**
 * OTLP/gRPC: a unary `TraceService/Export` call carrying the already-encoded
 * request bytes (identity serializer), over one channel reused for every call.
 * TLS from the config, headers as metadata, gzip through grpc-js's message
 * compression, a deadline per call.
 *
 * Recovery: grpc-js reconnects a channel whose connection closed (collector
 * restart, pod replaced). A connection that stays open but silent (a frozen
 * pod, a half-open TCP path) is not noticed by grpc-js without keepalive, and
 * every call would miss its deadline; so after a DEADLINE_EXCEEDED the channel
 * is retired (closed once its last call ends) and the next call opens a new one.
 * @internal
 */
export class GrpcTransport implements Transport {
  private readonly config: ExporterConfig;
  private channel: Channel | undefined;
  private metadata: Grpc.Metadata | undefined;
  private closed = false;

  constructor(config: ExporterConfig) {
    this.config = config;
  }

  send(body: Uint8Array, timeoutMillis: number): Promise<SendResult> {
    if (this.closed) {
      return Promise.resolve({ ok: false, retryable: false, error: new OTLPExportError('gRPC transport is shut down', 'SHUTDOWN', false), retryAfterMillis: undefined });
    }
    let grpc: typeof Grpc;
    let channel: Channel;
    try {
      grpc = loadGrpc();
      channel = this.openChannel(grpc);
    } catch (err) {
      return Promise.resolve({ ok: false, retryable: false, error: new OTLPExportError(`gRPC channel cannot be created: ${(err as Error).message}`, 'CHANNEL', false), retryAfterMillis: undefined });
    }
    const payload = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const metadata = this.metadata!.clone();
    channel.inFlight++;
    return new Promise<SendResult>((resolve) => {
      const done = (result: SendResult): void => {
        channel.inFlight--;
        if (channel.retired && channel.inFlight === 0) channel.client.close();
        resolve(result);
      };
      try {
        channel.client.makeUnaryRequest<Buffer, Buffer>(
          EXPORT_PATH,
          passThrough,
          passThrough,
          payload,
          metadata,
          { deadline: Date.now() + timeoutMillis },
          (err, value) => {
            if (err === null || err === undefined) {
              done({ ok: true, body: value });
              return;
            }
            if (err.code === DEADLINE_EXCEEDED) this.retire(channel);
            done(classify(err));
          },
        );
      } catch (err) {
        done({ ok: false, retryable: false, error: new OTLPExportError(`gRPC call failed to start: ${(err as Error).message}`, 'CALL', false), retryAfterMillis: undefined });
      }
    });
  }

  shutdown(): Promise<void> {
    this.closed = true;
    const channel = this.channel;
    this.channel = undefined;
    if (channel !== undefined) channel.client.close();
    return Promise.resolve();
  }

  private openChannel(grpc: typeof Grpc): Channel {
    if (this.channel !== undefined) return this.channel;
    const c = this.config;
    if (this.metadata === undefined) {
      const md = new grpc.Metadata();
      for (const name of Object.keys(c.headers)) {
        try {
          md.set(name.toLowerCase(), c.headers[name]!);
        } catch (err) {
          // grpc-js rejects names or values gRPC cannot carry (e.g. a `-bin`
          // name with a text value); such a header is dropped.
          diag.warn(`OTLPTraceExporter: header ${JSON.stringify(name)} cannot be sent as gRPC metadata (${(err as Error).message}); dropped`);
        }
      }
      this.metadata = md;
    }
    const credentials = c.secure
      ? grpc.credentials.createSsl(c.tls.ca ?? null, c.tls.key ?? null, c.tls.cert ?? null)
      : grpc.credentials.createInsecure();
    const options: Record<string, string | number> = { ...DEFAULT_CHANNEL_OPTIONS };
    if (c.compression === 'gzip') options['grpc.default_compression_algorithm'] = grpc.compressionAlgorithms.gzip;
    Object.assign(options, c.grpcChannelOptions);
    const client = new grpc.Client(c.grpcTarget, credentials, options);
    this.channel = { client, inFlight: 0, retired: false };
    return this.channel;
  }

  private retire(channel: Channel): void {
    if (channel.retired) return;
    channel.retired = true;
    if (this.channel === channel) this.channel = undefined;
    // Closed when its last call settles (in `done`).
  }
}

/** Classifies a failed call by the OTLP spec's rules for gRPC. */
function classify(err: Grpc.ServiceError): SendResult {
  const code = err.code;
  let retryAfterMillis: number | undefined;
  let message = err.details || err.message;
  const details = err.metadata?.get('grpc-status-details-bin');
  if (details !== undefined && details.length > 0 && details[0] instanceof Uint8Array) {
    const status = decodeRpcStatus(details[0]);
    if (status !== undefined) {
      retryAfterMillis = status.retryDelayMillis;
      if (status.message !== '') message = status.message;
    }
  }
  // RESOURCE_EXHAUSTED is retryable only when the server says when to retry
  // (OTLP spec: the server signals that recovery is possible with RetryInfo).
  const retryable = RETRYABLE_CODES.has(code) || (code === RESOURCE_EXHAUSTED && retryAfterMillis !== undefined);
  return {
    ok: false,
    retryable,
    error: new OTLPExportError(`gRPC export failed: ${codeName(code)}: ${message}`, code, retryable),
    retryAfterMillis,
  };
}

function codeName(code: number): string {
  const grpc = grpcModule;
  if (grpc !== undefined) {
    for (const [name, value] of Object.entries(grpc.status)) if (value === code) return name;
  }
  return `code ${code}`;
}
