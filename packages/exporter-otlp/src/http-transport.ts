import { createRequire } from 'node:module';
import type * as http from 'node:http';
import type * as https from 'node:https';
import type * as zlib from 'node:zlib';
import { OTLPExportError } from './otlp-export-error.js';
import { decodeRpcStatus } from './decode-rpc-status.js';
import type { ExporterConfig } from './exporter-config.js';
import type { SendResult, Transport } from './transport.js';

const USER_AGENT = 'spool-exporter-otlp/0.1.0';
/** Response bodies are small (a partial success at most); more is not read. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** Retryable HTTP statuses of the OTLP spec ("OTLP/HTTP Response", "Retryable Response Codes"). */
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * Socket and DNS errors worth another attempt: the collector is restarting,
 * being replaced, or briefly unreachable. TLS verification errors and other
 * local faults are not retried.
 */
const RETRYABLE_NET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH',
  'ENETUNREACH', 'ENETDOWN', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'TIMEOUT',
]);

// node:http(s) and node:zlib are loaded when an HTTP exporter is made, not
// when the package is imported (a gRPC-only process never needs them).
const load = createRequire(import.meta.url);
let zlibModule: typeof zlib | undefined;

function gzipAsync(body: Uint8Array): Promise<Buffer> {
  const z = (zlibModule ??= load('node:zlib') as typeof zlib);
  return new Promise((resolve, reject) => z.gzip(body, (err, out) => (err ? reject(err) : resolve(out))));
}

/**
 * OTLP/HTTP (`http/protobuf` or `http/json`): a POST of the encoded request
 * through one keep-alive agent, gzip when configured, TLS from the config, the
 * whole attempt (connect, upload, response) bounded by `timeoutMillis`.
 * @internal
 */
export class HttpTransport implements Transport {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly secure: boolean;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly gzip: boolean;
  private readonly json: boolean;
  private closed = false;

  constructor(config: ExporterConfig) {
    this.url = new URL(config.url);
    this.json = config.protocol === 'http/json';
    this.gzip = config.compression === 'gzip';
    const agentOptions: https.AgentOptions = { keepAlive: true, maxSockets: config.httpMaxSockets };
    this.secure = config.secure;
    if (config.secure) {
      if (config.tls.ca !== undefined) agentOptions.ca = config.tls.ca;
      if (config.tls.cert !== undefined) agentOptions.cert = config.tls.cert;
      if (config.tls.key !== undefined) agentOptions.key = config.tls.key;
      const mod = load('node:https') as typeof https;
      this.agent = new mod.Agent(agentOptions);
      this.request = mod.request;
    } else {
      const mod = load('node:http') as typeof http;
      this.agent = new mod.Agent(agentOptions);
      this.request = mod.request;
    }
    const headers: Record<string, string> = {};
    for (const name of Object.keys(config.headers)) headers[name.toLowerCase()] = config.headers[name]!;
    headers['content-type'] = this.json ? 'application/json' : 'application/x-protobuf';
    headers['user-agent'] = USER_AGENT;
    if (this.gzip) headers['content-encoding'] = 'gzip';
    this.headers = headers;
  }

  async send(body: Uint8Array, timeoutMillis: number): Promise<SendResult> {
    if (this.closed) {
      return { ok: false, retryable: false, error: new OTLPExportError('HTTP transport is shut down', 'SHUTDOWN', false), retryAfterMillis: undefined };
    }
    let payload: Uint8Array = body;
    if (this.gzip) {
      try {
        payload = await gzipAsync(body);
      } catch (err) {
        return { ok: false, retryable: false, error: new OTLPExportError(`gzip failed: ${(err as Error).message}`, 'GZIP', false), retryAfterMillis: undefined };
      }
    }
    return new Promise<SendResult>((resolve) => {
      // Resolve only once the request is also closed: until then the socket may
      // still hold the body, whose buffer the exporter reuses after `send`.
      let outcome: SendResult | undefined;
      let closed = false;
      const settle = (): void => {
        if (outcome !== undefined && closed) resolve(outcome);
      };
      const finish = (result: SendResult): void => {
        if (outcome !== undefined) return;
        outcome = result;
        clearTimeout(timer);
        settle();
      };
      const u = this.url;
      const req = this.request({
        protocol: this.secure ? 'https:' : 'http:',
        hostname: u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: 'POST',
        agent: this.agent,
        headers: { ...this.headers, 'content-length': String(payload.length) },
      });
      const timer = setTimeout(() => {
        const error = new OTLPExportError(`HTTP export timed out after ${timeoutMillis} ms`, 'TIMEOUT', true);
        finish({ ok: false, retryable: true, error, retryAfterMillis: undefined });
        req.destroy(error);
      }, timeoutMillis);
      req.on('close', () => {
        closed = true;
        finish({ ok: false, retryable: true, error: new OTLPExportError('HTTP connection closed before a response', 'ECONNRESET', true), retryAfterMillis: undefined });
        settle();
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const code = err.code ?? 'NETWORK';
        const retryable = RETRYABLE_NET_CODES.has(code) || err.message === 'socket hang up';
        finish({ ok: false, retryable, error: new OTLPExportError(`HTTP export failed: ${err.message}`, code, retryable), retryAfterMillis: undefined });
      });
      req.on('response', (res: http.IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        res.on('error', (err) => {
          finish({ ok: false, retryable: true, error: new OTLPExportError(`HTTP response failed: ${err.message}`, 'ECONNRESET', true), retryAfterMillis: undefined });
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const bodyBytes = Buffer.concat(chunks);
          if (status >= 200 && status < 300) {
            finish({ ok: true, body: bodyBytes });
            return;
          }
          const retryable = RETRYABLE_STATUS.has(status);
          const message = errorMessage(bodyBytes, res.headers['content-type'], res.statusMessage);
          finish({
            ok: false,
            retryable,
            error: new OTLPExportError(`HTTP export failed: ${status} ${message}`, status, retryable),
            retryAfterMillis: retryable ? parseRetryAfter(res.headers['retry-after']) : undefined,
          });
        });
      });
      req.end(payload);
    });
  }

  shutdown(): Promise<void> {
    this.closed = true;
    this.agent.destroy();
    return Promise.resolve();
  }
}

/**
 * `Retry-After`: delay-seconds or an HTTP-date (RFC 9110, section 10.2.3).
 * Anything else is ignored.
 */
function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - Date.now());
}

/**
 * The server's message: from a `google.rpc.Status`, binary or JSON by the
 * response's Content-Type (OTLP spec, "Failures"), else the first 200
 * characters of a text body, else the status text.
 */
function errorMessage(body: Buffer, contentType: string | undefined, statusMessage: string | undefined): string {
  if (body.length > 0) {
    const type = (contentType ?? '').toLowerCase();
    if (type.includes('protobuf')) {
      const status = decodeRpcStatus(body);
      if (status !== undefined && status.message !== '') return status.message;
    } else if (type.includes('json')) {
      try {
        const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown } | null;
        if (parsed !== null && typeof parsed.message === 'string') return parsed.message;
      } catch {
        // not JSON after all: fall through
      }
    } else if (type.startsWith('text/')) {
      return body.toString('utf8', 0, Math.min(body.length, 200));
    }
  }
  return statusMessage ?? '';
}
