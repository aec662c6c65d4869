import { context, diag, suppressTracing } from '@spool/api';
import { ExportResultCode, type ExportResult, type ReadableSpan, type SpanExporter } from '@spool/sdk-trace';
import { encodeTraceRequest } from './encode-trace-request.js';
import { TraceRequestEncoder } from './trace-request-encoder.js';
import { encodeTraceRequestJson } from './encode-trace-request-json.js';
import { decodeExportResponse, decodeExportResponseJson, type PartialSuccess } from './decode-export-response.js';
import { resolveExporterConfig, type ExporterConfig } from './exporter-config.js';
import { GrpcTransport } from './grpc-transport.js';
import { HttpTransport } from './http-transport.js';
import { OTLPExportError } from './otlp-export-error.js';
import type { OTLPTraceExporterOptions } from './otlp-trace-exporter-options.js';
import type { SendResult, Transport } from './transport.js';

const SUCCESS: ExportResult = Object.freeze({ code: ExportResultCode.SUCCESS });
/** Encoders that encoded a batch larger than this are not kept for reuse. */
const MAX_POOLED_ENCODER_BYTES = 8 * 1024 * 1024;

/**
 * Sends spans over OTLP: `grpc` (the default), `http/protobuf` or `http/json`,
 * configured by options over `OTEL_EXPORTER_OTLP_*` variables (see
 * {@link OTLPTraceExporterOptions} and the README).
 *
 * Delivery follows the OTLP specification: retryable failures (gRPC CANCELLED,
 * DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, and
 * RESOURCE_EXHAUSTED with RetryInfo; HTTP 429, 502, 503, 504 and connection
 * errors) are retried with exponential backoff and jitter, honouring the
 * server's RetryInfo / Retry-After, all within `timeoutMillis`; other failures
 * fail at once. A partial success is a success, reported through `diag` with
 * the rejected count and the server's message.
 *
 * At most `concurrencyLimit` exports run at once; one more fails at once with
 * code `'CONCURRENCY_LIMIT'`. A batch that encodes over `maxRequestBytes` is
 * split; a single span over it is dropped (reported through `diag`, and the
 * export fails with code `'TOO_LARGE'`). `forceFlush()` waits for the exports
 * in flight; `shutdown()` waits, then closes the channel or agent; `export()`
 * after shutdown fails at once. The exporter's own network calls run under a
 * suppress-tracing context, so instrumentations never trace them.
 *
 * Never throws from `export`; setup throws {@link OTLPExporterConfigError} for
 * invalid options passed in code.
 */
export class OTLPTraceExporter implements SpanExporter {
  private readonly config: ExporterConfig;
  private readonly transport: Transport;
  private readonly json: boolean;
  private readonly inFlight = new Set<Promise<void>>();
  private shutdownPromise: Promise<void> | undefined = undefined;
  /**
   * Encoders of finished exports, reused by the next ones: a batch is encoded
   * into warm memory instead of a fresh array (fresh pages are the single
   * largest encode cost measured in containers), and an encoder is only
   * handed back once its send settled, so no transport still reads its bytes.
   */
  private readonly encoders: TraceRequestEncoder[] = [];
  /** Whether the last export failed: failures warn once per episode. */
  private failing = false;
  private limitWarned = false;

  /**
   * @param options - options in code; they win over the environment
   * @param env - where `OTEL_EXPORTER_OTLP_*` are read, `process.env` by default;
   *   read once, here
   */
  constructor(options: OTLPTraceExporterOptions = {}, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.config = resolveExporterConfig(options, env);
    this.json = this.config.protocol === 'http/json';
    this.transport = this.config.protocol === 'grpc' ? new GrpcTransport(this.config) : new HttpTransport(this.config);
  }

  /** The resolved protocol, for diagnostics. */
  get protocol(): ExporterConfig['protocol'] {
    return this.config.protocol;
  }

  /** The resolved endpoint URL, for diagnostics. */
  get url(): string {
    return this.config.url;
  }

  /**
   * Sends `spans` and calls `resultCallback` once with the outcome. Never throws;
   * a throwing callback is reported through `diag`.
   */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.shutdownPromise !== undefined) {
      callBack(resultCallback, failed(new OTLPExportError('OTLPTraceExporter is shut down', 'SHUTDOWN', false)));
      return;
    }
    if (this.inFlight.size >= this.config.concurrencyLimit) {
      if (!this.limitWarned) {
        this.limitWarned = true;
        diag.warn(`OTLPTraceExporter: ${this.inFlight.size} exports in flight (concurrencyLimit); failing new batches until one ends`);
      }
      callBack(resultCallback, failed(new OTLPExportError('OTLPTraceExporter concurrencyLimit reached', 'CONCURRENCY_LIMIT', false)));
      return;
    }
    this.limitWarned = false;
    const done = this.exportBatch(spans).then(
      (result) => {
        this.inFlight.delete(done);
        callBack(resultCallback, result);
      },
      (err: unknown) => {
        // exportBatch does not reject; this is the guarded sink for a bug.
        this.inFlight.delete(done);
        callBack(resultCallback, failed(err instanceof Error ? err : new Error(String(err))));
      },
    );
    this.inFlight.add(done);
  }

  /** Resolves when every export started before or during the call has ended. */
  async forceFlush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(Array.from(this.inFlight));
  }

  /** Waits for the exports in flight, then closes the channel or agent. Idempotent. */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.forceFlush().then(() => this.transport.shutdown());
    return this.shutdownPromise;
  }

  private async exportBatch(spans: ReadableSpan[]): Promise<ExportResult> {
    const deadline = Date.now() + this.config.timeoutMillis;
    if (spans.length === 0) return SUCCESS;
    const encoder = this.json ? undefined : (this.encoders.pop() ?? new TraceRequestEncoder());
    let encodedBytes = 0;
    try {
      const dropped = { count: 0 };
      const bodies: Uint8Array[] = [];
      encodedBytes = this.encodeWithinLimit(spans, bodies, dropped, encoder);
      for (const body of bodies) {
        const result = await this.sendWithRetry(body, deadline);
        if (!result.ok) {
          this.reportFailure(result.error);
          return failed(result.error);
        }
        this.reportPartialSuccess(result.body);
      }
      if (this.failing) {
        this.failing = false;
        diag.info('OTLPTraceExporter: exports succeed again');
      }
      if (dropped.count > 0) {
        return failed(new OTLPExportError(`${dropped.count} span(s) larger than maxRequestBytes were dropped`, 'TOO_LARGE', false));
      }
      return SUCCESS;
    } finally {
      // Every send of this batch has settled: nothing reads the encoder's bytes any more.
      if (encoder !== undefined && encodedBytes <= MAX_POOLED_ENCODER_BYTES && this.encoders.length < this.config.concurrencyLimit) {
        this.encoders.push(encoder);
      }
    }
  }

  /**
   * Encodes, splitting the batch in halves while a part is over the size limit.
   * The whole batch goes into `encoder` (the common case); parts of a split
   * batch get arrays of their own. Returns the size of the whole batch's encoding.
   */
  private encodeWithinLimit(spans: readonly ReadableSpan[], out: Uint8Array[], dropped: { count: number }, encoder?: TraceRequestEncoder): number {
    let body: Uint8Array;
    if (this.json) body = Buffer.from(encodeTraceRequestJson(spans));
    else if (encoder !== undefined) body = encoder.encode(spans);
    else body = encodeTraceRequest(spans);
    if (body.length <= this.config.maxRequestBytes) {
      out.push(body);
      return body.length;
    }
    if (spans.length === 1) {
      dropped.count++;
      diag.error(`OTLPTraceExporter: span "${spans[0]!.name}" encodes to ${body.length} bytes, over maxRequestBytes ${this.config.maxRequestBytes}; dropped`);
      return body.length;
    }
    const mid = spans.length >>> 1;
    this.encodeWithinLimit(spans.slice(0, mid), out, dropped);
    this.encodeWithinLimit(spans.slice(mid), out, dropped);
    return body.length;
  }

  /** One request, retried per the OTLP spec until it succeeds, fails for good, or time is up. */
  private async sendWithRetry(body: Uint8Array, deadline: number): Promise<SendResult> {
    const retry = this.config.retry;
    let last: SendResult | undefined;
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        return last ?? timeoutResult(this.config.timeoutMillis);
      }
      const ctx = suppressTracing(context.active());
      last = await context.with(ctx, () => this.transport.send(body, remaining));
      if (last.ok || !last.retryable || attempt >= retry.maxAttempts) return last;
      let delay: number;
      if (last.retryAfterMillis !== undefined) {
        delay = last.retryAfterMillis;
      } else {
        const base = Math.min(retry.maxBackoffMillis, retry.initialBackoffMillis * retry.multiplier ** (attempt - 1));
        // +-20 % jitter, so exporters that failed together do not retry together.
        delay = base * (0.8 + 0.4 * Math.random());
      }
      if (Date.now() + delay >= deadline) return last;
      await sleep(delay);
    }
  }

  private reportPartialSuccess(body: Uint8Array | undefined): void {
    const ps: PartialSuccess | undefined = this.json ? decodeExportResponseJson(body) : decodeExportResponse(body);
    if (ps === undefined) return;
    if (ps.rejectedSpans > 0 || ps.errorMessage !== '') {
      // OTLP spec: a partial success must not be retried; it is reported.
      diag.warn(`OTLPTraceExporter: partial success: ${ps.rejectedSpans} span(s) rejected by the receiver: ${ps.errorMessage}`);
    }
  }

  private reportFailure(error: Error): void {
    if (this.failing) {
      diag.debug(`OTLPTraceExporter: export failed again: ${error.message}`);
      return;
    }
    this.failing = true;
    diag.warn(`OTLPTraceExporter: export to ${this.config.url} failed: ${error.message}`);
  }
}

function failed(error: Error): ExportResult {
  return { code: ExportResultCode.FAILED, error };
}

function timeoutResult(timeoutMillis: number): SendResult {
  const error = new OTLPExportError(`export timed out after ${timeoutMillis} ms`, 'TIMEOUT', true);
  return { ok: false, retryable: true, error, retryAfterMillis: undefined };
}

function callBack(cb: (r: ExportResult) => void, result: ExportResult): void {
  try {
    cb(result);
  } catch (err) {
    diag.error(`OTLPTraceExporter: export result callback threw: ${(err as Error)?.message ?? String(err)}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
